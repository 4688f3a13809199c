package io.tossbill.security;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The idempotency keys in PostgreSQL, every statement its own transaction: a claim is visible to
 * every node at once, and an answer once stored is never rolled back with the request's work.
 */
@Repository
class IdempotencyStore {

  private static final String CLAIM =
      """
      INSERT INTO idempotency_key
        (api_key_id, key, fingerprint, state, created_at, locked_until, expires_at)
      VALUES (:apiKeyId, :key, :fingerprint, 'RUNNING', :now, :lockedUntil, :expiresAt)
      ON CONFLICT (api_key_id, key) DO NOTHING
      """;

  private static final String FIND =
      """
      SELECT fingerprint, state, status, content_type, location, body, locked_until, expires_at
      FROM idempotency_key WHERE api_key_id = :apiKeyId AND key = :key
      """;

  private static final String TAKE_OVER =
      """
      UPDATE idempotency_key SET locked_until = :lockedUntil
      WHERE api_key_id = :apiKeyId AND key = :key AND state = 'RUNNING' AND locked_until <= :now
        AND fingerprint = :fingerprint
      """;

  private static final String DONE =
      """
      UPDATE idempotency_key
      SET state = 'DONE', status = :status, content_type = :contentType, location = :location,
          body = :body
      WHERE api_key_id = :apiKeyId AND key = :key AND state = 'RUNNING'
      """;

  private static final String RELEASE =
      """
      DELETE FROM idempotency_key WHERE api_key_id = :apiKeyId AND key = :key AND state = 'RUNNING'
      """;

  private static final String DELETE_EXPIRED_ONE =
      """
      DELETE FROM idempotency_key WHERE api_key_id = :apiKeyId AND key = :key AND expires_at <= :now
      """;

  private static final String DELETE_EXPIRED =
      """
      DELETE FROM idempotency_key WHERE ctid IN (
        SELECT ctid FROM idempotency_key WHERE expires_at <= :now LIMIT :limit)
      """;

  private final JdbcClient jdbc;

  IdempotencyStore(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  /** A first request with this key: true when claimed. */
  boolean claim(
      long apiKeyId,
      String key,
      String fingerprint,
      Instant now,
      Instant lockedUntil,
      Instant expiresAt) {
    return jdbc.sql(CLAIM)
            .param("apiKeyId", apiKeyId)
            .param("key", key)
            .param("fingerprint", fingerprint)
            .param("now", utc(now))
            .param("lockedUntil", utc(lockedUntil))
            .param("expiresAt", utc(expiresAt))
            .update()
        == 1;
  }

  Optional<Stored> find(long apiKeyId, String key) {
    return jdbc.sql(FIND)
        .param("apiKeyId", apiKeyId)
        .param("key", key)
        .query(IdempotencyStore::row)
        .optional();
  }

  /** The running request of a node that died (its lease passed): true when taken over. */
  boolean takeOver(
      long apiKeyId, String key, String fingerprint, Instant now, Instant lockedUntil) {
    return jdbc.sql(TAKE_OVER)
            .param("apiKeyId", apiKeyId)
            .param("key", key)
            .param("fingerprint", fingerprint)
            .param("now", utc(now))
            .param("lockedUntil", utc(lockedUntil))
            .update()
        == 1;
  }

  void done(long apiKeyId, String key, Answer answer) {
    jdbc.sql(DONE)
        .param("apiKeyId", apiKeyId)
        .param("key", key)
        .param("status", answer.status())
        .param("contentType", answer.contentType())
        .param("location", answer.location())
        .param("body", answer.body())
        .update();
  }

  /** The request ended without an answer to keep (a 5xx): the key may be used again. */
  void release(long apiKeyId, String key) {
    jdbc.sql(RELEASE).param("apiKeyId", apiKeyId).param("key", key).update();
  }

  boolean deleteIfExpired(long apiKeyId, String key, Instant now) {
    return jdbc.sql(DELETE_EXPIRED_ONE)
            .param("apiKeyId", apiKeyId)
            .param("key", key)
            .param("now", utc(now))
            .update()
        == 1;
  }

  int deleteExpired(Instant now, int limit) {
    return jdbc.sql(DELETE_EXPIRED).param("now", utc(now)).param("limit", limit).update();
  }

  private static OffsetDateTime utc(Instant instant) {
    return instant.atOffset(ZoneOffset.UTC);
  }

  private static Stored row(ResultSet rs, int n) throws SQLException {
    int status = rs.getInt("status");
    boolean noAnswer = rs.wasNull();
    return new Stored(
        rs.getString("fingerprint"),
        "DONE".equals(rs.getString("state")),
        noAnswer
            ? null
            : new Answer(
                status,
                rs.getString("content_type"),
                rs.getString("location"),
                rs.getBytes("body")),
        rs.getObject("locked_until", OffsetDateTime.class).toInstant(),
        rs.getObject("expires_at", OffsetDateTime.class).toInstant());
  }

  /** A key as stored: the first request's fingerprint and, when done, its answer. */
  record Stored(
      String fingerprint,
      boolean done,
      @Nullable Answer answer,
      Instant lockedUntil,
      Instant expiresAt) {}

  /** An answer to replay. */
  record Answer(int status, @Nullable String contentType, @Nullable String location, byte[] body) {}
}
