package io.tossbill.security;

import java.time.Clock;
import java.time.ZoneOffset;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetails;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.core.userdetails.UsernameNotFoundException;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The admin console's users, passwords stored as delegating (bcrypt) hashes; form login comes
 * later.
 */
@Service
class AdminUsers implements UserDetailsService {

  private static final String INSERT =
      """
      INSERT INTO admin_user (username, password_hash, created_at)
      VALUES (:username, :passwordHash, :now)
      ON CONFLICT (username) DO NOTHING
      """;

  private static final String BY_USERNAME =
      """
      SELECT username, password_hash FROM admin_user WHERE username = :username AND disabled_at IS NULL
      """;

  private static final String EXISTS =
      """
      SELECT EXISTS (SELECT 1 FROM admin_user WHERE username = :username)
      """;

  private final JdbcClient jdbc;
  private final PasswordEncoder passwords;
  private final Clock clock;

  AdminUsers(JdbcClient jdbc, PasswordEncoder passwords, Clock clock) {
    this.jdbc = jdbc;
    this.passwords = passwords;
    this.clock = clock;
  }

  @Override
  @Transactional(readOnly = true)
  public UserDetails loadUserByUsername(String username) {
    return jdbc.sql(BY_USERNAME)
        .param("username", username)
        .query(
            (rs, n) ->
                User.withUsername(rs.getString("username"))
                    .password(rs.getString("password_hash"))
                    .roles(ApiKeyRole.ADMIN.name())
                    .build())
        .optional()
        .orElseThrow(() -> new UsernameNotFoundException("no such admin user"));
  }

  boolean exists(String username) {
    return Boolean.TRUE.equals(
        jdbc.sql(EXISTS).param("username", username).query(Boolean.class).single());
  }

  /** False when the user exists already. */
  boolean create(String username, String rawPassword) {
    return jdbc.sql(INSERT)
            .param("username", username)
            .param("passwordHash", passwords.encode(rawPassword))
            .param("now", clock.instant().atOffset(ZoneOffset.UTC))
            .update()
        == 1;
  }

  boolean matches(String username, String rawPassword) {
    try {
      return passwords.matches(rawPassword, loadUserByUsername(username).getPassword());
    } catch (UsernameNotFoundException e) {
      return false;
    }
  }
}
