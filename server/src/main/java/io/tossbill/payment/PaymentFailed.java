package io.tossbill.payment;

import io.tossbill.customer.CustomerId;
import io.tossbill.platform.Won;
import io.tossbill.toss.DeclineKind;

/** Toss declined a charge; {@code kind} HARD means the card will not work again. */
public record PaymentFailed(
    PaymentId paymentId,
    long subscriptionId,
    CustomerId customerId,
    ChargePurpose purpose,
    int periodNo,
    int attemptNo,
    String orderId,
    Won amount,
    String failureCode,
    String failureMessage,
    DeclineKind kind) {}
