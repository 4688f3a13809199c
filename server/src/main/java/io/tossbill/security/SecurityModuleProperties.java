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
 */
@ConfigurationProperties("tossbill.security")
record SecurityModuleProperties(
    @Nullable String bootstrapAdminKey,
    @Nullable String bootstrapAdminPassword,
    @DefaultValue("admin") String adminUsername,
    @DefaultValue LoginThrottle loginThrottle) {

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
        + "]";
  }
}
