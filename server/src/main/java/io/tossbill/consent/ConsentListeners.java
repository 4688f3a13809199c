package io.tossbill.consent;

import io.tossbill.billing.PriceChangeScheduled;
import io.tossbill.billing.SubscriptionCanceled;
import io.tossbill.billing.SubscriptionCreated;
import io.tossbill.billing.SubscriptionExpired;
import io.tossbill.customer.CardRegistered;
import io.tossbill.testclock.TestClockMoved;
import org.springframework.context.event.EventListener;
import org.springframework.modulith.events.ApplicationModuleListener;
import org.springframework.stereotype.Component;

/**
 * How consent reacts to subscriptions: trials and price increases are asked about, ended ones
 * closed.
 */
@Component
class ConsentListeners {

  private final Consents consents;
  private final ConsentSweeper sweeper;

  ConsentListeners(Consents consents, ConsentSweeper sweeper) {
    this.consents = consents;
    this.sweeper = sweeper;
  }

  @ApplicationModuleListener
  void on(SubscriptionCreated event) {
    consents.trialStarted(event);
  }

  @ApplicationModuleListener
  void on(PriceChangeScheduled event) {
    consents.priceChangeScheduled(event);
  }

  @ApplicationModuleListener
  void on(SubscriptionCanceled event) {
    consents.subscriptionEnded(event.subscriptionId(), event.reason());
  }

  @ApplicationModuleListener
  void on(SubscriptionExpired event) {
    consents.subscriptionEnded(event.subscriptionId(), event.reason());
  }

  @ApplicationModuleListener
  void on(CardRegistered event) {
    consents.cardChanged(event.customerId());
  }

  @EventListener
  void on(TestClockMoved event) {
    if (event.customerId() != null) {
      consents.clockMoved(event.customerId(), event.offset());
    }
    sweeper.wake();
  }
}
