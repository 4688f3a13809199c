package io.tossbill.security;

import java.time.Duration;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Security settings.
 *
 * @param bootstrapAdminKey an admin API key to make sure exists (e.g. from
 *     TOSSBILL_BOOTSTRAP_ADMIN_KEY, or the tests' {@code tb_test_admin_key}); when unset and no
 *     admin key was ever made, one is generated and printed once
 * @param bootstrapAdminPassword the first admin user's password; when unset one is generated and
 *     printed once
 * @param adminUsername the first admin user's name
 * @param loginThrottle how many failed logins block further attempts
 * @param idempotency how long Idempotency-Keys are kept
 * @param apiKeyCache how long an API key found active is trusted without reading it again (a key
 *     revoked on another node works there for at most this long); 0 reads it on every request
 */
@ConfigurationProperties("tossbill.security")
record SecurityModuleProperties(
    @Nullable String bootstrapAdminKey,
    @Nullable String bootstrapAdminPassword,
    @DefaultValue("admin") String adminUsername,
    @DefaultValue LoginThrottle loginThrottle,
    @DefaultValue Idempotency idempotency,
    @DefaultValue("10s") Duration apiKeyCache) {

  /**
   * Idempotency-Keys of the merchant API: kept for {@code retention} (24 hours at least, as
   * integrators expect from Stripe); a request still running after {@code lease} is taken to have
   * died with its node, and a retry with the key runs it again (longer than any request takes:
   * Toss's charge timeout is 60 s).
   */
  record Idempotency(@DefaultValue("24h") Duration retention, @DefaultValue("2m") Duration lease) {

    Idempotency {
      if (retention.compareTo(Duration.ofHours(24)) < 0) {
        throw new IllegalArgumentException(
            "tossbill.security.idempotency.retention is at least 24h, was " + retention);
      }
      if (lease.compareTo(Duration.ofSeconds(70)) < 0) {
        throw new IllegalArgumentException(
            "tossbill.security.idempotency.lease is longer than a request to Toss may take"
                + " (70s at least), was "
                + lease);
      }
    }
  }

  /**
   * Failed logins within {@code window}: {@code perLogin} for one login name (staff or subscriber)
   * or {@code perAddress} from one IP address block further attempts until the window has passed
   * since the oldest counted failure.
   */
  record LoginThrottle(
      @DefaultValue("5") int perLogin,
      @DefaultValue("50") int perAddress,
      @DefaultValue("15m") Duration window) {

    LoginThrottle {
      if (perLogin < 1 || perAddress < 1 || window.isNegative() || window.isZero()) {
        throw new IllegalArgumentException(
            "tossbill.security.login-throttle: per-login and per-address are 1 or more, the window"
                + " positive");
      }
    }
  }

  static final int MIN_KEY_LENGTH = 16;

  SecurityModuleProperties {
    if (bootstrapAdminKey != null && bootstrapAdminKey.isBlank()) {
      bootstrapAdminKey = null;
    }
    if (bootstrapAdminKey != null && bootstrapAdminKey.length() < MIN_KEY_LENGTH) {
      throw new IllegalArgumentException(
          "tossbill.security.bootstrap-admin-key must be at least "
              + MIN_KEY_LENGTH
              + " characters");
    }
    if (bootstrapAdminPassword != null && bootstrapAdminPassword.isBlank()) {
      bootstrapAdminPassword = null;
    }
    if (apiKeyCache.isNegative() || apiKeyCache.compareTo(Duration.ofMinutes(5)) > 0) {
      throw new IllegalArgumentException(
          "tossbill.security.api-key-cache is between 0 and 5m (how long a revoked key may still"
              + " work on another node), was "
              + apiKeyCache);
    }
  }

  @Override
  public String toString() {
    return "SecurityModuleProperties[bootstrapAdminKey="
        + (bootstrapAdminKey == null ? "unset" : "***")
        + ", bootstrapAdminPassword="
        + (bootstrapAdminPassword == null ? "unset" : "***")
        + ", adminUsername="
        + adminUsername
        + ", loginThrottle="
        + loginThrottle
        + ", idempotency="
        + idempotency
        + ", apiKeyCache="
        + apiKeyCache
        + "]";
  }
}
