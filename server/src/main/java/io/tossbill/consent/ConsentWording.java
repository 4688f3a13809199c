package io.tossbill.consent;

import io.tossbill.billing.SubscriptionId;
import io.tossbill.billing.Subscriptions;
import io.tossbill.catalog.BillingInterval;
import io.tossbill.customer.Cards;
import io.tossbill.customer.CustomerId;
import org.springframework.stereotype.Component;

/**
 * The text a request shows now: its change, the subscription's interval, the customer's current
 * card and what happens without consent ({@link ConsentTexts}).
 */
@Component
class ConsentWording {

  private final Subscriptions subscriptions;
  private final Cards cards;
  private final ConsentProperties properties;

  ConsentWording(Subscriptions subscriptions, Cards cards, ConsentProperties properties) {
    this.subscriptions = subscriptions;
    this.cards = cards;
    this.properties = properties;
  }

  /** The text for {@code change} of a subscription billed every {@code interval}. */
  ConsentTexts.Shown of(Consent.Change change, BillingInterval interval) {
    return ConsentTexts.Shown.of(
        new ConsentTexts.Facts(
            change.kind(),
            change.planName(),
            change.priceBefore(),
            change.priceAfter(),
            interval,
            change.changeDate(),
            change.changeAt(),
            paymentMethod(new CustomerId(change.customerId())),
            properties.onMissing()));
  }

  /** The text the request should show now (the card may have changed since it was made). */
  ConsentTexts.Shown current(Consent consent) {
    BillingInterval interval =
        subscriptions.view(new SubscriptionId(consent.subscriptionId())).interval();
    return of(consent.state().change(), interval);
  }

  private String paymentMethod(CustomerId customer) {
    return cards
        .currentCard(customer)
        .map(c -> c.issuerName() + " " + c.maskedNumber())
        .orElse("등록된 카드 없음");
  }
}
