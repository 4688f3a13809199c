package io.tossbill.account;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Subscriber accounts.
 *
 * @param signUp whether people may sign up on the pages (off: only checkout and portal links)
 * @param resetTokenLifetime how long a password reset link works
 * @param resetLinksPerHour how many reset links one account is sent per hour at most (more asks are
 *     answered alike but send nothing)
 */
@ConfigurationProperties("tossbill.account")
record AccountProperties(
    @DefaultValue("true") boolean signUp,
    @DefaultValue("30m") Duration resetTokenLifetime,
    @DefaultValue("3") int resetLinksPerHour) {

  AccountProperties {
    if (resetTokenLifetime.isNegative()
        || resetTokenLifetime.isZero()
        || resetTokenLifetime.compareTo(Duration.ofDays(1)) > 0) {
      throw new IllegalArgumentException(
          "tossbill.account.reset-token-lifetime is positive and at most 1 day, was "
              + resetTokenLifetime);
    }
    if (resetLinksPerHour < 1) {
      throw new IllegalArgumentException("tossbill.account.reset-links-per-hour is 1 or more");
    }
  }
}
