package io.tossbill.hooks;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * How outgoing webhooks are delivered (docs/webhooks-out.md).
 *
 * @param retrySchedule the wait before each retry after a failed try: the first retry waits the
 *     first duration, and so on; when the list is used up the delivery is FAILED. The default
 *     spreads 11 tries over about 3 days and 4 hours.
 * @param connectTimeout how long to wait for the endpoint's TCP (and TLS) connection
 * @param responseTimeout how long to wait for the whole answer once the request is sent
 * @param pollInterval how often the cluster-wide job looks for due deliveries
 * @param batchSize deliveries claimed at once
 * @param maxInFlight requests in flight at once on one node
 * @param claimLease how long a claimed delivery is hidden from other nodes while it is tried
 * @param disableAfter an endpoint whose every try has failed for this long is disabled
 * @param disableAfterFailures ... and only after at least this many failed tries in a row
 * @param secretOverlap how long the previous secret still signs after a roll
 * @param maxEndpoints endpoints the merchant may have at once
 * @param retention events whose deliveries are all finished are deleted after this long
 * @param alertEmail who is mailed when an endpoint is disabled automatically; blank: nobody
 * @param alertLocale the language of that mail: ko or en
 * @param worker whether this node runs the delivery job
 */
@Validated
@ConfigurationProperties("tossbill.hooks")
record HookProperties(
    @DefaultValue({"1m", "5m", "30m", "2h", "5h", "10h", "10h", "14h", "14h", "20h"}) @NotNull
        List<Duration> retrySchedule,
    @DefaultValue("5s") @NotNull Duration connectTimeout,
    @DefaultValue("10s") @NotNull Duration responseTimeout,
    @DefaultValue("5s") @NotNull Duration pollInterval,
    @DefaultValue("50") @Min(1) @Max(1000) int batchSize,
    @DefaultValue("16") @Min(1) @Max(1000) int maxInFlight,
    @DefaultValue("5m") @NotNull Duration claimLease,
    @DefaultValue("3d") @NotNull Duration disableAfter,
    @DefaultValue("10") @Min(1) @Max(10_000) int disableAfterFailures,
    @DefaultValue("24h") @NotNull Duration secretOverlap,
    @DefaultValue("50") @Min(1) @Max(1000) int maxEndpoints,
    @DefaultValue("30d") @NotNull Duration retention,
    @DefaultValue("") String alertEmail,
    @DefaultValue("ko") String alertLocale,
    @DefaultValue("true") boolean worker) {

  HookProperties {
    if (retrySchedule.isEmpty() || retrySchedule.size() > 50) {
      throw new IllegalArgumentException(
          "tossbill.hooks.retry-schedule holds 1 to 50 durations, was " + retrySchedule);
    }
    retrySchedule.forEach(wait -> requirePositive("retry-schedule", wait));
    requirePositive("connect-timeout", connectTimeout);
    requirePositive("response-timeout", responseTimeout);
    requirePositive("poll-interval", pollInterval);
    requirePositive("claim-lease", claimLease);
    requirePositive("disable-after", disableAfter);
    requirePositive("secret-overlap", secretOverlap);
    requirePositive("retention", retention);
    if (claimLease.compareTo(connectTimeout.plus(responseTimeout).multipliedBy(2)) < 0) {
      throw new IllegalArgumentException(
          "tossbill.hooks.claim-lease ("
              + claimLease
              + ") must cover two tries (connect-timeout + response-timeout, twice)");
    }
    if (!alertLocale.equals("ko") && !alertLocale.equals("en")) {
      throw new IllegalArgumentException(
          "tossbill.hooks.alert-locale is ko or en, was " + alertLocale);
    }
    retrySchedule = List.copyOf(retrySchedule);
    alertEmail = alertEmail.strip();
    if (!alertEmail.isEmpty()
        && (alertEmail.length() > 254 || !ADDRESS.matcher(alertEmail).matches())) {
      throw new IllegalArgumentException(
          "tossbill.hooks.alert-email must be one mail address, was " + alertEmail);
    }
  }

  private static final java.util.regex.Pattern ADDRESS =
      java.util.regex.Pattern.compile("[^@\\s<>\"]+@[^@\\s<>\"]+\\.[^@\\s<>\"]+");

  /**
   * The wait after the {@code step}-th failed try counted by the schedule (1-based); empty when the
   * schedule is used up and the delivery has failed for good.
   */
  java.util.Optional<Duration> retryAfter(int step) {
    return step >= 1 && step <= retrySchedule.size()
        ? java.util.Optional.of(retrySchedule.get(step - 1))
        : java.util.Optional.empty();
  }

  /** Tries a delivery gets by itself: the first one and one per retry. */
  int triesPerDelivery() {
    return retrySchedule.size() + 1;
  }

  /** From the first try to the last of one delivery, when every try fails. */
  Duration scheduleSpan() {
    return retrySchedule.stream().reduce(Duration.ZERO, Duration::plus);
  }

  Locale alertLanguage() {
    return Locale.forLanguageTag(alertLocale);
  }

  private static void requirePositive(String name, Duration value) {
    if (value == null || value.isNegative() || value.isZero()) {
      throw new IllegalArgumentException(
          "tossbill.hooks." + name + " must be positive, was " + value);
    }
  }
}
