package io.tossbill.payment;

import io.tossbill.customer.CustomerId;
import io.tossbill.platform.Won;
import java.time.Instant;
import java.time.LocalDate;
import org.jspecify.annotations.Nullable;

/** A charge was approved by Toss (directly, or settled by the janitor's read-back). */
public record PaymentSucceeded(
    PaymentId paymentId,
    long subscriptionId,
    CustomerId customerId,
    ChargePurpose purpose,
    int periodNo,
    LocalDate periodStart,
    LocalDate periodEnd,
    String orderId,
    Won amount,
    Won vat,
    Instant approvedAt,
    @Nullable String receiptUrl) {}
