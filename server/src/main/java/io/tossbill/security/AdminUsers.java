package io.tossbill.security;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetails;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.core.userdetails.UsernameNotFoundException;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The admin console's staff in PostgreSQL, passwords as delegating (bcrypt) hashes; the staff
 * login's {@link UserDetailsService}.
 */
@Service
class AdminUsers implements UserDetailsService {

  private static final String INSERT =
      """
      INSERT INTO admin_user (username, password_hash, role, created_at, password_changed_at)
      VALUES (:username, :passwordHash, :role, :now, :now)
      ON CONFLICT (username) DO NOTHING
      RETURNING id
      """;

  private static final String BY_USERNAME =
      """
      SELECT username, password_hash, role FROM admin_user WHERE username = :username AND disabled_at IS NULL
      """;

  private static final String EXISTS =
      """
      SELECT EXISTS (SELECT 1 FROM admin_user WHERE username = :username)
      """;

  private static final String SELECT =
      """
      SELECT id, username, role, created_at, disabled_at, last_login_at FROM admin_user
      """;

  private static final String ALL = SELECT + " ORDER BY id";

  private static final String BY_ID = SELECT + " WHERE id = :id";

  private static final String SET_DISABLED =
      """
      UPDATE admin_user SET disabled_at = CASE WHEN :disabled THEN COALESCE(disabled_at, :now) END
      WHERE id = :id
      """;

  private static final String SET_PASSWORD =
      """
      UPDATE admin_user SET password_hash = :passwordHash, password_changed_at = :now
      WHERE username = :username
      """;

  private static final String LOGGED_IN =
      """
      UPDATE admin_user SET last_login_at = :now WHERE username = :username
      """;

  private static final String ACTIVE_ADMINS =
      """
      SELECT count(*) FROM admin_user WHERE role = 'ADMIN' AND disabled_at IS NULL
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
                    .roles(rs.getString("role"))
                    .build())
        .optional()
        .orElseThrow(() -> new UsernameNotFoundException("no such staff user"));
  }

  boolean exists(String username) {
    return Boolean.TRUE.equals(
        jdbc.sql(EXISTS).param("username", username).query(Boolean.class).single());
  }

  /** False when the user exists already. */
  boolean create(String username, String rawPassword) {
    return insert(username, rawPassword, StaffRole.ADMIN).isPresent();
  }

  /** The new user's id; empty when the name is taken. */
  Optional<Long> insert(String username, String rawPassword, StaffRole role) {
    return jdbc.sql(INSERT)
        .param("username", username)
        .param("passwordHash", passwords.encode(rawPassword))
        .param("role", role.name())
        .param("now", now())
        .query(Long.class)
        .optional();
  }

  boolean matches(String username, String rawPassword) {
    try {
      return passwords.matches(rawPassword, loadUserByUsername(username).getPassword());
    } catch (UsernameNotFoundException e) {
      return false;
    }
  }

  List<Staff.StaffMember> all() {
    return jdbc.sql(ALL).query(AdminUsers::row).list();
  }

  Optional<Staff.StaffMember> find(long id) {
    return jdbc.sql(BY_ID).param("id", id).query(AdminUsers::row).optional();
  }

  void setDisabled(long id, boolean disabled) {
    jdbc.sql(SET_DISABLED).param("id", id).param("disabled", disabled).param("now", now()).update();
  }

  void setPassword(String username, String rawPassword) {
    jdbc.sql(SET_PASSWORD)
        .param("username", username)
        .param("passwordHash", passwords.encode(rawPassword))
        .param("now", now())
        .update();
  }

  void loggedIn(String username) {
    jdbc.sql(LOGGED_IN).param("username", username).param("now", now()).update();
  }

  long activeAdmins() {
    return jdbc.sql(ACTIVE_ADMINS).query(Long.class).single();
  }

  private OffsetDateTime now() {
    return clock.instant().atOffset(ZoneOffset.UTC);
  }

  private static Staff.StaffMember row(ResultSet rs, int n) throws SQLException {
    return new Staff.StaffMember(
        rs.getLong("id"),
        rs.getString("username"),
        StaffRole.valueOf(rs.getString("role")),
        rs.getObject("created_at", OffsetDateTime.class).toInstant(),
        instant(rs.getObject("disabled_at", OffsetDateTime.class)),
        instant(rs.getObject("last_login_at", OffsetDateTime.class)));
  }

  private static @Nullable Instant instant(@Nullable OffsetDateTime time) {
    return time == null ? null : time.toInstant();
  }
}
