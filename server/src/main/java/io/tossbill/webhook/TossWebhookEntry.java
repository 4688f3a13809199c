package io.tossbill.webhook;

import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * One delivered webhook as the admin console shows it: what it claimed and how processing went,
 * never the raw body (a BILLING_DELETED body carries a billing key; only its masked form is here).
 *
 * @param transmissionId Toss's transmission id, or {@code sha256:...} of the body when Toss sent
 *     none
 * @param eventType the body's eventType; null when the body has none (e.g. DEPOSIT_CALLBACK)
 * @param paymentKey the paymentKey the body named (a hint, not a confirmed fact)
 * @param orderId the orderId the body named (a hint)
 * @param billingKeyMasked the billing key a BILLING_DELETED named, masked
 * @param retriedCount Toss's retried-count header
 * @param attempts how many times processing ran
 * @param lastError why the last attempt could not finish or why the delivery was rejected
 */
public record TossWebhookEntry(
    long id,
    String transmissionId,
    @Nullable String eventType,
    @Nullable String paymentKey,
    @Nullable String orderId,
    @Nullable String billingKeyMasked,
    @Nullable Integer retriedCount,
    Instant receivedAt,
    TossWebhookStatus status,
    int attempts,
    @Nullable Instant nextAttemptAt,
    @Nullable Instant processedAt,
    @Nullable String lastError) {}
