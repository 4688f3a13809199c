package io.tossbill.sandbox;

import java.time.Instant;
import org.jspecify.annotations.Nullable;

/** One money movement attempted at the sandbox: a charge (approved or not) or a cancel. */
record LedgerEntry(
    long sequence,
    String type,
    String secretKey,
    String mId,
    Instant at,
    String paymentKey,
    String orderId,
    String billingKey,
    String customerKey,
    long amount,
    String status,
    @Nullable String failureCode,
    String transactionKey,
    @Nullable String cancelReason) {}
