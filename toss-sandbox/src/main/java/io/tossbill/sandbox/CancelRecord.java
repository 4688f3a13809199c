package io.tossbill.sandbox;

import java.time.Instant;

/** One cancel of a payment, as in Toss's cancels[] entries. */
record CancelRecord(
    String transactionKey,
    String cancelReason,
    long taxExemptionAmount,
    Instant canceledAt,
    long cancelAmount,
    long taxFreeAmount,
    long refundableAmount) {}
