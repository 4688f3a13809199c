package io.tossbill.sandbox;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * One webhook event on its way to a merchant, with every attempt made so far. The transmission id
 * stays the same across retries; retriedCount is the number of the next attempt (0 = first send).
 */
record WebhookDelivery(
    String transmissionId,
    String secretKey,
    String mId,
    String eventType,
    String url,
    String body,
    Instant createdAt,
    Status status,
    int retriedCount,
    @Nullable Instant nextAttemptAt,
    List<Attempt> attempts) {

  /** Where a delivery stands. */
  enum Status {
    PENDING,
    SENDING,
    DELIVERED,
    FAILED
  }

  /** One HTTP attempt and its result. */
  record Attempt(
      int retriedCount,
      Instant at,
      @Nullable Integer statusCode,
      @Nullable String error,
      long durationMillis) {}

  WebhookDelivery {
    attempts = List.copyOf(attempts);
  }

  WebhookDelivery sending() {
    return new WebhookDelivery(
        transmissionId,
        secretKey,
        mId,
        eventType,
        url,
        body,
        createdAt,
        Status.SENDING,
        retriedCount,
        nextAttemptAt,
        attempts);
  }

  WebhookDelivery pendingAgain() {
    return new WebhookDelivery(
        transmissionId,
        secretKey,
        mId,
        eventType,
        url,
        body,
        createdAt,
        Status.PENDING,
        retriedCount,
        nextAttemptAt,
        attempts);
  }

  WebhookDelivery after(Attempt attempt, Status newStatus, @Nullable Instant next) {
    List<Attempt> all = new ArrayList<>(attempts);
    all.add(attempt);
    return new WebhookDelivery(
        transmissionId,
        secretKey,
        mId,
        eventType,
        url,
        body,
        createdAt,
        newStatus,
        newStatus == Status.PENDING ? retriedCount + 1 : retriedCount,
        next,
        all);
  }
}
