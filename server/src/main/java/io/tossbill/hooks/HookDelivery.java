package io.tossbill.hooks;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * A delivery of one event to one endpoint. {@code payload} (the exact body sent) and {@code
 * attempts} (newest first) are given when one delivery is asked for, not in lists.
 *
 * @param eventId the event's id, also the {@code webhook-id} header of every try
 * @param sequence the event's number among its subscription's events (its customer's, for customer
 *     and card events)
 * @param tries how many times it was sent
 * @param inFlight a node is trying it now
 */
public record HookDelivery(
    long id,
    long endpointId,
    String eventId,
    String type,
    long sequence,
    long customerId,
    @Nullable Long subscriptionId,
    HookDeliveryStatus status,
    int tries,
    int replays,
    boolean inFlight,
    @Nullable Instant nextAttemptAt,
    @Nullable Instant lastAttemptAt,
    @Nullable Integer lastStatusCode,
    @Nullable String lastError,
    @Nullable Instant deliveredAt,
    Instant createdAt,
    @JsonInclude(JsonInclude.Include.NON_NULL) @Nullable String payload,
    @JsonInclude(JsonInclude.Include.NON_NULL) @Nullable List<HookAttempt> attempts) {}
