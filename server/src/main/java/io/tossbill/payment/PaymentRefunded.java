package io.tossbill.payment;

import io.tossbill.customer.CustomerId;
import io.tossbill.platform.Won;

/**
 * Money went back to the customer through a Toss cancel, asked by tossbill or done outside it (then
 * learnt from a read-back).
 */
public record PaymentRefunded(
    PaymentId paymentId,
    long refundId,
    long subscriptionId,
    CustomerId customerId,
    Won amount,
    Won refundedTotal,
    String reason,
    boolean outsideTossbill) {}
