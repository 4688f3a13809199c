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
 * @param webhookUrl default webhook target of every merchant that has not set its own: an http(s)
 *     URL, or a path starting with {@code /} for an endpoint of the application the sandbox runs in
 *     (mounted: the host's own {@code /webhooks/toss})
 * @param dataDir directory of the state snapshot and of generated keys; unset keeps the state in
 *     memory only
 * @param clientKey the installation's client key ({@code test_ck_...}); with {@code secretKey}
 * @param secretKey the installation's secret key ({@code test_sk_...}), never derivable from the
 *     client key; unset: a random pair is generated (stored in {@code dataDir} when set)
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
    @DefaultValue("200ms") Duration persistDebounce,
    @Nullable String clientKey,
    @Nullable String secretKey) {

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
        && !webhookUrl.startsWith("https://")
        && !(webhookUrl.startsWith("/") && !webhookUrl.startsWith("//"))) {
      throw new IllegalArgumentException(
          "toss-sandbox.webhook-url must be an http(s) URL or a path of this application starting"
              + " with /, but was '"
              + webhookUrl
              + "'");
    }
    clientKey = clientKey == null || clientKey.isBlank() ? null : clientKey.strip();
    secretKey = secretKey == null || secretKey.isBlank() ? null : secretKey.strip();
    if (secretKey == null && clientKey != null) {
      throw new IllegalArgumentException(
          "toss-sandbox.client-key is set but toss-sandbox.secret-key is not: set both, or neither"
              + " to have a random pair generated");
    }
    if (secretKey != null && clientKey != null) {
      try {
        new TossSandboxKeys(clientKey, secretKey);
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("toss-sandbox: " + e.getMessage(), e);
      }
    } else if (secretKey != null && !TossSandboxKeys.isWellFormedSecretKey(secretKey)) {
      throw new IllegalArgumentException(
          "toss-sandbox.secret-key must look like test_sk_ followed by 1 to 192 visible ASCII"
              + " characters");
    }
  }

  /** The configured pair, if any: with only a secret key, the client key is generated. */
  @Nullable TossSandboxKeys configuredKeys() {
    if (secretKey == null) {
      return null;
    }
    if (clientKey != null) {
      return new TossSandboxKeys(clientKey, secretKey);
    }
    while (true) {
      TossSandboxKeys generated = TossSandboxKeys.generate();
      try {
        return new TossSandboxKeys(generated.clientKey(), secretKey);
      } catch (IllegalArgumentException e) {
        // a generated client key equal to the secret's suffix: draw again
      }
    }
  }

  /** Never shows the secret key. */
  @Override
  public String toString() {
    return "TossSandboxProperties[enabled="
        + enabled
        + ", basePath="
        + basePath
        + ", hangDuration="
        + hangDuration
        + ", delayedApprovalDuration="
        + delayedApprovalDuration
        + ", webhookUrl="
        + webhookUrl
        + ", dataDir="
        + dataDir
        + ", webhookTimeout="
        + webhookTimeout
        + ", webhookPollInterval="
        + webhookPollInterval
        + ", persistDebounce="
        + persistDebounce
        + ", clientKey="
        + clientKey
        + ", secretKey="
        + (secretKey == null ? "unset" : "test_sk_***")
        + "]";
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
        Duration.ofMillis(200),
        null,
        null);
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
