package io.tossbill.webhook;

import org.jspecify.annotations.Nullable;

/**
 * Toss reported a billing key deleted (BILLING_DELETED). Toss offers no read-back for billing keys,
 * so this is the body's word; the worst a forged one can do is make us ask for a new card.
 *
 * <p>The event is serialized into the outbox and archived for good, so it never holds the billing
 * key: a listener that needs it asks {@link TossWebhookLog#deletedBillingKey(String)} with the
 * transmission id.
 *
 * @param transmissionId the delivery that reported it
 * @param maskedBillingKey the key's first and last four characters, to recognise it in logs
 * @param reason Toss's reason, as sent
 */
public record TossBillingKeyDeleted(
    String transmissionId, String maskedBillingKey, @Nullable String reason) {}
