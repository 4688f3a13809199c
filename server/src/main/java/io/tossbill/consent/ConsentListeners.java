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
 * How consent reacts to other modules: trials and price increases are asked about, ended
 * subscriptions' requests closed, a new card shown in open requests, a moved test clock followed.
 */
@Component
class ConsentListeners {

  private final ConsentRequests requests;
  private final ConsentTextRefresh texts;
  private final ConsentSender sender;
  private final ConsentSweeper sweeper;

  ConsentListeners(
      ConsentRequests requests,
      ConsentTextRefresh texts,
      ConsentSender sender,
      ConsentSweeper sweeper) {
    this.requests = requests;
    this.texts = texts;
    this.sender = sender;
    this.sweeper = sweeper;
  }

  @ApplicationModuleListener
  void on(SubscriptionCreated event) {
    requests.trialStarted(event);
  }

  @ApplicationModuleListener
  void on(PriceChangeScheduled event) {
    requests.priceChangeScheduled(event);
  }

  @ApplicationModuleListener
  void on(SubscriptionCanceled event) {
    requests.subscriptionEnded(event.subscriptionId(), event.reason());
  }

  @ApplicationModuleListener
  void on(SubscriptionExpired event) {
    requests.subscriptionEnded(event.subscriptionId(), event.reason());
  }

  @ApplicationModuleListener
  void on(CardRegistered event) {
    texts.cardChanged(event.customerId());
  }

  @EventListener
  void on(TestClockMoved event) {
    if (event.customerId() != null) {
      sender.clockMoved(event.customerId(), event.offset());
    }
    sweeper.wake();
  }
}
