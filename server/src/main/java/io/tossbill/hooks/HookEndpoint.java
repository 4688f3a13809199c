package io.tossbill.hooks;

import java.time.Instant;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * An endpoint as the API and the console show it: never its secret.
 *
 * @param eventTypes {@code *} for every event, else names ({@code payment.failed}) and groups
 *     ({@code payment.*})
 * @param disabledReason MANUAL (a person disabled it) or FAILING (disabled automatically); null
 *     while enabled
 * @param failingSince the first failed try since the last delivered one; null when the last try was
 *     delivered
 * @param consecutiveFailures failed tries in a row
 * @param previousSecretExpiresAt after a roll, until when deliveries are also signed with the
 *     previous secret
 */
public record HookEndpoint(
    long id,
    String url,
    String description,
    List<String> eventTypes,
    boolean enabled,
    @Nullable String disabledReason,
    @Nullable Instant disabledAt,
    @Nullable Instant failingSince,
    int consecutiveFailures,
    @Nullable Instant lastSuccessAt,
    @Nullable Instant previousSecretExpiresAt,
    Instant createdAt,
    Instant updatedAt) {}
