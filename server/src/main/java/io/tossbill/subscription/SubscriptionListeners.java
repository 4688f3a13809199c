package io.tossbill.subscription;

import io.tossbill.billing.TestClockMoved;
import io.tossbill.catalog.PlanPriceChanged;
import io.tossbill.customer.CardBecameUnusable;
import io.tossbill.customer.CardRegistered;
import io.tossbill.customer.CustomerDeletionGuard;
import io.tossbill.customer.CustomerId;
import io.tossbill.webhook.TossPaymentUpdated;
import java.util.Optional;
import org.springframework.context.event.EventListener;
import org.springframework.modulith.events.ApplicationModuleListener;
import org.springframework.stereotype.Component;

/**
 * How subscriptions react to the other modules: cards, plan prices, Toss read-backs, the test
 * clock.
 */
@Component
class SubscriptionListeners implements CustomerDeletionGuard {

  private final Subscriptions subscriptions;
  private final BillingEngine engine;

  SubscriptionListeners(Subscriptions subscriptions, BillingEngine engine) {
    this.subscriptions = subscriptions;
    this.engine = engine;
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

  @ApplicationModuleListener
  void on(TossPaymentUpdated event) {
    engine.settleFromReadBack(event.payment());
  }

  @EventListener
  void on(TestClockMoved event) {
    engine.wake();
  }

  @Override
  public Optional<Refusal> refuseDeletion(CustomerId id) {
    if (subscriptions.liveSubscriptions(id) == 0) {
      return Optional.empty();
    }
    return Optional.of(
        new Refusal(
            "CUSTOMER_HAS_LIVE_SUBSCRIPTION",
            "해지되지 않은 구독이 있어 고객을 삭제할 수 없습니다. 먼저 구독을 해지해 주세요.",
            "The customer still has a live subscription; cancel it first."));
  }
}
