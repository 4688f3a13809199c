package io.tossbill.webhook;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * How Toss's webhooks are received and processed.
 *
 * @param maxBodyBytes larger bodies are refused with 413 (Toss's payment bodies are a few kB)
 * @param initialBackoff wait before the first retry when Toss cannot be asked; doubles each time
 * @param maxBackoff longest wait between two retries
 * @param maxAttempts after this many failed read-backs the delivery is FAILED for an operator
 * @param pollInterval how often the retry job looks for due deliveries
 * @param staleAfter a RECEIVED delivery not processed within this time is picked up by the retry
 *     job (the immediate processing was lost, e.g. the node stopped)
 * @param claimLease how long a claimed delivery is hidden from other nodes while it is processed
 * @param batchSize deliveries claimed per run of the retry job
 */
@Validated
@ConfigurationProperties("tossbill.webhook")
record WebhookProperties(
    @DefaultValue("262144") @Min(1024) @Max(16_777_216) int maxBodyBytes,
    @DefaultValue("1m") @NotNull Duration initialBackoff,
    @DefaultValue("1h") @NotNull Duration maxBackoff,
    @DefaultValue("16") @Min(1) @Max(1000) int maxAttempts,
    @DefaultValue("10s") @NotNull Duration pollInterval,
    @DefaultValue("1m") @NotNull Duration staleAfter,
    @DefaultValue("2m") @NotNull Duration claimLease,
    @DefaultValue("50") @Min(1) @Max(1000) int batchSize) {

  WebhookProperties {
    requirePositive("initial-backoff", initialBackoff);
    requirePositive("max-backoff", maxBackoff);
    requirePositive("poll-interval", pollInterval);
    requirePositive("stale-after", staleAfter);
    requirePositive("claim-lease", claimLease);
    if (maxBackoff.compareTo(initialBackoff) < 0) {
      throw new IllegalArgumentException(
          "tossbill.webhook.max-backoff ("
              + maxBackoff
              + ") must not be shorter than tossbill.webhook.initial-backoff ("
              + initialBackoff
              + ")");
    }
  }

  /** The wait after the given failed attempt (1-based): initial, 2x, 4x, ... up to the maximum. */
  Duration backoffAfter(int attempt) {
    Duration wait = initialBackoff;
    for (int i = 1; i < attempt && wait.compareTo(maxBackoff) < 0; i++) {
      wait = wait.multipliedBy(2);
    }
    return wait.compareTo(maxBackoff) > 0 ? maxBackoff : wait;
  }

  private static void requirePositive(String name, Duration value) {
    if (value == null || value.isNegative() || value.isZero()) {
      throw new IllegalArgumentException(
          "tossbill.webhook." + name + " must be positive, was " + value);
    }
  }
}
