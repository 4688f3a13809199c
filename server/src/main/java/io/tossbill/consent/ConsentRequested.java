package io.tossbill.consent;

import io.tossbill.billing.ChargeConsentPolicy.ChangeKind;
import io.tossbill.billing.SubscriptionId;
import io.tossbill.customer.CustomerId;
import io.tossbill.platform.Won;
import java.time.Instant;
import java.time.LocalDate;

/**
 * Ask the subscriber for consent (the notification module sends it): the change, its date, the
 * prices before and after, the card, and the exact text to show, which states how to withdraw.
 *
 * @param reminder a second request for one still unanswered close to the deadline
 */
public record ConsentRequested(
    ConsentRequestId requestId,
    SubscriptionId subscriptionId,
    CustomerId customerId,
    ChangeKind kind,
    LocalDate changeDate,
    Instant deadline,
    Won priceBefore,
    Won priceAfter,
    String paymentMethod,
    String shownText,
    String textHash,
    boolean reminder) {}
