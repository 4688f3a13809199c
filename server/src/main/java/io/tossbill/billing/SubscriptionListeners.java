package io.tossbill.billing;

import io.tossbill.catalog.PlanPriceChanged;
import io.tossbill.customer.CardBecameUnusable;
import io.tossbill.customer.CardRegistered;
import io.tossbill.customer.CustomerDeletionGuard;
import io.tossbill.customer.CustomerId;
import io.tossbill.testclock.TestClockMoved;
import java.util.Optional;
import org.springframework.context.event.EventListener;
import org.springframework.modulith.events.ApplicationModuleListener;
import org.springframework.stereotype.Component;

/** How subscriptions react to the other modules: cards, plan prices, the test clock. */
@Component
class SubscriptionListeners implements CustomerDeletionGuard {

  private final Subscriptions subscriptions;
  private final RenewalWorker worker;

  SubscriptionListeners(Subscriptions subscriptions, RenewalWorker worker) {
    this.subscriptions = subscriptions;
    this.worker = worker;
  }

  @ApplicationModuleListener
  void on(CardRegistered event) {
    subscriptions.cardRegistered(event.customerId(), event.cardId());
  }

  @ApplicationModuleListener
  void on(CardBecameUnusable event) {
    subscriptions.cardUnusable(event.customerId(), event.reason());
  }

  @ApplicationModuleListener
  void on(PlanPriceChanged event) {
    if (event.applyToExistingSubscriptions()) {
      subscriptions.planPriceChanged(event.planId()); // the plan's current price, not the event's
    }
  }

  /**
   * Synchronous, so a renewal started right after the move already sees the customer's new time
   * (the offset is copied onto their subscriptions; the renewal never reads the clock's table).
   */
  @EventListener
  void on(TestClockMoved event) {
    if (event.customerId() != null) {
      subscriptions.clockMoved(event.customerId(), event.offset());
    } else {
      worker.wake();
    }
  }

  @Override
  public Optional<Refusal> refuseDeletion(CustomerId id) {
    if (subscriptions.liveSubscriptions(id) == 0) {
      return Optional.empty();
    }
    return Optional.of(
        new Refusal("CUSTOMER_HAS_LIVE_SUBSCRIPTION", "api.CUSTOMER_HAS_LIVE_SUBSCRIPTION"));
  }
}
