package io.tossbill.mail;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.jdbc.core.namedparam.SqlParameterSource;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The outbox table: inserts deduplicated by cause, claims by compare-and-set. */
@Repository
class MailRepository {

  private static final String INSERT =
      """
      INSERT INTO mail_message (dedupe_key, template, locale, to_address, subject, html_body, text_body,
                                sensitive, status, next_attempt_at, message_id, created_at)
      VALUES (:dedupeKey, :template, :locale, :to, :subject, :html, :text, :sensitive, :status,
              :nextAttemptAt, :messageId, :now)
      ON CONFLICT (dedupe_key) DO NOTHING
      """;

  private static final String IDS_BY_KEYS =
      """
      SELECT id, dedupe_key, message_id FROM mail_message WHERE dedupe_key IN (:dedupeKeys)
      """;

  private static final String SELECT =
      """
      SELECT id, dedupe_key, template, locale, to_address, subject, html_body, text_body, sensitive,
             status, attempts, resends, next_attempt_at, last_error, message_id, created_at, sent_at
      FROM mail_message
      """;

  private static final String BY_ID = SELECT + " WHERE id = :id";

  private static final String PAGE =
      SELECT
          + """
           WHERE (CAST(:status AS TEXT) IS NULL OR status = :status)
           ORDER BY created_at DESC, id DESC LIMIT :limit OFFSET :offset
          """;

  private static final String COUNT =
      """
      SELECT count(*) FROM mail_message WHERE (CAST(:status AS TEXT) IS NULL OR status = :status)
      """;

  /** Claims one mail for sending: only from QUEUED or RETRY, so two senders never both send it. */
  private static final String CLAIM =
      """
      UPDATE mail_message SET status = 'SENDING', sending_since = :now, attempts = attempts + 1
      WHERE id = :id AND status IN ('QUEUED', 'RETRY')
      """;

  private static final String DUE =
      """
      SELECT id FROM mail_message
      WHERE (status = 'QUEUED' AND next_attempt_at <= :queuedBefore)
         OR (status = 'RETRY' AND next_attempt_at <= :now)
      ORDER BY next_attempt_at LIMIT :limit
      """;

  private static final String SENT =
      """
      UPDATE mail_message
      SET status = 'SENT', sent_at = :now, sending_since = NULL, next_attempt_at = NULL, last_error = NULL,
          html_body = CASE WHEN sensitive THEN '' ELSE html_body END,
          text_body = CASE WHEN sensitive THEN '' ELSE text_body END
      WHERE id = :id AND status = 'SENDING'
      """;

  private static final String NOT_SENT =
      """
      UPDATE mail_message
      SET status = :status, sending_since = NULL, next_attempt_at = :nextAttemptAt, last_error = :error
      WHERE id = :id AND status = 'SENDING'
      """;

  private static final String ABANDONED =
      """
      UPDATE mail_message
      SET status = 'UNKNOWN', sending_since = NULL,
          last_error = 'the node sending it stopped; it may or may not have been delivered'
      WHERE status = 'SENDING' AND sending_since < :before
      """;

  private static final String REQUEUE =
      """
      UPDATE mail_message
      SET status = 'QUEUED', next_attempt_at = :now, attempts = 0, resends = resends + 1, last_error = NULL
      WHERE id = :id AND status IN ('SENT', 'FAILED', 'UNKNOWN', 'HELD')
      """;

  private final JdbcClient jdbc;
  private final NamedParameterJdbcTemplate batch;

  MailRepository(JdbcClient jdbc, NamedParameterJdbcTemplate batch) {
    this.jdbc = jdbc;
    this.batch = batch;
  }

  /** A mail to store. */
  record New(
      MailRequest request, Rendered rendered, MailStatus status, String messageId, Instant now) {}

  /**
   * Stores the mails in one round trip, each unless a mail with its dedupe key exists already (then
   * that one stays: {@link #idsOf} tells which by the message id).
   */
  void insert(List<New> mails) {
    if (!mails.isEmpty()) {
      batch.batchUpdate(
          INSERT, mails.stream().map(MailRepository::params).toArray(SqlParameterSource[]::new));
    }
  }

  private static SqlParameterSource params(New m) {
    MailRequest request = m.request();
    return new MapSqlParameterSource()
        .addValue("dedupeKey", request.dedupeKey())
        .addValue("template", request.template())
        .addValue("locale", request.locale().getLanguage())
        .addValue("to", request.to())
        .addValue("subject", m.rendered().subject())
        .addValue("html", m.rendered().html())
        .addValue("text", m.rendered().text())
        .addValue("sensitive", request.sensitive())
        .addValue("status", m.status().name())
        .addValue("nextAttemptAt", m.status() == MailStatus.QUEUED ? time(m.now()) : null)
        .addValue("messageId", m.messageId())
        .addValue("now", time(m.now()));
  }

  /** A stored mail's id and its Message-ID (which tells whether a given insert stored it). */
  record Found(long id, String messageId) {}

  /** The mails with these dedupe keys, by key (those that exist). */
  Map<String, Found> idsOf(Collection<String> dedupeKeys) {
    Map<String, Found> ids = new HashMap<>();
    if (!dedupeKeys.isEmpty()) {
      jdbc.sql(IDS_BY_KEYS)
          .param("dedupeKeys", dedupeKeys)
          .query(
              (rs, n) ->
                  ids.put(
                      rs.getString("dedupe_key"),
                      new Found(rs.getLong("id"), rs.getString("message_id"))))
          .list();
    }
    return ids;
  }

  Optional<Stored> find(long id) {
    return jdbc.sql(BY_ID).param("id", id).query(MailRepository::row).optional();
  }

  List<Stored> page(@Nullable MailStatus status, int limit, int offset) {
    return jdbc.sql(PAGE)
        .param("status", status == null ? null : status.name())
        .param("limit", limit)
        .param("offset", offset)
        .query(MailRepository::row)
        .list();
  }

  long count(@Nullable MailStatus status) {
    return jdbc.sql(COUNT)
        .param("status", status == null ? null : status.name())
        .query(Long.class)
        .single();
  }

  boolean claim(long id, Instant now) {
    return jdbc.sql(CLAIM).param("id", id).param("now", time(now)).update() == 1;
  }

  /** Queued mails left over by their event listener, and retries due now. */
  List<Long> due(Instant queuedBefore, Instant now, int limit) {
    return jdbc.sql(DUE)
        .param("queuedBefore", time(queuedBefore))
        .param("now", time(now))
        .param("limit", limit)
        .query(Long.class)
        .list();
  }

  void sent(long id, Instant now) {
    jdbc.sql(SENT).param("id", id).param("now", time(now)).update();
  }

  void notSent(long id, MailStatus status, @Nullable Instant nextAttemptAt, String error) {
    jdbc.sql(NOT_SENT)
        .param("id", id)
        .param("status", status.name())
        .param("nextAttemptAt", nextAttemptAt == null ? null : time(nextAttemptAt))
        .param("error", error.length() > 500 ? error.substring(0, 500) : error)
        .update();
  }

  int markAbandoned(Instant before) {
    return jdbc.sql(ABANDONED).param("before", time(before)).update();
  }

  boolean requeue(long id, Instant now) {
    return jdbc.sql(REQUEUE).param("id", id).param("now", time(now)).update() == 1;
  }

  private static OffsetDateTime time(Instant instant) {
    return instant.atOffset(ZoneOffset.UTC);
  }

  private static @Nullable Instant instant(ResultSet rs, String column) throws SQLException {
    OffsetDateTime time = rs.getObject(column, OffsetDateTime.class);
    return time == null ? null : time.toInstant();
  }

  private static Stored row(ResultSet rs, int n) throws SQLException {
    return new Stored(
        rs.getLong("id"),
        rs.getString("dedupe_key"),
        rs.getString("template"),
        rs.getString("locale"),
        rs.getString("to_address"),
        rs.getString("subject"),
        rs.getString("html_body"),
        rs.getString("text_body"),
        rs.getBoolean("sensitive"),
        MailStatus.valueOf(rs.getString("status")),
        rs.getInt("attempts"),
        rs.getInt("resends"),
        instant(rs, "next_attempt_at"),
        rs.getString("last_error"),
        rs.getString("message_id"),
        rs.getObject("created_at", OffsetDateTime.class).toInstant(),
        instant(rs, "sent_at"));
  }

  /** Subject and bodies as rendered when the mail was asked for. */
  record Rendered(String subject, String html, String text) {}

  /** A stored mail. */
  record Stored(
      long id,
      String dedupeKey,
      String template,
      String locale,
      String to,
      String subject,
      String html,
      String text,
      boolean sensitive,
      MailStatus status,
      int attempts,
      int resends,
      @Nullable Instant nextAttemptAt,
      @Nullable String lastError,
      String messageId,
      Instant createdAt,
      @Nullable Instant sentAt) {}
}
