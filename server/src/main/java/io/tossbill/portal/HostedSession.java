package io.tossbill.portal;

import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * A checkout or portal session as the merchant API shows it. {@code url} is present only in the
 * answer that created it: the server keeps no copy of the link's token.
 *
 * @param id {@code cs_...} (checkout) or {@code ps_...} (portal)
 * @param status OPEN, COMPLETE (checkout done: {@code subscriptionId} is set) or EXPIRED
 */
public record HostedSession(
    String id,
    String kind,
    long customerId,
    @Nullable Long planId,
    @Nullable String successUrl,
    @Nullable String cancelUrl,
    @Nullable String returnUrl,
    String status,
    @Nullable String url,
    Instant createdAt,
    Instant expiresAt,
    @Nullable Instant openedAt,
    @Nullable Instant completedAt,
    @Nullable Long subscriptionId) {}
