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
 * {@code requestedAt} is the subscriber's time of the request (their test clock included); {@code
 * discount} the won a discount took off what is charged, and {@code discountCode} its code (the
 * ledger keeps both beside the amount).
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
    Instant requestedAt,
    Won discount,
    @Nullable String discountCode) {

  /** An attempt without a discount. */
  public NewAttempt(
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
    this(
        subscriptionId,
        customerId,
        purpose,
        periodNo,
        attemptNo,
        periodStart,
        periodEnd,
        orderName,
        amount,
        targetPlanId,
        cardId,
        requestedAt,
        Won.ZERO,
        null);
  }

  public NewAttempt {
    if (periodNo < 1 || attemptNo < 1) {
      throw new IllegalArgumentException(
          "period and attempt numbers start at 1, were " + periodNo + "/" + attemptNo);
    }
    if (amount.value() < 100) {
      throw new IllegalArgumentException("Toss charges 100 won or more, was " + amount);
    }
    if (discount.isNegative() || discount.isPositive() == (discountCode == null)) {
      throw new IllegalArgumentException(
          "a discount is 0 won without a code or more with one, was " + discount);
    }
    orderName = orderName.length() > 100 ? orderName.substring(0, 100) : orderName;
  }
}
