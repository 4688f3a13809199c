package io.tossbill.platform;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How events whose listeners did not finish are handed over again while the nodes keep running.
 *
 * @param resubmitInterval how often one node looks for them
 * @param resubmitAfter how old an unfinished publication must be before it is handed over again:
 *     longer than any listener takes (the slowest call to Toss inside one is 30 s), so one still
 *     running is rarely run a second time; the listeners are idempotent anyway, as a restart
 *     republishes every unfinished publication of the cluster
 * @param archiveRetention how long completed publications are kept in the archive (for an operator
 *     asking what was handled when) before a job deletes them; without it the archive grows by a
 *     row per event and listener forever (every renewal adds some)
 */
@ConfigurationProperties("tossbill.events")
public record EventProperties(
    @DefaultValue("1m") Duration resubmitInterval,
    @DefaultValue("5m") Duration resubmitAfter,
    @DefaultValue("30d") Duration archiveRetention) {

  public EventProperties {
    if (resubmitInterval.isNegative() || resubmitInterval.isZero()) {
      throw new IllegalArgumentException(
          "tossbill.events.resubmit-interval must be positive, was " + resubmitInterval);
    }
    if (resubmitAfter.compareTo(Duration.ofSeconds(1)) < 0) {
      throw new IllegalArgumentException(
          "tossbill.events.resubmit-after must be 1 s or more, was " + resubmitAfter);
    }
    if (archiveRetention.compareTo(Duration.ofHours(1)) < 0) {
      throw new IllegalArgumentException(
          "tossbill.events.archive-retention must be 1 h or more, was " + archiveRetention);
    }
  }
}
