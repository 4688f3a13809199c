package io.tossbill.consent;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * When consent is asked and what happens without it.
 *
 * @param requestWindow how long before the change the request opens; consent given earlier does not
 *     count. At most 30 days (the law's window)
 * @param minimumSnooze the shortest "don't ask again" a subscriber may choose; at most 7 days,
 *     since the law protects every choice of 7 days or more
 * @param onMissing what a price increase without consent does at the change date: END the
 *     subscription, or KEEP_OLD_PRICE (renew at the current price, where the operator allows it). A
 *     trial without consent always ends
 * @param trialConversionRequiresConsent whether a trial's first paid charge needs consent
 * @param reminderBefore an unanswered request is sent once more this long before the change; zero:
 *     never
 * @param worker the loop that sends requests when their window opens
 */
@ConfigurationProperties("tossbill.consent")
public record ConsentProperties(
    @DefaultValue("30d") Duration requestWindow,
    @DefaultValue("7d") Duration minimumSnooze,
    @DefaultValue("END") OnMissing onMissing,
    @DefaultValue("true") boolean trialConversionRequiresConsent,
    @DefaultValue("7d") Duration reminderBefore,
    @DefaultValue Worker worker) {

  static final Duration LEGAL_WINDOW = Duration.ofDays(30);
  static final Duration LEGAL_SNOOZE = Duration.ofDays(7);

  public ConsentProperties {
    if (requestWindow.isNegative()
        || requestWindow.isZero()
        || requestWindow.compareTo(LEGAL_WINDOW) > 0) {
      throw new IllegalArgumentException(
          "tossbill.consent.request-window must be positive and at most 30d (the law's window), was "
              + requestWindow);
    }
    if (minimumSnooze.toHours() < 24
        || minimumSnooze.compareTo(LEGAL_SNOOZE) > 0
        || minimumSnooze.toHours() % 24 != 0) {
      throw new IllegalArgumentException(
          "tossbill.consent.minimum-snooze must be whole days between 1d and 7d, was "
              + minimumSnooze);
    }
    if (reminderBefore.isNegative() || reminderBefore.compareTo(requestWindow) >= 0) {
      throw new IllegalArgumentException(
          "tossbill.consent.reminder-before must be zero or shorter than the request window, was "
              + reminderBefore);
    }
  }

  /** What a price increase without consent does at the change date. */
  public enum OnMissing {
    /** The subscription is canceled at the change date (reason CONSENT_MISSING). */
    END,
    /** The increase is dropped: the subscription renews at its current price. */
    KEEP_OLD_PRICE
  }

  /**
   * @param enabled whether this node runs the sending loop (tests run passes by hand)
   * @param pollInterval how often requests whose window opened (or whose reminder is due) are
   *     looked for
   * @param batchSize requests handled per pass and transaction batch
   */
  public record Worker(
      @DefaultValue("true") boolean enabled,
      @DefaultValue("1m") Duration pollInterval,
      @DefaultValue("100") int batchSize) {

    public Worker {
      if (pollInterval.isNegative() || pollInterval.isZero() || batchSize < 1) {
        throw new IllegalArgumentException(
            "tossbill.consent.worker poll-interval and batch-size must be positive");
      }
    }
  }

  int minimumSnoozeDays() {
    return (int) minimumSnooze.toDays();
  }
}
