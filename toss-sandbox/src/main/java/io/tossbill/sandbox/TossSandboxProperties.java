package io.tossbill.sandbox;

import java.nio.file.Path;
import java.time.Duration;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings of the sandbox, prefix {@code toss-sandbox}.
 *
 * @param enabled whether {@link TossSandboxConfiguration} mounts anything at all
 * @param basePath path prefix of everything the sandbox serves; empty serves Toss's paths at the
 *     root
 * @param hangDuration how long the approve-but-hang test card (and the timeout-after-charge fault)
 *     holds the response after the charge is recorded
 * @param delayedApprovalDuration how long the slow test card takes before it approves
 * @param webhookUrl default webhook target of every merchant that has not set its own
 * @param dataDir directory of the state snapshot; unset keeps the state in memory only
 * @param webhookTimeout how long a webhook receiver has to answer 200
 * @param webhookPollInterval how often the webhook sender looks for due deliveries
 * @param persistDebounce how long mutations are collected before the snapshot is written
 */
@ConfigurationProperties("toss-sandbox")
public record TossSandboxProperties(
    @DefaultValue("true") boolean enabled,
    @DefaultValue("") String basePath,
    @DefaultValue("90s") Duration hangDuration,
    @DefaultValue("3s") Duration delayedApprovalDuration,
    @Nullable String webhookUrl,
    @Nullable Path dataDir,
    @DefaultValue("10s") Duration webhookTimeout,
    @DefaultValue("250ms") Duration webhookPollInterval,
    @DefaultValue("200ms") Duration persistDebounce) {

  public TossSandboxProperties {
    basePath = basePath == null ? "" : basePath.strip();
    if (!basePath.isEmpty()
        && (!basePath.startsWith("/") || basePath.endsWith("/") || basePath.contains("//"))) {
      throw new IllegalArgumentException(
          "toss-sandbox.base-path must be empty or look like /toss-sandbox (leading slash, no trailing slash), but was '"
              + basePath
              + "'");
    }
    requirePositive("toss-sandbox.hang-duration", hangDuration, true);
    requirePositive("toss-sandbox.delayed-approval-duration", delayedApprovalDuration, true);
    requirePositive("toss-sandbox.webhook-timeout", webhookTimeout, false);
    requirePositive("toss-sandbox.webhook-poll-interval", webhookPollInterval, false);
    requirePositive("toss-sandbox.persist-debounce", persistDebounce, true);
    if (webhookUrl != null && webhookUrl.isBlank()) {
      webhookUrl = null;
    }
    if (webhookUrl != null
        && !webhookUrl.startsWith("http://")
        && !webhookUrl.startsWith("https://")) {
      throw new IllegalArgumentException(
          "toss-sandbox.webhook-url must be an http(s) URL, but was '" + webhookUrl + "'");
    }
  }

  /** Defaults, as if no property were set. */
  public static TossSandboxProperties defaults() {
    return new TossSandboxProperties(
        true,
        "",
        Duration.ofSeconds(90),
        Duration.ofSeconds(3),
        null,
        null,
        Duration.ofSeconds(10),
        Duration.ofMillis(250),
        Duration.ofMillis(200));
  }

  private static void requirePositive(String name, @Nullable Duration value, boolean zeroAllowed) {
    if (value == null || value.isNegative() || (!zeroAllowed && value.isZero())) {
      throw new IllegalArgumentException(
          name
              + " must be "
              + (zeroAllowed ? "zero or positive" : "positive")
              + ", but was "
              + value);
    }
  }
}
