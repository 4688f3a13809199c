package io.tossbill.payment;

import io.tossbill.customer.CardId;
import io.tossbill.customer.CustomerId;
import io.tossbill.platform.Won;
import java.time.Instant;
import java.time.LocalDate;
import org.jspecify.annotations.Nullable;

/**
 * A charge attempt about to be recorded (and committed) before Toss is called. {@code cardId} binds
 * it to the card it will be sent to when the caller knows it (null: bound at the first send);
 * {@code requestedAt} is the subscriber's time of the request (their test clock included).
 */
public record NewAttempt(
    long subscriptionId,
    CustomerId customerId,
    ChargePurpose purpose,
    int periodNo,
    int attemptNo,
    LocalDate periodStart,
    LocalDate periodEnd,
    String orderName,
    Won amount,
    @Nullable Long targetPlanId,
    @Nullable CardId cardId,
    Instant requestedAt) {

  public NewAttempt {
    if (periodNo < 1 || attemptNo < 1) {
      throw new IllegalArgumentException(
          "period and attempt numbers start at 1, were " + periodNo + "/" + attemptNo);
    }
    if (amount.value() < 100) {
      throw new IllegalArgumentException("Toss charges 100 won or more, was " + amount);
    }
    orderName = orderName.length() > 100 ? orderName.substring(0, 100) : orderName;
  }
}
