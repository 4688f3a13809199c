package io.tossbill.consent;

import io.tossbill.billing.ChargeConsentPolicy.ChangeKind;
import io.tossbill.platform.Won;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** Consent requests, snoozes and the append-only consent history. */
@Repository
class ConsentRepository {

  /**
   * A consent request as stored; changed only under its row lock and saved with compare-and-set.
   */
  static final class Row {
    long id;
    final long subscriptionId;
    final long customerId;
    final ChangeKind kind;
    ConsentStatus status;
    final String planName;
    final Won priceBefore;
    final Won priceAfter;
    final LocalDate changeDate;
    final Instant changeAt;
    final Instant windowOpensAt;
    String paymentMethod;
    String shownText;
    String textHash;
    @Nullable Instant nextSendAt;
    @Nullable Instant requestedAt;
    @Nullable Instant remindedAt;
    @Nullable Instant acceptedAt;
    @Nullable Instant decidedAt;
    final Instant createdAt;

    Row(
        long id,
        long subscriptionId,
        long customerId,
        ChangeKind kind,
        ConsentStatus status,
        String planName,
        Won priceBefore,
        Won priceAfter,
        LocalDate changeDate,
        Instant changeAt,
        Instant windowOpensAt,
        String paymentMethod,
        String shownText,
        String textHash,
        @Nullable Instant nextSendAt,
        @Nullable Instant requestedAt,
        @Nullable Instant remindedAt,
        @Nullable Instant acceptedAt,
        @Nullable Instant decidedAt,
        Instant createdAt) {
      this.id = id;
      this.subscriptionId = subscriptionId;
      this.customerId = customerId;
      this.kind = kind;
      this.status = status;
      this.planName = planName;
      this.priceBefore = priceBefore;
      this.priceAfter = priceAfter;
      this.changeDate = changeDate;
      this.changeAt = changeAt;
      this.windowOpensAt = windowOpensAt;
      this.paymentMethod = paymentMethod;
      this.shownText = shownText;
      this.textHash = textHash;
      this.nextSendAt = nextSendAt;
      this.requestedAt = requestedAt;
      this.remindedAt = remindedAt;
      this.acceptedAt = acceptedAt;
      this.decidedAt = decidedAt;
      this.createdAt = createdAt;
    }

    ConsentRequestId requestId() {
      return new ConsentRequestId(id);
    }

    /** Moves to {@code target}, refusing an illegal move. */
    ConsentStatus moveTo(ConsentStatus target) {
      ConsentStatus from = status;
      from.requireMoveTo(target);
      status = target;
      return from;
    }
  }

  /** A step for the history. */
  record Step(
      @Nullable Long requestId,
      long subscriptionId,
      long customerId,
      Instant at,
      String action,
      String actor,
      @Nullable String channel,
      @Nullable String ip,
      @Nullable String shownText,
      @Nullable String textHash,
      String detail) {}

  private static final String INSERT =
      """
      INSERT INTO consent_request (subscription_id, customer_id, kind, status, plan_name, price_before, price_after,
        change_date, change_at, window_opens_at, payment_method, shown_text, text_hash, next_send_at, requested_at,
        created_at, updated_at, clock_offset_seconds)
      VALUES (:subscriptionId, :customerId, :kind, :status, :planName, :priceBefore, :priceAfter, :changeDate,
        :changeAt, :windowOpensAt, :paymentMethod, :shownText, :textHash, :nextSendAt, :requestedAt, :createdAt,
        :createdAt, :clockOffset)
      ON CONFLICT (subscription_id, change_date) WHERE status <> 'SUPERSEDED' DO NOTHING
      RETURNING id
      """;

  // Compare-and-set: callers hold the row lock; a status that moved meanwhile makes this match
  // nothing.
  private static final String UPDATE =
      """
      UPDATE consent_request SET status = :status, payment_method = :paymentMethod, shown_text = :shownText,
        text_hash = :textHash, next_send_at = :nextSendAt, requested_at = :requestedAt, reminded_at = :remindedAt,
        accepted_at = :acceptedAt, decided_at = :decidedAt, updated_at = :now
      WHERE id = :id AND status = :from
      """;

  private static final String BY_ID = "SELECT * FROM consent_request WHERE id = :id";

  private static final String LOCK = "SELECT * FROM consent_request WHERE id = :id FOR UPDATE";

  private static final String FOR_CHANGE =
      """
      SELECT * FROM consent_request
      WHERE subscription_id = :subscriptionId AND change_date = :changeDate AND status <> 'SUPERSEDED'
      FOR UPDATE
      """;

  private static final String LIVE_OF_SUBSCRIPTION =
      """
      SELECT * FROM consent_request
      WHERE subscription_id = :subscriptionId AND status IN ('SCHEDULED', 'REQUESTED', 'ACCEPTED', 'DECLINED', 'WITHDRAWN')
      ORDER BY id
      FOR UPDATE
      """;

  private static final String OPEN_OF_CUSTOMER =
      """
      SELECT id FROM consent_request
      WHERE customer_id = :customerId AND status IN ('SCHEDULED', 'REQUESTED', 'DECLINED', 'WITHDRAWN')
      ORDER BY id
      """;

  private static final String OF_SUBSCRIPTION =
      """
      SELECT * FROM consent_request WHERE subscription_id = :subscriptionId ORDER BY id
      """;

  // Due in each customer's own time: the customer's test clock offset (sandbox mode, copied onto
  // the request when the clock moves) shifts "now", as it does for the renewal.
  private static final String DUE_TO_SEND =
      """
      SELECT r.id FROM consent_request r
      WHERE r.next_send_at IS NOT NULL
        AND r.next_send_at <= CAST(:now AS timestamptz) + make_interval(secs => r.clock_offset_seconds)
      ORDER BY r.next_send_at
      LIMIT :limit
      """;

  private static final String SET_CLOCK_OFFSET =
      """
      UPDATE consent_request SET clock_offset_seconds = :offset WHERE customer_id = :customerId
      """;

  private static final String SNOOZED_UNTIL =
      """
      SELECT snoozed_until FROM consent_snooze WHERE subscription_id = :subscriptionId
      """;

  private static final String SNOOZE =
      """
      INSERT INTO consent_snooze (subscription_id, snoozed_until, days, chosen_at)
      VALUES (:subscriptionId, :until, :days, :now)
      ON CONFLICT (subscription_id) DO UPDATE
        SET snoozed_until = excluded.snoozed_until, days = excluded.days, chosen_at = excluded.chosen_at
      """;

  private static final String INSERT_STEP =
      """
      INSERT INTO consent_history (request_id, subscription_id, customer_id, occurred_at, action, actor, channel, ip,
        shown_text, text_hash, detail)
      VALUES (:requestId, :subscriptionId, :customerId, :at, :action, :actor, :channel, :ip, :shownText, :textHash,
        :detail)
      """;

  private static final String HISTORY_OF_SUBSCRIPTION =
      """
      SELECT * FROM consent_history WHERE subscription_id = :subscriptionId ORDER BY id
      """;

  private static final String HISTORY_OF_REQUEST =
      """
      SELECT * FROM consent_history WHERE request_id = :requestId ORDER BY id
      """;

  private final JdbcClient jdbc;

  ConsentRepository(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  /** Inserts the request unless a live one exists for the same subscription and change date. */
  /** Inserts a request, due in the customer's time ({@code clockOffset}: their test clock). */
  Optional<Long> insert(Row r, java.time.Duration clockOffset) {
    return jdbc.sql(INSERT)
        .param("clockOffset", clockOffset.toSeconds())
        .param("subscriptionId", r.subscriptionId)
        .param("customerId", r.customerId)
        .param("kind", r.kind.name())
        .param("status", r.status.name())
        .param("planName", r.planName)
        .param("priceBefore", r.priceBefore.value())
        .param("priceAfter", r.priceAfter.value())
        .param("changeDate", r.changeDate)
        .param("changeAt", ts(r.changeAt))
        .param("windowOpensAt", ts(r.windowOpensAt))
        .param("paymentMethod", r.paymentMethod)
        .param("shownText", r.shownText)
        .param("textHash", r.textHash)
        .param("nextSendAt", ts(r.nextSendAt))
        .param("requestedAt", ts(r.requestedAt))
        .param("createdAt", ts(r.createdAt))
        .query(Long.class)
        .optional();
  }

  /** The customer's test clock moved: their requests are due by their new time. */
  void clockMoved(long customerId, java.time.Duration offset) {
    jdbc.sql(SET_CLOCK_OFFSET)
        .param("customerId", customerId)
        .param("offset", offset.toSeconds())
        .update();
  }

  void save(Row r, ConsentStatus from, Instant now) {
    int updated =
        jdbc.sql(UPDATE)
            .param("status", r.status.name())
            .param("paymentMethod", r.paymentMethod)
            .param("shownText", r.shownText)
            .param("textHash", r.textHash)
            .param("nextSendAt", ts(r.nextSendAt))
            .param("requestedAt", ts(r.requestedAt))
            .param("remindedAt", ts(r.remindedAt))
            .param("acceptedAt", ts(r.acceptedAt))
            .param("decidedAt", ts(r.decidedAt))
            .param("now", ts(now))
            .param("id", r.id)
            .param("from", from.name())
            .update();
    if (updated != 1) {
      throw new IllegalStateException("consent request " + r.id + " is no longer " + from);
    }
  }

  Optional<Row> find(long id) {
    return jdbc.sql(BY_ID).param("id", id).query(ConsentRepository::row).optional();
  }

  Optional<Row> lock(long id) {
    return jdbc.sql(LOCK).param("id", id).query(ConsentRepository::row).optional();
  }

  /** The request (live, applied or lapsed) for a subscription's change date, locked. */
  Optional<Row> lockForChange(long subscriptionId, LocalDate changeDate) {
    return jdbc.sql(FOR_CHANGE)
        .param("subscriptionId", subscriptionId)
        .param("changeDate", changeDate)
        .query(ConsentRepository::row)
        .optional();
  }

  List<Row> lockLive(long subscriptionId) {
    return jdbc.sql(LIVE_OF_SUBSCRIPTION)
        .param("subscriptionId", subscriptionId)
        .query(ConsentRepository::row)
        .list();
  }

  /** The customer's requests that may still be accepted (their text can still be shown). */
  List<Long> openOfCustomer(long customerId) {
    return jdbc.sql(OPEN_OF_CUSTOMER).param("customerId", customerId).query(Long.class).list();
  }

  List<Row> ofSubscription(long subscriptionId) {
    return jdbc.sql(OF_SUBSCRIPTION)
        .param("subscriptionId", subscriptionId)
        .query(ConsentRepository::row)
        .list();
  }

  List<Long> dueToSend(Instant serverNow, int limit) {
    return jdbc.sql(DUE_TO_SEND)
        .param("now", ts(serverNow))
        .param("limit", limit)
        .query(Long.class)
        .list();
  }

  Optional<Instant> snoozedUntil(long subscriptionId) {
    return jdbc.sql(SNOOZED_UNTIL)
        .param("subscriptionId", subscriptionId)
        .query((rs, n) -> rs.getObject(1, OffsetDateTime.class).toInstant())
        .optional();
  }

  void snooze(long subscriptionId, Instant until, int days, Instant now) {
    jdbc.sql(SNOOZE)
        .param("subscriptionId", subscriptionId)
        .param("until", ts(until))
        .param("days", days)
        .param("now", ts(now))
        .update();
  }

  void append(Step step) {
    jdbc.sql(INSERT_STEP)
        .param("requestId", step.requestId())
        .param("subscriptionId", step.subscriptionId())
        .param("customerId", step.customerId())
        .param("at", ts(step.at()))
        .param("action", step.action())
        .param("actor", step.actor())
        .param("channel", step.channel())
        .param("ip", step.ip())
        .param("shownText", step.shownText())
        .param("textHash", step.textHash())
        .param("detail", step.detail())
        .update();
  }

  List<ConsentHistoryEntry> historyOfSubscription(long subscriptionId) {
    return jdbc.sql(HISTORY_OF_SUBSCRIPTION)
        .param("subscriptionId", subscriptionId)
        .query(ConsentRepository::entry)
        .list();
  }

  List<ConsentHistoryEntry> historyOfRequest(long requestId) {
    return jdbc.sql(HISTORY_OF_REQUEST)
        .param("requestId", requestId)
        .query(ConsentRepository::entry)
        .list();
  }

  private static @Nullable Timestamp ts(@Nullable Instant instant) {
    return instant == null ? null : Timestamp.from(instant);
  }

  private static @Nullable Instant instant(ResultSet rs, String column) throws SQLException {
    OffsetDateTime value = rs.getObject(column, OffsetDateTime.class);
    return value == null ? null : value.toInstant();
  }

  private static Instant required(ResultSet rs, String column) throws SQLException {
    return rs.getObject(column, OffsetDateTime.class).toInstant();
  }

  static Row row(ResultSet rs, int rowNum) throws SQLException {
    return new Row(
        rs.getLong("id"),
        rs.getLong("subscription_id"),
        rs.getLong("customer_id"),
        ChangeKind.valueOf(rs.getString("kind")),
        ConsentStatus.valueOf(rs.getString("status")),
        rs.getString("plan_name"),
        Won.of(rs.getLong("price_before")),
        Won.of(rs.getLong("price_after")),
        rs.getObject("change_date", LocalDate.class),
        required(rs, "change_at"),
        required(rs, "window_opens_at"),
        rs.getString("payment_method"),
        rs.getString("shown_text"),
        rs.getString("text_hash"),
        instant(rs, "next_send_at"),
        instant(rs, "requested_at"),
        instant(rs, "reminded_at"),
        instant(rs, "accepted_at"),
        instant(rs, "decided_at"),
        required(rs, "created_at"));
  }

  private static ConsentHistoryEntry entry(ResultSet rs, int rowNum) throws SQLException {
    long requestId = rs.getLong("request_id");
    Long request = rs.wasNull() ? null : requestId;
    return new ConsentHistoryEntry(
        rs.getLong("id"),
        request,
        rs.getLong("subscription_id"),
        rs.getLong("customer_id"),
        required(rs, "occurred_at"),
        rs.getString("action"),
        rs.getString("actor"),
        rs.getString("channel"),
        rs.getString("ip"),
        rs.getString("shown_text"),
        rs.getString("text_hash"),
        rs.getString("detail"));
  }
}
