package io.tossbill.payment;

import io.tossbill.platform.Won;
import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * One step of a payment's append-only history: what happened, the status after it, and what was
 * known then (Toss's code and message, the amount, the refund it belongs to).
 */
public record PaymentHistoryStep(
    Instant occurredAt,
    String kind,
    PaymentStatus status,
    @Nullable Long refundId,
    @Nullable Won amount,
    @Nullable String code,
    @Nullable String message,
    String detail) {}
