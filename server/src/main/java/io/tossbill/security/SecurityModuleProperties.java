package io.tossbill.security;

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
 */
@ConfigurationProperties("tossbill.security")
record SecurityModuleProperties(
    @Nullable String bootstrapAdminKey,
    @Nullable String bootstrapAdminPassword,
    @DefaultValue("admin") String adminUsername) {

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
        + "]";
  }
}
