package io.tossbill.payment;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How charges are sent to Toss and how the janitors settle what is unknown.
 *
 * @param maxInFlight charges (and read-backs) in flight to Toss at once on this node; sized for a
 *     300 ms gateway at the renewal target (1,000 renewals/s need 300 in flight)
 * @param outcomeBatchSize outcomes written in one transaction at most
 * @param janitor how unknown charges and refunds are settled
 */
@ConfigurationProperties("tossbill.payment")
public record PaymentProperties(
    @DefaultValue("512") int maxInFlight,
    @DefaultValue("256") int outcomeBatchSize,
    @DefaultValue Janitor janitor) {

  public PaymentProperties {
    if (maxInFlight < 1 || maxInFlight > 10_000) {
      throw new IllegalArgumentException(
          "tossbill.payment.max-in-flight is 1 to 10000, was " + maxInFlight);
    }
    if (outcomeBatchSize < 1 || outcomeBatchSize > 5_000) {
      throw new IllegalArgumentException(
          "tossbill.payment.outcome-batch-size is 1 to 5000, was " + outcomeBatchSize);
    }
  }

  /**
   * @param enabled whether this node takes part in the janitors' cluster-wide jobs (tests run
   *     passes by hand)
   * @param pollInterval how often the janitors look for attempts and refunds due for a read-back
   * @param batchSize attempts or refunds claimed per janitor pass
   * @param firstCheckAfter how long after an unknown outcome the payment is first read back
   * @param maxBackoff the longest wait between two read-backs that did not settle it
   * @param pendingStaleAfter the takeover time: a PENDING attempt sent longer ago than this is read
   *     back by any node (its own node may have died). Safe below the charge read timeout: a
   *     re-send carries the same orderId and Idempotency-Key, so Toss answers "in progress" or
   *     replays the first answer, never charges twice
   * @param resendWindow how long after its first send an attempt Toss never saw may be sent again
   *     with the same Idempotency-Key (Toss keeps keys 15 days); after it, read back only and flag
   *     the attempt for review
   * @param maxRefundSends how often one refund's cancel is sent to Toss at most; after that, read
   *     back only and flag it for review
   */
  public record Janitor(
      @DefaultValue("true") boolean enabled,
      @DefaultValue("10s") Duration pollInterval,
      @DefaultValue("200") int batchSize,
      @DefaultValue("30s") Duration firstCheckAfter,
      @DefaultValue("1h") Duration maxBackoff,
      @DefaultValue("30s") Duration pendingStaleAfter,
      @DefaultValue("14d") Duration resendWindow,
      @DefaultValue("5") int maxRefundSends) {

    public Janitor {
      requirePositive("poll-interval", pollInterval);
      requirePositive("first-check-after", firstCheckAfter);
      requirePositive("max-backoff", maxBackoff);
      requirePositive("pending-stale-after", pendingStaleAfter);
      if (batchSize < 1) {
        throw new IllegalArgumentException("tossbill.payment.janitor.batch-size is 1 or more");
      }
      if (resendWindow.isNegative() || resendWindow.compareTo(Duration.ofDays(15)) >= 0) {
        throw new IllegalArgumentException(
            "tossbill.payment.janitor.resend-window must be under 15 days (Toss's key lifetime),"
                + " was "
                + resendWindow);
      }
      if (maxRefundSends < 1) {
        throw new IllegalArgumentException(
            "tossbill.payment.janitor.max-refund-sends is 1 or more");
      }
    }

    private static void requirePositive(String name, Duration value) {
      if (value.isNegative() || value.isZero()) {
        throw new IllegalArgumentException(
            "tossbill.payment.janitor." + name + " must be positive, was " + value);
      }
    }

    /** The wait before the n-th read-back (n from 1): doubling from the first, capped. */
    public Duration backoff(int checks) {
      int exponent = Math.min(Math.max(checks - 1, 0), 20);
      Duration wait = firstCheckAfter.multipliedBy(1L << exponent);
      return wait.compareTo(maxBackoff) > 0 ? maxBackoff : wait;
    }
  }
}
