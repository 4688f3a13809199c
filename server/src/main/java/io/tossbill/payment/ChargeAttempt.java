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
 * A recorded charge attempt. {@code cardId} is the card it was (first) sent to, {@code sentAt} when
 * (server time), {@code answeredCode} the Toss error code of an unknown outcome Toss answered with
 * an error body.
 *
 * <p>A recorded charge attempt. Its orderId and Idempotency-Key are derived from (subscription,
 * period, attempt) and reused unchanged whenever the same attempt is sent again.
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
    @Nullable String answeredCode) {

  /** The body of Toss's billing charge for this attempt. */
  public ChargeRequest toRequest(String customerKey) {
    return ChargeRequest.of(customerKey, amount.value(), orderId, orderName);
  }
}
