package io.tossbill.account;

import io.tossbill.customer.CustomerId;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** Accounts and their reset tokens in PostgreSQL. */
@Repository
class AccountRepository {

  private static final String INSERT =
      """
      INSERT INTO account (email, name, password_hash, customer_id, locale, created_at, password_changed_at)
      VALUES (:email, :name, :passwordHash, :customerId, :locale, :now, :now)
      ON CONFLICT DO NOTHING
      RETURNING id
      """;

  private static final String SELECT =
      """
      SELECT id, email, name, password_hash, customer_id, locale, created_at FROM account
      """;

  private static final String BY_ID = SELECT + " WHERE id = :id";

  private static final String BY_EMAIL = SELECT + " WHERE lower(email) = lower(:email)";

  private static final String BY_CUSTOMER = SELECT + " WHERE customer_id = :customerId";

  private static final String CUSTOMERS_WITH_ACCOUNT =
      "SELECT customer_id FROM account WHERE customer_id IN (:customerIds)";

  private static final String SET_PASSWORD =
      """
      UPDATE account SET password_hash = :passwordHash, password_changed_at = :now WHERE id = :id
      """;

  private static final String INSERT_TOKEN =
      """
      INSERT INTO password_reset_token (account_id, token_hash, created_at, expires_at)
      VALUES (:accountId, :hash, :now, :expiresAt)
      """;

  private static final String TOKENS_SINCE =
      """
      SELECT count(*) FROM password_reset_token WHERE account_id = :accountId AND created_at > :since
      """;

  private static final String LIVE_TOKEN =
      """
      SELECT account_id FROM password_reset_token
      WHERE token_hash = :hash AND used_at IS NULL AND expires_at > :now
      """;

  private static final String LIVE_TOKEN_FOR_UPDATE = LIVE_TOKEN + " FOR UPDATE";

  private static final String USE_TOKENS =
      """
      UPDATE password_reset_token SET used_at = :now WHERE account_id = :accountId AND used_at IS NULL
      """;

  private final JdbcClient jdbc;

  AccountRepository(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  /** The new account's id; empty when the address is taken. */
  Optional<Long> insert(
      String email,
      @Nullable String name,
      String passwordHash,
      CustomerId customerId,
      Locale locale,
      Instant now) {
    return jdbc.sql(INSERT)
        .param("email", email)
        .param("name", name)
        .param("passwordHash", passwordHash)
        .param("customerId", customerId.value())
        .param("locale", locale.getLanguage())
        .param("now", time(now))
        .query(Long.class)
        .optional();
  }

  Optional<Stored> find(long id) {
    return jdbc.sql(BY_ID).param("id", id).query(AccountRepository::row).optional();
  }

  Optional<Stored> findByEmail(String email) {
    return jdbc.sql(BY_EMAIL).param("email", email).query(AccountRepository::row).optional();
  }

  Optional<Stored> findByCustomer(CustomerId customerId) {
    return jdbc.sql(BY_CUSTOMER)
        .param("customerId", customerId.value())
        .query(AccountRepository::row)
        .optional();
  }

  List<Long> customersWithAccount(Collection<Long> customerIds) {
    return customerIds.isEmpty()
        ? List.of()
        : jdbc.sql(CUSTOMERS_WITH_ACCOUNT)
            .param("customerIds", customerIds)
            .query(Long.class)
            .list();
  }

  void setPassword(long id, String passwordHash, Instant now) {
    jdbc.sql(SET_PASSWORD)
        .param("id", id)
        .param("passwordHash", passwordHash)
        .param("now", time(now))
        .update();
  }

  void insertToken(long accountId, String hash, Instant now, Instant expiresAt) {
    jdbc.sql(INSERT_TOKEN)
        .param("accountId", accountId)
        .param("hash", hash)
        .param("now", time(now))
        .param("expiresAt", time(expiresAt))
        .update();
  }

  long tokensSince(long accountId, Instant since) {
    return jdbc.sql(TOKENS_SINCE)
        .param("accountId", accountId)
        .param("since", time(since))
        .query(Long.class)
        .single();
  }

  Optional<Long> accountOfLiveToken(String hash, Instant now, boolean lock) {
    return jdbc.sql(lock ? LIVE_TOKEN_FOR_UPDATE : LIVE_TOKEN)
        .param("hash", hash)
        .param("now", time(now))
        .query(Long.class)
        .optional();
  }

  void useTokens(long accountId, Instant now) {
    jdbc.sql(USE_TOKENS).param("accountId", accountId).param("now", time(now)).update();
  }

  private static OffsetDateTime time(Instant instant) {
    return instant.atOffset(ZoneOffset.UTC);
  }

  private static Stored row(ResultSet rs, int n) throws SQLException {
    return new Stored(
        new Account(
            rs.getLong("id"),
            rs.getString("email"),
            rs.getString("name"),
            new CustomerId(rs.getLong("customer_id")),
            Locale.of(rs.getString("locale")),
            rs.getObject("created_at", OffsetDateTime.class).toInstant()),
        rs.getString("password_hash"));
  }

  /** An account with its password hash (never leaves this module). */
  record Stored(Account account, String passwordHash) {}
}
