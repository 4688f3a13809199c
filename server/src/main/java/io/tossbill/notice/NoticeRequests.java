package io.tossbill.notice;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.jdbc.core.namedparam.SqlParameterSource;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The table {@code notice_request}: notices asked for and not yet in the mail outbox. */
@Repository
class NoticeRequests {

  /** One asked-for notice: its cause, an event of {@code eventType} as JSON. */
  record Request(long id, String eventType, String payload, int attempts) {}

  private static final String INSERT =
      """
      INSERT INTO notice_request (event_type, payload, created_at, not_before)
      VALUES (:type, :payload, :now, :now)
      """;

  // Mapped by column name: the mapping by record component first looks for a column "eventType",
  // and the driver reports each miss by throwing, which cost a thrown exception per request.
  private static final RowMapper<Request> REQUEST =
      (rs, row) ->
          new Request(
              rs.getLong("id"),
              rs.getString("event_type"),
              rs.getString("payload"),
              rs.getInt("attempts"));

  private static final String CLAIM =
      """
      SELECT id, event_type, payload, attempts FROM notice_request
      WHERE not_before <= :now
      ORDER BY not_before, id
      LIMIT :limit
      FOR UPDATE SKIP LOCKED
      """;

  private static final String CLAIM_ONE =
      """
      SELECT id, event_type, payload, attempts FROM notice_request
      WHERE id = :id AND not_before <= :now
      FOR UPDATE SKIP LOCKED
      """;

  private static final String DELETE = "DELETE FROM notice_request WHERE id IN (:ids)";

  // SKIP_LOCKED: a vacuum of the table already running elsewhere is not waited for; TRUNCATE false:
  // giving the emptied end of the table back to the disk takes a lock every claim and insert would
  // wait for (seen as Timeout:VacuumTruncate with 3 nodes), and the queue fills those pages again
  private static final String VACUUM = "VACUUM (SKIP_LOCKED, TRUNCATE false) notice_request";

  private static final String POSTPONE =
      """
      UPDATE notice_request
      SET attempts = attempts + 1, not_before = :notBefore, last_error = :error
      WHERE id = :id
      """;

  private final JdbcClient jdbc;
  private final NamedParameterJdbcTemplate batch;

  NoticeRequests(JdbcClient jdbc, NamedParameterJdbcTemplate batch) {
    this.jdbc = jdbc;
    this.batch = batch;
  }

  /** A notice to ask for: its cause, an event of {@code eventType} as JSON. */
  record New(String eventType, String payload, Instant now) {}

  void add(String eventType, String payload, Instant now) {
    add(List.of(new New(eventType, payload, now)));
  }

  /** Many requests in one round trip (a transaction's outcomes). */
  void add(List<New> requests) {
    if (!requests.isEmpty()) {
      batch.batchUpdate(
          INSERT,
          requests.stream()
              .map(
                  r ->
                      new MapSqlParameterSource()
                          .addValue("type", r.eventType())
                          .addValue("payload", r.payload())
                          .addValue("now", Timestamp.from(r.now())))
              .toArray(SqlParameterSource[]::new));
    }
  }

  /** Due requests, locked for the caller's transaction; those another node holds are skipped. */
  List<Request> claim(Instant now, int limit) {
    return jdbc.sql(CLAIM)
        .param("now", Timestamp.from(now))
        .param("limit", limit)
        .query(REQUEST)
        .list();
  }

  Optional<Request> claim(long id, Instant now) {
    return jdbc.sql(CLAIM_ONE)
        .param("id", id)
        .param("now", Timestamp.from(now))
        .query(REQUEST)
        .optional();
  }

  void delete(Collection<Long> ids) {
    if (!ids.isEmpty()) {
      jdbc.sql(DELETE).param("ids", ids).update();
    }
  }

  /** Removes deleted requests from the table and its indexes; outside any transaction. */
  void vacuum() {
    jdbc.sql(VACUUM).update();
  }

  void postpone(long id, Instant notBefore, String error) {
    jdbc.sql(POSTPONE)
        .param("id", id)
        .param("notBefore", Timestamp.from(notBefore))
        .param("error", error)
        .update();
  }
}
