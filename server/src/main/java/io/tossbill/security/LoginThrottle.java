package io.tossbill.security;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Locale;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Counts failed logins in PostgreSQL, so every node sees them: too many for one login name or from
 * one address within the window block the next attempts (even with the right password) until the
 * oldest counted failure leaves the window. A successful login clears its name's failures.
 */
@Service
class LoginThrottle {

  /** Whose login: the admin console's staff or the subscribers. */
  enum Realm {
    STAFF,
    SUBSCRIBER
  }

  private static final String RECORD =
      """
      INSERT INTO login_failure (realm, username, ip, at) VALUES (:realm, :username, :ip, :now)
      """;

  private static final String BY_NAME =
      """
      SELECT count(*) AS n, min(at) AS oldest FROM login_failure
      WHERE realm = :realm AND username = :username AND at > :since
      """;

  private static final String BY_ADDRESS =
      """
      SELECT count(*) AS n, min(at) AS oldest FROM login_failure WHERE ip = :ip AND at > :since
      """;

  private static final String CLEAR =
      """
      DELETE FROM login_failure WHERE realm = :realm AND username = :username
      """;

  private static final String FORGET_OLD =
      """
      DELETE FROM login_failure WHERE at < :before
      """;

  private final JdbcClient jdbc;
  private final Clock clock;
  private final SecurityModuleProperties.LoginThrottle settings;

  LoginThrottle(JdbcClient jdbc, Clock clock, SecurityModuleProperties properties) {
    this.jdbc = jdbc;
    this.clock = clock;
    this.settings = properties.loginThrottle();
  }

  /** Until when logins for this name (or from this address) are blocked; empty when allowed. */
  @Transactional(readOnly = true)
  Optional<Instant> blockedUntil(Realm realm, String username, @Nullable String ip) {
    Instant now = clock.instant();
    OffsetDateTime since = now.minus(settings.window()).atOffset(ZoneOffset.UTC);
    Optional<Instant> byName =
        jdbc.sql(BY_NAME)
            .param("realm", realm.name())
            .param("username", key(username))
            .param("since", since)
            .query((rs, n) -> blocked(rs.getLong("n"), rs, settings.perLogin()))
            .single();
    if (byName.isPresent() || ip == null) {
      return byName;
    }
    return jdbc.sql(BY_ADDRESS)
        .param("ip", ip)
        .param("since", since)
        .query((rs, n) -> blocked(rs.getLong("n"), rs, settings.perAddress()))
        .single();
  }

  private Optional<Instant> blocked(long failures, java.sql.ResultSet rs, int limit)
      throws java.sql.SQLException {
    if (failures < limit) {
      return Optional.empty();
    }
    return Optional.of(
        rs.getObject("oldest", OffsetDateTime.class).toInstant().plus(settings.window()));
  }

  @Transactional
  void failed(Realm realm, String username, @Nullable String ip) {
    Instant now = clock.instant();
    jdbc.sql(RECORD)
        .param("realm", realm.name())
        .param("username", key(username))
        .param("ip", ip == null || ip.length() > 64 ? null : ip)
        .param("now", now.atOffset(ZoneOffset.UTC))
        .update();
    jdbc.sql(FORGET_OLD)
        .param("before", now.minus(Duration.ofDays(1)).atOffset(ZoneOffset.UTC))
        .update();
  }

  @Transactional
  void succeeded(Realm realm, String username) {
    jdbc.sql(CLEAR).param("realm", realm.name()).param("username", key(username)).update();
  }

  private static String key(String username) {
    // a control character (NUL above all) cannot be stored or compared: counted as U+FFFD
    String key = username.strip().toLowerCase(Locale.ROOT).replaceAll("\\p{Cntrl}", "\uFFFD");
    return key.length() > 200 ? key.substring(0, 200) : key;
  }
}
