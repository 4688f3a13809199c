package io.tossbill.billing;

import java.time.Duration;
import java.time.LocalTime;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How the billing engine charges, retries and ends subscriptions.
 *
 * @param chargeTime time of day (Asia/Seoul) renewals and retries are charged: a period ending on
 *     day D is charged at D at this time
 * @param dunning what follows a failed renewal
 * @param worker the renewal worker of this node
 */
@ConfigurationProperties("tossbill.billing")
public record BillingProperties(
    @DefaultValue("09:00") LocalTime chargeTime,
    @DefaultValue Dunning dunning,
    @DefaultValue Worker worker) {

  public BillingProperties {
    if (chargeTime.getSecond() != 0 || chargeTime.getNano() != 0) {
      throw new IllegalArgumentException(
          "tossbill.billing.charge-time is whole minutes, was " + chargeTime);
    }
  }

  /** The dunning rules as the pure schedule applies them. */
  public DunningSchedule dunningSchedule() {
    return new DunningSchedule(
        dunning.retryDays(),
        dunning.terminalAction() == TerminalAction.EXPIRE
            ? SubscriptionStatus.EXPIRED
            : SubscriptionStatus.CANCELED,
        chargeTime);
  }

  /** What ends a subscription whose dunning ran out. */
  public enum TerminalAction {
    /** The subscription is canceled. */
    CANCEL,
    /** The subscription expires unpaid. */
    EXPIRE
  }

  /**
   * @param retryDays days after the failed renewal's due date on which it is retried, ascending
   * @param terminalAction what happens when the last retry fails (or no new card came after a hard
   *     decline)
   * @param incompleteExpiresAfter how long a subscription whose first charge failed waits for a new
   *     card
   */
  public record Dunning(
      @DefaultValue({"1", "3", "5", "7"}) List<Integer> retryDays,
      @DefaultValue("CANCEL") TerminalAction terminalAction,
      @DefaultValue("23h") Duration incompleteExpiresAfter) {

    public Dunning {
      retryDays = List.copyOf(retryDays);
      int previous = 0;
      for (int day : retryDays) {
        if (day <= previous) {
          throw new IllegalArgumentException(
              "tossbill.billing.dunning.retry-days must be positive and ascending, was "
                  + retryDays);
        }
        previous = day;
      }
      if (incompleteExpiresAfter.isNegative() || incompleteExpiresAfter.isZero()) {
        throw new IllegalArgumentException(
            "tossbill.billing.dunning.incomplete-expires-after must be positive, was "
                + incompleteExpiresAfter);
      }
    }

    /** The last day of dunning: after it, the terminal action. */
    public int lastDay() {
      return retryDays.isEmpty() ? 0 : retryDays.getLast();
    }
  }

  /**
   * @param enabled whether this node runs the renewal worker (tests drive passes by hand)
   * @param pollInterval how often due subscriptions are looked for when none were due
   * @param batchSize subscriptions claimed per transaction at most (fewer when fewer calls are
   *     free)
   * @param recheckAfter how long after a charge is sent the renewal looks at the subscription again
   *     if no outcome arrived (the outcome normally sets the next look)
   */
  public record Worker(
      @DefaultValue("true") boolean enabled,
      @DefaultValue("2s") Duration pollInterval,
      @DefaultValue("200") int batchSize,
      @DefaultValue("30s") Duration recheckAfter) {

    public Worker {
      if (batchSize < 1 || batchSize > 5_000) {
        throw new IllegalArgumentException(
            "tossbill.billing.worker.batch-size is 1 to 5000, was " + batchSize);
      }
      if (recheckAfter.isNegative() || recheckAfter.isZero()) {
        throw new IllegalArgumentException(
            "tossbill.billing.worker.recheck-after must be positive");
      }
      if (pollInterval.isNegative() || pollInterval.isZero()) {
        throw new IllegalArgumentException(
            "tossbill.billing.worker.poll-interval must be positive");
      }
    }
  }
}
