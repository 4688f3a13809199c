package io.tossbill.payment;

import io.tossbill.customer.CardId;
import io.tossbill.customer.CustomerId;
import io.tossbill.platform.Won;
import io.tossbill.toss.ChargeRequest;
import io.tossbill.toss.IdempotencyKey;
import java.time.Instant;
import java.time.LocalDate;
import org.jspecify.annotations.Nullable;

/**
 * A recorded charge attempt, as other modules see it. Its orderId and Idempotency-Key are derived
 * from (subscription, period, attempt) and reused unchanged whenever the same attempt is sent
 * again. {@code cardId} is the card it is bound to, {@code sentAt} when it was first handed to Toss
 * (server time), {@code answeredCode} the Toss error code when Toss finished the request without a
 * payment, {@code needsReview} whether the janitor gave up re-sending it.
 */
public record ChargeAttempt(
    PaymentId id,
    long subscriptionId,
    CustomerId customerId,
    ChargePurpose purpose,
    int periodNo,
    int attemptNo,
    LocalDate periodStart,
    LocalDate periodEnd,
    String orderId,
    IdempotencyKey idempotencyKey,
    String orderName,
    Won amount,
    @Nullable Long targetPlanId,
    PaymentStatus status,
    Instant requestedAt,
    int checkCount,
    @Nullable CardId cardId,
    @Nullable Instant sentAt,
    @Nullable String answeredCode,
    boolean needsReview) {

  /** The body of Toss's billing charge for this attempt. */
  public ChargeRequest toRequest(String customerKey) {
    return ChargeRequest.of(customerKey, amount.value(), orderId, orderName);
  }
}
