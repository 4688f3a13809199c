package io.tossbill.billing;

import io.tossbill.customer.CustomerId;
import io.tossbill.platform.Won;
import java.time.Instant;
import java.time.LocalDate;

/**
 * The billing engine's question before a charge the law (전자상거래법) makes conditional on the
 * subscriber's consent: a period whose price goes up by the operator's price change, or a trial's
 * first paid period. Implemented by the consent module; asked inside the renewal's claim
 * transaction, so an answer and the charge it allows are committed together (the consent module
 * locks its own request row, which serializes the answer with the subscriber's).
 */
public interface ChargeConsentPolicy {

  /** What changes at the period end. */
  enum ChangeKind {
    /** The plan's price went up and applies to this subscription from its next period. */
    PRICE_INCREASE,
    /** A free trial ends and the first paid period starts. */
    TRIAL_CONVERSION
  }

  /**
   * A charge waiting for a decision.
   *
   * @param changeDate the business date (Asia/Seoul) of the change: the period end
   * @param changeAt when the charge would happen (the change date at the charge time)
   * @param priceBefore the current price (0 won for a trial)
   * @param priceAfter the price the next period would charge
   * @param now the subscriber's now (their test clock included)
   */
  record ConsentCheck(
      SubscriptionId subscriptionId,
      CustomerId customerId,
      ChangeKind kind,
      LocalDate changeDate,
      Instant changeAt,
      Won priceBefore,
      Won priceAfter,
      Instant now) {}

  /** The answer. */
  sealed interface Decision permits Allowed, Blocked {}

  /**
   * Consent was given to a new price of at most {@code consentedPrice}: charge up to it; {@code
   * evidence} goes to the subscription's history.
   */
  record Allowed(String evidence, Won consentedPrice) implements Decision {}

  /**
   * No consent: the increased (or first paid) price is not charged. With {@code keepCurrentPrice} a
   * price increase is dropped and the subscription renews at its current price; otherwise it ends.
   * With {@code askAgainNextPeriod} (the subscriber was never asked) the increase is not dropped
   * but moved to the end of the period that starts now, so a request is made with a real window.
   */
  record Blocked(String reason, boolean keepCurrentPrice, boolean askAgainNextPeriod)
      implements Decision {

    public Blocked(String reason, boolean keepCurrentPrice) {
      this(reason, keepCurrentPrice, false);
    }
  }

  Decision beforeCharge(ConsentCheck check);
}
