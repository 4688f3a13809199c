package io.tossbill.portal;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.jdbc.core.namedparam.SqlParameterSource;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** Checkout and portal sessions in PostgreSQL. */
@Repository
class HostedSessionRepository {

  private static final String INSERT =
      """
      INSERT INTO hosted_session (public_id, kind, token_hash, customer_id, plan_id, success_url,
                                  cancel_url, return_url, landing_path, created_by, created_at, expires_at)
      VALUES (:publicId, :kind, :tokenHash, :customerId, :planId, :successUrl, :cancelUrl, :returnUrl,
              :landingPath, :createdBy, :now, :expiresAt)
      """;

  private static final String SELECT =
      """
      SELECT public_id, kind, customer_id, plan_id, success_url, cancel_url, return_url, landing_path,
             created_at, expires_at, opened_at, completed_at, subscription_id
      FROM hosted_session
      """;

  private static final String BY_PUBLIC_ID = SELECT + " WHERE public_id = :publicId";

  private static final String BY_TOKEN = SELECT + " WHERE token_hash = :tokenHash";

  private static final String OPENED =
      """
      UPDATE hosted_session SET opened_at = COALESCE(opened_at, :now) WHERE public_id = :publicId
      """;

  private static final String COMPLETE =
      """
      UPDATE hosted_session SET completed_at = :now, subscription_id = :subscriptionId
      WHERE public_id = :publicId AND completed_at IS NULL
      """;

  private final JdbcClient jdbc;
  private final NamedParameterJdbcTemplate batch;

  HostedSessionRepository(JdbcClient jdbc, NamedParameterJdbcTemplate batch) {
    this.jdbc = jdbc;
    this.batch = batch;
  }

  /** A session to store, with its token's hash. */
  record New(Stored session, String tokenHash, String createdBy) {}

  void insert(Stored s, String tokenHash, String createdBy) {
    jdbc.sql(INSERT).paramSource(params(new New(s, tokenHash, createdBy))).update();
  }

  /** Many sessions in one round trip (a batch of notice mails' links). */
  void insert(List<New> sessions) {
    if (!sessions.isEmpty()) {
      batch.batchUpdate(
          INSERT,
          sessions.stream()
              .map(HostedSessionRepository::params)
              .toArray(SqlParameterSource[]::new));
    }
  }

  private static SqlParameterSource params(New n) {
    Stored s = n.session();
    return new MapSqlParameterSource()
        .addValue("publicId", s.publicId())
        .addValue("kind", s.kind().name())
        .addValue("tokenHash", n.tokenHash())
        .addValue("customerId", s.customerId())
        .addValue("planId", s.planId())
        .addValue("successUrl", s.successUrl())
        .addValue("cancelUrl", s.cancelUrl())
        .addValue("returnUrl", s.returnUrl())
        .addValue("landingPath", s.landingPath())
        .addValue(
            "createdBy",
            n.createdBy().length() > 200 ? n.createdBy().substring(0, 200) : n.createdBy())
        .addValue("now", time(s.createdAt()))
        .addValue("expiresAt", time(s.expiresAt()));
  }

  Optional<Stored> find(String publicId) {
    return jdbc.sql(BY_PUBLIC_ID)
        .param("publicId", publicId)
        .query(HostedSessionRepository::row)
        .optional();
  }

  Optional<Stored> findByTokenHash(String tokenHash) {
    return jdbc.sql(BY_TOKEN)
        .param("tokenHash", tokenHash)
        .query(HostedSessionRepository::row)
        .optional();
  }

  void opened(String publicId, Instant now) {
    jdbc.sql(OPENED).param("publicId", publicId).param("now", time(now)).update();
  }

  /** Compare-and-set: false when the checkout was completed already. */
  boolean complete(String publicId, long subscriptionId, Instant now) {
    return jdbc.sql(COMPLETE)
            .param("publicId", publicId)
            .param("subscriptionId", subscriptionId)
            .param("now", time(now))
            .update()
        == 1;
  }

  private static OffsetDateTime time(Instant instant) {
    return instant.atOffset(ZoneOffset.UTC);
  }

  private static @Nullable Instant instant(ResultSet rs, String column) throws SQLException {
    OffsetDateTime time = rs.getObject(column, OffsetDateTime.class);
    return time == null ? null : time.toInstant();
  }

  private static Stored row(ResultSet rs, int n) throws SQLException {
    Object plan = rs.getObject("plan_id");
    Object subscription = rs.getObject("subscription_id");
    return new Stored(
        rs.getString("public_id"),
        LinkAccess.Kind.valueOf(rs.getString("kind")),
        rs.getLong("customer_id"),
        plan == null ? null : ((Number) plan).longValue(),
        rs.getString("success_url"),
        rs.getString("cancel_url"),
        rs.getString("return_url"),
        rs.getString("landing_path"),
        rs.getObject("created_at", OffsetDateTime.class).toInstant(),
        rs.getObject("expires_at", OffsetDateTime.class).toInstant(),
        instant(rs, "opened_at"),
        instant(rs, "completed_at"),
        subscription == null ? null : ((Number) subscription).longValue());
  }

  /** A stored session. */
  record Stored(
      String publicId,
      LinkAccess.Kind kind,
      long customerId,
      @Nullable Long planId,
      @Nullable String successUrl,
      @Nullable String cancelUrl,
      @Nullable String returnUrl,
      String landingPath,
      Instant createdAt,
      Instant expiresAt,
      @Nullable Instant openedAt,
      @Nullable Instant completedAt,
      @Nullable Long subscriptionId) {}
}
