package io.tossbill.webhook;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The stored deliveries and their processing state; every state change is a compare-and-set. */
@Repository
class WebhookDeliveries {

  private static final String INSERT =
      """
      INSERT INTO toss_webhook_delivery (transmission_id, event_type, payment_key, order_id,
          billing_key_masked, raw_body, headers, transmission_time, retried_count, received_at,
          status, attempts, next_attempt_at)
      VALUES (:transmissionId, :eventType, :paymentKey, :orderId, :billingKeyMasked, :rawBody,
          CAST(:headers AS jsonb), :transmissionTime, :retriedCount, :receivedAt,
          'RECEIVED', 0, :nextAttemptAt)
      ON CONFLICT (transmission_id) DO NOTHING
      RETURNING id
      """;

  private static final String FIND =
      """
      SELECT id, transmission_id, event_type, raw_body, status, attempts
      FROM toss_webhook_delivery
      WHERE id = :id
      """;

  private static final String FIND_BY_TRANSMISSION_ID =
      """
      SELECT id, transmission_id, event_type, raw_body, status, attempts
      FROM toss_webhook_delivery
      WHERE transmission_id = :transmissionId
      """;

  private static final String CLAIM_DUE =
      """
      SELECT id
      FROM toss_webhook_delivery
      WHERE status IN ('RECEIVED', 'PENDING_RETRY') AND next_attempt_at <= :now
      ORDER BY next_attempt_at
      LIMIT :limit
      FOR UPDATE SKIP LOCKED
      """;

  private static final String LEASE =
      """
      UPDATE toss_webhook_delivery
      SET next_attempt_at = :leasedUntil
      WHERE id IN (:ids)
      """;

  private static final String MOVE =
      """
      UPDATE toss_webhook_delivery
      SET status = :to, attempts = :attempts, next_attempt_at = :nextAttemptAt,
          last_error = :lastError, processed_at = :processedAt
      WHERE id = :id AND status = :from AND attempts = :seenAttempts
      """;

  private static final String RECORD_ATTEMPT =
      """
      INSERT INTO toss_webhook_attempt (delivery_id, attempt, outcome, detail, at)
      VALUES (:deliveryId, :attempt, :outcome, :detail, :at)
      """;

  private static final String ENTRY_COLUMNS =
      """
      SELECT id, transmission_id, event_type, payment_key, order_id, billing_key_masked,
          retried_count, received_at, status, attempts, next_attempt_at, processed_at, last_error
      FROM toss_webhook_delivery
      """;

  private static final String RECENT =
      ENTRY_COLUMNS
          + """
      ORDER BY received_at DESC, id DESC
      LIMIT :limit
      """;

  private static final String BY_TRANSMISSION_ID =
      ENTRY_COLUMNS
          + """
      WHERE transmission_id = :transmissionId
      """;

  private final JdbcClient jdbc;

  WebhookDeliveries(JdbcClient jdbc) {
    this.jdbc = Objects.requireNonNull(jdbc, "jdbc");
  }

  /** Stores a delivery; empty when one with the same transmission id is already stored. */
  Optional<Long> insert(NewDelivery delivery) {
    return jdbc.sql(INSERT)
        .param("transmissionId", delivery.transmissionId())
        .param("eventType", delivery.eventType())
        .param("paymentKey", delivery.paymentKey())
        .param("orderId", delivery.orderId())
        .param("billingKeyMasked", delivery.billingKeyMasked())
        .param("rawBody", delivery.rawBody())
        .param("headers", delivery.headersJson())
        .param("transmissionTime", delivery.transmissionTime())
        .param("retriedCount", delivery.retriedCount())
        .param("receivedAt", Timestamp.from(delivery.receivedAt()))
        .param("nextAttemptAt", Timestamp.from(delivery.nextAttemptAt()))
        .query(Long.class)
        .optional();
  }

  Optional<Delivery> find(long id) {
    return jdbc.sql(FIND).param("id", id).query(WebhookDeliveries::delivery).optional();
  }

  Optional<Delivery> findDelivery(String transmissionId) {
    return jdbc.sql(FIND_BY_TRANSMISSION_ID)
        .param("transmissionId", transmissionId)
        .query(WebhookDeliveries::delivery)
        .optional();
  }

  private static Delivery delivery(ResultSet rs, int row) throws SQLException {
    return new Delivery(
        rs.getLong("id"),
        rs.getString("transmission_id"),
        rs.getString("event_type"),
        rs.getString("raw_body"),
        TossWebhookStatus.valueOf(rs.getString("status")),
        rs.getInt("attempts"));
  }

  /**
   * Locks due open deliveries (skipping those another node holds) and hides them until the lease
   * ends.
   */
  List<Long> claimDue(Instant now, Instant leasedUntil, int limit) {
    List<Long> ids =
        jdbc.sql(CLAIM_DUE)
            .param("now", Timestamp.from(now))
            .param("limit", limit)
            .query(Long.class)
            .list();
    if (!ids.isEmpty()) {
      jdbc.sql(LEASE).param("leasedUntil", Timestamp.from(leasedUntil)).param("ids", ids).update();
    }
    return ids;
  }

  /** Compare-and-set: true only for the one caller that saw the delivery as it still is. */
  boolean move(
      Delivery seen,
      TossWebhookStatus to,
      @Nullable Instant nextAttemptAt,
      @Nullable String lastError,
      @Nullable Instant processedAt) {
    seen.status().requireCanBecome(to);
    int updated =
        jdbc.sql(MOVE)
            .param("to", to.name())
            .param("attempts", seen.attempts() + 1)
            .param("nextAttemptAt", nextAttemptAt == null ? null : Timestamp.from(nextAttemptAt))
            .param("lastError", lastError)
            .param("processedAt", processedAt == null ? null : Timestamp.from(processedAt))
            .param("id", seen.id())
            .param("from", seen.status().name())
            .param("seenAttempts", seen.attempts())
            .update();
    return updated == 1;
  }

  void recordAttempt(
      long deliveryId,
      int attempt,
      TossWebhookStatus outcome,
      @Nullable String detail,
      Instant at) {
    jdbc.sql(RECORD_ATTEMPT)
        .param("deliveryId", deliveryId)
        .param("attempt", attempt)
        .param("outcome", outcome.name())
        .param("detail", detail)
        .param("at", Timestamp.from(at))
        .update();
  }

  List<TossWebhookEntry> recent(int limit) {
    return jdbc.sql(RECENT).param("limit", limit).query(WebhookDeliveries::entry).list();
  }

  Optional<TossWebhookEntry> findByTransmissionId(String transmissionId) {
    return jdbc.sql(BY_TRANSMISSION_ID)
        .param("transmissionId", transmissionId)
        .query(WebhookDeliveries::entry)
        .optional();
  }

  private static TossWebhookEntry entry(ResultSet rs, int row) throws SQLException {
    return new TossWebhookEntry(
        rs.getLong("id"),
        rs.getString("transmission_id"),
        rs.getString("event_type"),
        rs.getString("payment_key"),
        rs.getString("order_id"),
        rs.getString("billing_key_masked"),
        rs.getObject("retried_count", Integer.class),
        instant(rs, "received_at"),
        TossWebhookStatus.valueOf(rs.getString("status")),
        rs.getInt("attempts"),
        nullableInstant(rs, "next_attempt_at"),
        nullableInstant(rs, "processed_at"),
        rs.getString("last_error"));
  }

  private static Instant instant(ResultSet rs, String column) throws SQLException {
    return Objects.requireNonNull(nullableInstant(rs, column), column);
  }

  private static @Nullable Instant nullableInstant(ResultSet rs, String column)
      throws SQLException {
    Timestamp value = rs.getTimestamp(column);
    return value == null ? null : value.toInstant();
  }

  /** A delivery to store; {@code transmissionId} is Toss's or the body's hash. */
  record NewDelivery(
      String transmissionId,
      @Nullable String eventType,
      @Nullable String paymentKey,
      @Nullable String orderId,
      @Nullable String billingKeyMasked,
      String rawBody,
      String headersJson,
      @Nullable String transmissionTime,
      @Nullable Integer retriedCount,
      Instant receivedAt,
      Instant nextAttemptAt) {

    /** Never prints the body: a BILLING_DELETED body carries a billing key. */
    @Override
    public String toString() {
      return "NewDelivery[transmissionId=" + transmissionId + ", eventType=" + eventType + "]";
    }
  }

  /** What processing needs of a stored delivery, as it was when read. */
  record Delivery(
      long id,
      String transmissionId,
      @Nullable String eventType,
      String rawBody,
      TossWebhookStatus status,
      int attempts) {

    @Override
    public String toString() {
      return "Delivery[id="
          + id
          + ", transmissionId="
          + transmissionId
          + ", eventType="
          + eventType
          + ", status="
          + status
          + ", attempts="
          + attempts
          + "]";
    }
  }
}
