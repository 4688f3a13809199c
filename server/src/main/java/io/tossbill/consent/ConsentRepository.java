package io.tossbill.consent;

import io.tossbill.billing.ChargeConsentPolicy.ChangeKind;
import io.tossbill.platform.Won;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.springframework.dao.OptimisticLockingFailureException;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.jdbc.core.namedparam.SqlParameterSource;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * Consent requests, snoozes and the append-only consent history. A request is saved with
 * compare-and-set on the status it was loaded with, together with the history steps it recorded.
 */
@Repository
class ConsentRepository {

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
  private final NamedParameterJdbcTemplate batch;

  ConsentRepository(JdbcClient jdbc, NamedParameterJdbcTemplate batch) {
    this.jdbc = jdbc;
    this.batch = batch;
  }

  /**
   * Inserts a new request, due in the customer's time ({@code clockOffset}: their test clock),
   * gives it its id and writes its steps. False (nothing written) when a request that is not
   * superseded exists for the same subscription and change date.
   */
  boolean insert(Consent consent, Duration clockOffset) {
    Consent.State c = consent.state();
    Optional<Long> id =
        jdbc.sql(INSERT)
            .param("clockOffset", clockOffset.toSeconds())
            .param("subscriptionId", c.subscriptionId())
            .param("customerId", c.customerId())
            .param("kind", c.kind().name())
            .param("status", c.status().name())
            .param("planName", c.planName())
            .param("priceBefore", c.priceBefore().value())
            .param("priceAfter", c.priceAfter().value())
            .param("changeDate", c.changeDate())
            .param("changeAt", ts(c.changeAt()))
            .param("windowOpensAt", ts(c.windowOpensAt()))
            .param("paymentMethod", c.paymentMethod())
            .param("shownText", c.shownText())
            .param("textHash", c.textHash())
            .param("nextSendAt", ts(c.nextSendAt()))
            .param("requestedAt", ts(c.requestedAt()))
            .param("createdAt", ts(c.createdAt()))
            .query(Long.class)
            .optional();
    if (id.isEmpty()) {
      return false;
    }
    consent.identify(id.get());
    writeSteps(List.of(consent));
    consent.saved();
    return true;
  }

  /** The customer's test clock moved: their requests are due by their new time. */
  void clockMoved(long customerId, Duration offset) {
    jdbc.sql(SET_CLOCK_OFFSET)
        .param("customerId", customerId)
        .param("offset", offset.toSeconds())
        .update();
  }

  void save(Consent consent, Instant now) {
    save(List.of(consent), now);
  }

  /**
   * Writes the requests that changed (one batch, compare-and-set on the status each was loaded
   * with: callers hold the row locks) and every pending step; fails if one moved meanwhile.
   */
  void save(Collection<Consent> consents, Instant now) {
    List<Consent> changed = consents.stream().filter(Consent::changed).toList();
    if (!changed.isEmpty()) {
      SqlParameterSource[] rows = new SqlParameterSource[changed.size()];
      for (int i = 0; i < rows.length; i++) {
        Consent.State c = changed.get(i).state();
        rows[i] =
            new MapSqlParameterSource()
                .addValue("status", c.status().name())
                .addValue("paymentMethod", c.paymentMethod())
                .addValue("shownText", c.shownText())
                .addValue("textHash", c.textHash())
                .addValue("nextSendAt", ts(c.nextSendAt()))
                .addValue("requestedAt", ts(c.requestedAt()))
                .addValue("remindedAt", ts(c.remindedAt()))
                .addValue("acceptedAt", ts(c.acceptedAt()))
                .addValue("decidedAt", ts(c.decidedAt()))
                .addValue("now", ts(now))
                .addValue("id", c.id())
                .addValue("from", changed.get(i).loadedStatus().name());
      }
      int[] counts = batch.batchUpdate(UPDATE, rows);
      for (int i = 0; i < counts.length; i++) {
        if (counts[i] == 0) {
          Consent c = changed.get(i);
          throw new OptimisticLockingFailureException(
              "consent request " + c.id() + " is no longer " + c.loadedStatus());
        }
      }
    }
    writeSteps(consents);
    consents.forEach(Consent::saved);
  }

  Optional<Consent> find(long id) {
    return jdbc.sql(BY_ID).param("id", id).query(ConsentRepository::consent).optional();
  }

  Optional<Consent> lock(long id) {
    return jdbc.sql(LOCK).param("id", id).query(ConsentRepository::consent).optional();
  }

  /** The request (live, applied or lapsed) for a subscription's change date, locked. */
  Optional<Consent> lockForChange(long subscriptionId, LocalDate changeDate) {
    return jdbc.sql(FOR_CHANGE)
        .param("subscriptionId", subscriptionId)
        .param("changeDate", changeDate)
        .query(ConsentRepository::consent)
        .optional();
  }

  List<Consent> lockLive(long subscriptionId) {
    return jdbc.sql(LIVE_OF_SUBSCRIPTION)
        .param("subscriptionId", subscriptionId)
        .query(ConsentRepository::consent)
        .list();
  }

  /** The customer's requests that may still be accepted (their text can still be shown). */
  List<Long> openOfCustomer(long customerId) {
    return jdbc.sql(OPEN_OF_CUSTOMER).param("customerId", customerId).query(Long.class).list();
  }

  List<Consent> ofSubscription(long subscriptionId) {
    return jdbc.sql(OF_SUBSCRIPTION)
        .param("subscriptionId", subscriptionId)
        .query(ConsentRepository::consent)
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

  /** Appends a step of the subscription's consent that concerns no request. */
  void append(long subscriptionId, long customerId, Consent.Step step) {
    jdbc.sql(INSERT_STEP).paramSource(step(null, subscriptionId, customerId, step)).update();
  }

  private void writeSteps(Collection<Consent> consents) {
    List<SqlParameterSource> rows = new ArrayList<>();
    for (Consent c : consents) {
      for (Consent.Step step : c.steps()) {
        rows.add(step(c.id(), c.subscriptionId(), c.customerId(), step));
      }
    }
    if (!rows.isEmpty()) {
      batch.batchUpdate(INSERT_STEP, rows.toArray(SqlParameterSource[]::new));
    }
  }

  private static MapSqlParameterSource step(
      @Nullable Long requestId, long subscriptionId, long customerId, Consent.Step step) {
    ConsentChannel channel = step.channel();
    return new MapSqlParameterSource()
        .addValue("requestId", requestId)
        .addValue("subscriptionId", subscriptionId)
        .addValue("customerId", customerId)
        .addValue("at", ts(step.at()))
        .addValue("action", step.action().name())
        .addValue("actor", step.actor())
        .addValue("channel", channel == null ? null : channel.name())
        .addValue("ip", step.ip())
        .addValue("shownText", step.shownText())
        .addValue("textHash", step.textHash())
        .addValue("detail", step.detail());
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

  private static Consent consent(ResultSet rs, int rowNum) throws SQLException {
    return new Consent(
        new Consent.State(
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
            required(rs, "created_at")));
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
