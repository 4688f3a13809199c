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
 * @param worker the renewal and janitor loop of this node
 * @param janitor how unknown charges are settled
 */
@ConfigurationProperties("tossbill.billing")
public record BillingProperties(
    @DefaultValue("09:00") LocalTime chargeTime,
    @DefaultValue Dunning dunning,
    @DefaultValue Worker worker,
    @DefaultValue Janitor janitor) {

  public BillingProperties {
    if (chargeTime.getSecond() != 0 || chargeTime.getNano() != 0) {
      throw new IllegalArgumentException(
          "tossbill.billing.charge-time is whole minutes, was " + chargeTime);
    }
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
   * @param enabled whether this node runs the renewal loop (tests drive passes by hand)
   * @param pollInterval how often due subscriptions are looked for
   * @param batchSize subscriptions claimed per transaction
   * @param maxInFlight gateway calls in flight at once on this node
   */
  public record Worker(
      @DefaultValue("true") boolean enabled,
      @DefaultValue("5s") Duration pollInterval,
      @DefaultValue("200") int batchSize,
      @DefaultValue("64") int maxInFlight) {

    public Worker {
      if (batchSize < 1 || maxInFlight < 1) {
        throw new IllegalArgumentException(
            "tossbill.billing.worker batch-size and max-in-flight are 1 or more");
      }
      if (pollInterval.isNegative() || pollInterval.isZero()) {
        throw new IllegalArgumentException(
            "tossbill.billing.worker.poll-interval must be positive");
      }
    }
  }

  /**
   * @param firstCheckAfter how long after an unknown outcome the payment is first read back
   * @param maxBackoff the longest wait between two read-backs that failed
   * @param pendingStaleAfter a PENDING attempt older than this was abandoned (crash): read it back;
   *     keep it above the charge read timeout
   * @param resendWindow how long after its first send an attempt Toss never saw may be sent again
   *     with the same Idempotency-Key (Toss keeps keys 15 days); after it, read back only and flag
   *     the attempt for review
   * @param maxRefundSends how often one refund's cancel is sent to Toss at most; after that, read
   *     back only and flag it for review
   */
  public record Janitor(
      @DefaultValue("30s") Duration firstCheckAfter,
      @DefaultValue("1h") Duration maxBackoff,
      @DefaultValue("3m") Duration pendingStaleAfter,
      @DefaultValue("14d") Duration resendWindow,
      @DefaultValue("5") int maxRefundSends) {

    public Janitor {
      if (resendWindow.isNegative() || resendWindow.compareTo(Duration.ofDays(15)) >= 0) {
        throw new IllegalArgumentException(
            "tossbill.billing.janitor.resend-window must be under 15 days (Toss's key lifetime), was "
                + resendWindow);
      }
      if (maxRefundSends < 1) {
        throw new IllegalArgumentException(
            "tossbill.billing.janitor.max-refund-sends is 1 or more");
      }
    }
  }
}
