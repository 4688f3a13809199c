package io.tossbill.notice;

import java.net.URI;
import java.time.Duration;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Lifecycle notices.
 *
 * @param upcomingRenewalDays how many days before a renewal's charge the subscriber is told about
 *     it (once per period); periods not longer than this get no such notice
 * @param linkLifetime how long the signed portal link in a notice to a customer without an account
 *     works (a consent request's link: until its deadline); at most 31 days
 * @param returnUrl where such a link's "back" goes; unset: this server's public address
 * @param worker the job that sends upcoming-renewal notices
 * @param queue the payment outcomes' notices asked for and composed in batches ({@code
 *     NoticeQueue})
 */
@ConfigurationProperties("tossbill.notice")
record NoticeProperties(
    @DefaultValue("7") int upcomingRenewalDays,
    @DefaultValue("14d") Duration linkLifetime,
    @Nullable URI returnUrl,
    @DefaultValue Worker worker,
    @DefaultValue Queue queue) {

  static final Duration LONGEST_LINK = Duration.ofDays(31);

  NoticeProperties {
    if (upcomingRenewalDays < 1 || upcomingRenewalDays > 60) {
      throw new IllegalArgumentException(
          "tossbill.notice.upcoming-renewal-days is 1 to 60, was " + upcomingRenewalDays);
    }
    if (linkLifetime.isNegative()
        || linkLifetime.isZero()
        || linkLifetime.compareTo(LONGEST_LINK) > 0) {
      throw new IllegalArgumentException(
          "tossbill.notice.link-lifetime is positive and at most 31 days, was " + linkLifetime);
    }
    if (returnUrl != null
        && (!returnUrl.isAbsolute()
            || !("http".equalsIgnoreCase(returnUrl.getScheme())
                || "https".equalsIgnoreCase(returnUrl.getScheme())))) {
      throw new IllegalArgumentException(
          "tossbill.notice.return-url is an absolute http(s) address, was " + returnUrl);
    }
  }

  Duration upcomingRenewalAhead() {
    return Duration.ofDays(upcomingRenewalDays);
  }

  /**
   * @param enabled whether this node takes part in the upcoming-renewal job (one node per run)
   * @param pollInterval how often renewals coming within the horizon are looked for
   * @param batchSize subscriptions listed per page of a pass
   */
  record Worker(
      @DefaultValue("true") boolean enabled,
      @DefaultValue("15m") Duration pollInterval,
      @DefaultValue("500") int batchSize) {

    Worker {
      if (pollInterval.isNegative() || pollInterval.isZero() || batchSize < 1) {
        throw new IllegalArgumentException(
            "tossbill.notice.worker poll-interval and batch-size must be positive");
      }
    }
  }

  /**
   * @param pollInterval how often the cluster-wide job composes requests a stopped node left (each
   *     node composes its own right after they commit)
   * @param batchSize requests composed per transaction
   * @param threads how many batches this node composes at once
   * @param vacuumAfter requests deleted by this node after which it vacuums their table (claims
   *     walk over deleted rows until a vacuum removes them; autovacuum comes at most once a
   *     minute); 0: autovacuum alone
   */
  record Queue(
      @DefaultValue("30s") Duration pollInterval,
      @DefaultValue("100") int batchSize,
      @DefaultValue("2") int threads,
      @DefaultValue("5000") int vacuumAfter) {

    Queue {
      if (pollInterval.isNegative()
          || pollInterval.isZero()
          || batchSize < 1
          || batchSize > 1000
          || threads < 1
          || threads > 16
          || vacuumAfter < 0) {
        throw new IllegalArgumentException(
            "tossbill.notice.queue: poll-interval is positive, batch-size 1 to 1000, threads 1 to"
                + " 16, vacuum-after 0 or more");
      }
    }
  }
}
