package io.tossbill.payment;

import io.tossbill.customer.CardId;
import io.tossbill.customer.CustomerId;
import io.tossbill.platform.Won;
import io.tossbill.toss.DeclineKind;
import io.tossbill.toss.IdempotencyKey;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
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
 * The payment, refund and payment_history tables. Saves are compare-and-set on the status the row
 * was loaded with; many rows are written in one batch (one round trip).
 */
@Repository
class PaymentRepository {

  private static final String INSTALLATION =
      """
      SELECT id FROM payment_installation
      """;

  private static final String INSERT =
      """
      INSERT INTO payment (subscription_id, customer_id, purpose, period_no, attempt_no, period_start, period_end,
                           order_id, idempotency_key, order_name, amount, target_plan_id, status, requested_at,
                           next_check_at, card_id, sent_at, discount, discount_code)
      VALUES (:subscriptionId, :customerId, :purpose, :periodNo, :attemptNo, :periodStart, :periodEnd,
              :orderId, :idempotencyKey, :orderName, :amount, :targetPlanId, 'PENDING', :requestedAt,
              :nextCheckAt, :cardId, :sentAt, :discount, :discountCode)
      """;

  // Compare-and-set on the status the row was loaded with: a concurrent settlement makes this
  // match nothing. The identity columns and what the attempt asked for are never updated.
  private static final String UPDATE =
      """
      UPDATE payment
      SET status = :status, check_count = :checkCount, card_id = :cardId, sent_at = :sentAt,
          answered_code = :answeredCode, needs_review = :needsReview, payment_key = :paymentKey,
          approved_at = :approvedAt, receipt_url = :receiptUrl, vat = :vat, supplied_amount = :suppliedAmount,
          refunded_amount = :refundedAmount, failure_code = :failureCode, failure_message = :failureMessage,
          decline_kind = :declineKind, unknown_reason = :unknownReason, next_check_at = :nextCheckAt,
          settled_at = :settledAt
      WHERE id = :id AND status = :loadedStatus
      """;

  private static final String INSERT_HISTORY =
      """
      INSERT INTO payment_history (payment_id, refund_id, occurred_at, kind, status, amount, code, message,
                                   payment_key, detail)
      VALUES (:paymentId, :refundId, :occurredAt, :kind, :status, :amount, :code, :message, :paymentKey, :detail)
      """;

  private static final String BY_ID = "SELECT * FROM payment WHERE id = :id";

  private static final String BY_IDS = "SELECT * FROM payment WHERE id IN (:ids)";

  private static final String LOCK = "SELECT * FROM payment WHERE id = :id FOR UPDATE";

  private static final String LOCK_MANY =
      "SELECT * FROM payment WHERE id IN (:ids) ORDER BY id FOR UPDATE";

  private static final String BY_ORDER_IDS = "SELECT * FROM payment WHERE order_id IN (:orderIds)";

  private static final String BY_ORDER_ID = "SELECT * FROM payment WHERE order_id = :orderId";

  private static final String BY_PAYMENT_KEY =
      "SELECT * FROM payment WHERE payment_key = :paymentKey";

  private static final String IN_FLIGHT =
      """
      SELECT * FROM payment WHERE subscription_id = :subscriptionId AND status IN ('PENDING', 'UNKNOWN')
      """;

  private static final String IN_FLIGHT_OF =
      """
      SELECT subscription_id, needs_review FROM payment
      WHERE subscription_id IN (:subscriptionIds) AND status IN ('PENDING', 'UNKNOWN')
      """;

  private static final String IN_FLIGHT_UNREVIEWED =
      """
      SELECT * FROM payment
      WHERE subscription_id = :subscriptionId AND status IN ('PENDING', 'UNKNOWN') AND NOT needs_review
      """;

  // A period's declines that count toward dunning: an attempt given up because the card changed
  // has no decline kind and is not the customer's decline.
  private static final String COUNTED_DECLINES =
      """
      SELECT count(*) FROM payment
      WHERE subscription_id = :subscriptionId AND purpose = 'PERIOD' AND period_no = :periodNo
        AND status = 'DECLINED' AND decline_kind IS NOT NULL
      """;

  private static final String NEXT_ATTEMPTS =
      """
      SELECT subscription_id, purpose, period_no, max(attempt_no) AS last FROM payment
      WHERE subscription_id IN (:subscriptionIds)
      GROUP BY subscription_id, purpose, period_no
      """;

  private static final String APPROVED_OF_PERIOD =
      """
      SELECT * FROM payment
      WHERE subscription_id = :subscriptionId AND period_no = :periodNo AND status = 'APPROVED'
      ORDER BY id
      """;

  private static final String LAST_PERIOD_ATTEMPT =
      """
      SELECT * FROM payment WHERE subscription_id = :subscriptionId AND purpose = 'PERIOD' ORDER BY id DESC LIMIT 1
      """;

  // A claim is a lease: next_check_at moves forward, so another node skips the row until then.
  private static final String CLAIM_UNSETTLED =
      """
      UPDATE payment p SET next_check_at = :leaseUntil, check_count = p.check_count + 1
      FROM (SELECT id FROM payment
            WHERE status IN ('PENDING', 'UNKNOWN') AND next_check_at <= :now
            ORDER BY next_check_at
            LIMIT :limit
            FOR UPDATE SKIP LOCKED) due
      WHERE p.id = due.id
      RETURNING p.*
      """;

  private static final String OF_SUBSCRIPTION =
      "SELECT * FROM payment WHERE subscription_id = :subscriptionId ORDER BY id";

  private static final String HISTORY =
      "SELECT * FROM payment_history WHERE payment_id = :paymentId ORDER BY id";

  // ---- refunds

  private static final String INSERT_REFUND =
      """
      INSERT INTO refund (payment_id, amount, reason, source, status, idempotency_key, transaction_key, requested_at,
                          settled_at)
      VALUES (:paymentId, :amount, :reason, :source, :status, :idempotencyKey, :transactionKey, :requestedAt, :settledAt)
      RETURNING id
      """;

  private static final String UPDATE_REFUND =
      """
      UPDATE refund SET status = :status, transaction_key = :transactionKey, failure_code = :failureCode,
                        failure_message = :failureMessage, settled_at = :settledAt, next_check_at = :nextCheckAt,
                        send_count = :sendCount, needs_review = :needsReview
      WHERE id = :id AND status = :loadedStatus
      """;

  private static final String REFUND_BY_ID = "SELECT * FROM refund WHERE id = :id";

  private static final String REFUNDS =
      "SELECT * FROM refund WHERE payment_id = :paymentId ORDER BY id";

  private static final String REFUNDS_IN_FLIGHT =
      """
      SELECT coalesce(sum(amount), 0) FROM refund WHERE payment_id = :paymentId AND status IN ('PENDING', 'UNKNOWN')
      """;

  private static final String COUNT_REFUNDS =
      "SELECT count(*) FROM refund WHERE payment_id = :paymentId";

  // UNKNOWN refunds due for a read-back, and PENDING ones gone stale (the node died between the
  // commit of the refund row and the cancel call, or the outcome write failed).
  private static final String CLAIM_OPEN_REFUNDS =
      """
      UPDATE refund r SET next_check_at = :leaseUntil
      FROM (SELECT id FROM refund
            WHERE source = 'TOSSBILL'
              AND (next_check_at IS NULL OR next_check_at <= :now)
              AND (status = 'UNKNOWN' OR (status = 'PENDING' AND requested_at <= :staleBefore))
            ORDER BY id
            LIMIT :limit
            FOR UPDATE SKIP LOCKED) due
      WHERE r.id = due.id
      RETURNING r.*
      """;

  private static final String KNOWS_TRANSACTION =
      "SELECT count(*) FROM refund WHERE transaction_key = :transactionKey";

  private static final String OPEN_REFUND_OF_AMOUNT =
      """
      SELECT * FROM refund WHERE payment_id = :paymentId AND amount = :amount AND status IN ('PENDING', 'UNKNOWN')
      ORDER BY id LIMIT 1 FOR UPDATE
      """;

  private final JdbcClient jdbc;
  private final NamedParameterJdbcTemplate batch;
  private volatile @Nullable String installation;

  PaymentRepository(JdbcClient jdbc, NamedParameterJdbcTemplate batch) {
    this.jdbc = jdbc;
    this.batch = batch;
  }

  /** This installation's random id, part of every orderId. */
  String installation() {
    String id = installation;
    if (id == null) {
      id = jdbc.sql(INSTALLATION).query(String.class).single();
      installation = id;
    }
    return id;
  }

  // ---- charges

  /** Inserts new attempts (one batch) with their first history step; returns them as stored. */
  List<Charge> insert(List<Charge.State> attempts) {
    if (attempts.isEmpty()) {
      return List.of();
    }
    SqlParameterSource[] rows = new SqlParameterSource[attempts.size()];
    for (int i = 0; i < rows.length; i++) {
      Charge.State a = attempts.get(i);
      rows[i] =
          new MapSqlParameterSource()
              .addValue("subscriptionId", a.subscriptionId())
              .addValue("customerId", a.customerId().value())
              .addValue("purpose", a.purpose().name())
              .addValue("periodNo", a.periodNo())
              .addValue("attemptNo", a.attemptNo())
              .addValue("periodStart", a.periodStart())
              .addValue("periodEnd", a.periodEnd())
              .addValue("orderId", a.orderId())
              .addValue("idempotencyKey", a.idempotencyKey().value())
              .addValue("orderName", a.orderName())
              .addValue("amount", a.amount().value())
              .addValue("targetPlanId", a.targetPlanId())
              .addValue("requestedAt", ts(a.requestedAt()))
              .addValue("nextCheckAt", tsOrNull(a.nextCheckAt()))
              .addValue("cardId", a.cardId() == null ? null : a.cardId().value())
              .addValue("sentAt", tsOrNull(a.sentAt()))
              .addValue("discount", a.discount().value())
              .addValue("discountCode", a.discountCode());
    }
    batch.batchUpdate(INSERT, rows);
    List<Charge> stored = byOrderIds(attempts.stream().map(Charge.State::orderId).toList());
    List<Charge.Step> steps = new ArrayList<>();
    List<Long> ids = new ArrayList<>();
    for (Charge c : stored) {
      // An attempt bound to its card when recorded is sent right after this commit: one step says
      // both (the card is in its detail); a later first send adds its own SENT step.
      CardId card = c.state().cardId();
      steps.add(
          new Charge.Step(
              c.state().requestedAt(),
              LedgerStep.ATTEMPTED,
              PaymentStatus.PENDING,
              c.amount().value(),
              null,
              null,
              null,
              (card == null ? c.orderId() : c.orderId() + ", card " + card.value())
                  + (c.state().discount().isPositive()
                      ? ", 할인 "
                          + c.state().discount().value()
                          + "원 ("
                          + c.state().discountCode()
                          + ")"
                      : ""),
              null));
      ids.add(c.id());
    }
    writeSteps(ids, steps);
    return stored;
  }

  /** Writes the charges' changes (one batch) and their history; fails if one changed meanwhile. */
  void save(Collection<Charge> charges) {
    List<Charge> changed = List.copyOf(charges);
    if (changed.isEmpty()) {
      return;
    }
    SqlParameterSource[] rows = new SqlParameterSource[changed.size()];
    for (int i = 0; i < rows.length; i++) {
      Charge c = changed.get(i);
      Charge.State s = c.state();
      rows[i] =
          new MapSqlParameterSource()
              .addValue("id", s.id())
              .addValue("loadedStatus", c.loadedStatus().name())
              .addValue("status", s.status().name())
              .addValue("checkCount", s.checkCount())
              .addValue("cardId", s.cardId() == null ? null : s.cardId().value())
              .addValue("sentAt", tsOrNull(s.sentAt()))
              .addValue("answeredCode", s.answeredCode())
              .addValue("needsReview", s.needsReview())
              .addValue("paymentKey", s.paymentKey())
              .addValue("approvedAt", tsOrNull(s.approvedAt()))
              .addValue("receiptUrl", s.receiptUrl())
              .addValue("vat", s.vat())
              .addValue("suppliedAmount", s.suppliedAmount())
              .addValue("refundedAmount", s.refundedAmount())
              .addValue("failureCode", s.failureCode())
              .addValue("failureMessage", s.failureMessage())
              .addValue("declineKind", s.declineKind() == null ? null : s.declineKind().name())
              .addValue("unknownReason", s.unknownReason())
              .addValue("nextCheckAt", tsOrNull(s.nextCheckAt()))
              .addValue("settledAt", tsOrNull(s.settledAt()));
    }
    int[] counts = batch.batchUpdate(UPDATE, rows);
    for (int i = 0; i < counts.length; i++) {
      if (counts[i] == 0) {
        throw new OptimisticLockingFailureException(
            "payment " + changed.get(i).orderId() + " changed concurrently");
      }
    }
    List<Long> ids = new ArrayList<>();
    List<Charge.Step> steps = new ArrayList<>();
    for (Charge c : changed) {
      for (Charge.Step step : c.steps()) {
        ids.add(c.id());
        steps.add(step);
      }
      c.saved();
    }
    writeSteps(ids, steps);
  }

  void save(Charge charge) {
    save(List.of(charge));
  }

  private void writeSteps(List<Long> paymentIds, List<Charge.Step> steps) {
    if (steps.isEmpty()) {
      return;
    }
    SqlParameterSource[] rows = new SqlParameterSource[steps.size()];
    for (int i = 0; i < rows.length; i++) {
      Charge.Step s = steps.get(i);
      rows[i] =
          new MapSqlParameterSource()
              .addValue("paymentId", paymentIds.get(i))
              .addValue("refundId", s.refundId())
              .addValue("occurredAt", ts(s.at()))
              .addValue("kind", s.kind().name())
              .addValue("status", s.status().name())
              .addValue("amount", s.amount())
              .addValue("code", s.code())
              .addValue("message", s.message())
              .addValue("paymentKey", s.paymentKey())
              .addValue("detail", s.detail());
    }
    batch.batchUpdate(INSERT_HISTORY, rows);
  }

  Optional<Charge> find(long id) {
    return jdbc.sql(BY_ID).param("id", id).query(PaymentRepository::charge).optional();
  }

  List<Charge> find(Collection<Long> ids) {
    return ids.isEmpty()
        ? List.of()
        : jdbc.sql(BY_IDS).param("ids", ids).query(PaymentRepository::charge).list();
  }

  Optional<Charge> lock(long id) {
    return jdbc.sql(LOCK).param("id", id).query(PaymentRepository::charge).optional();
  }

  /** Locks many charges in id order (so two writers never wait on each other in a cycle). */
  List<Charge> lock(Collection<Long> ids) {
    if (ids.isEmpty()) {
      return List.of();
    }
    return jdbc.sql(LOCK_MANY).param("ids", ids).query(PaymentRepository::charge).list();
  }

  private List<Charge> byOrderIds(List<String> orderIds) {
    return jdbc.sql(BY_ORDER_IDS)
        .param("orderIds", orderIds)
        .query(PaymentRepository::charge)
        .list();
  }

  Optional<Charge> findByOrderId(String orderId) {
    return jdbc.sql(BY_ORDER_ID)
        .param("orderId", orderId)
        .query(PaymentRepository::charge)
        .optional();
  }

  Optional<Charge> findByPaymentKey(String paymentKey) {
    return jdbc.sql(BY_PAYMENT_KEY)
        .param("paymentKey", paymentKey)
        .query(PaymentRepository::charge)
        .optional();
  }

  Optional<Charge> inFlight(long subscriptionId) {
    return jdbc.sql(IN_FLIGHT)
        .param("subscriptionId", subscriptionId)
        .query(PaymentRepository::charge)
        .optional();
  }

  /**
   * Which of these subscriptions have an attempt pending or unknown (one statement), and whether
   * that attempt is flagged for review.
   */
  java.util.Map<Long, Boolean> inFlightAmong(Collection<Long> subscriptionIds) {
    java.util.Map<Long, Boolean> found = new java.util.HashMap<>();
    if (subscriptionIds.isEmpty()) {
      return found;
    }
    jdbc.sql(IN_FLIGHT_OF)
        .param("subscriptionIds", subscriptionIds)
        .query((rs, n) -> found.put(rs.getLong("subscription_id"), rs.getBoolean("needs_review")))
        .list();
    return found;
  }

  Optional<Charge> inFlightUnreviewed(long subscriptionId) {
    return jdbc.sql(IN_FLIGHT_UNREVIEWED)
        .param("subscriptionId", subscriptionId)
        .query(PaymentRepository::charge)
        .optional();
  }

  long countedDeclines(long subscriptionId, int periodNo) {
    return jdbc.sql(COUNTED_DECLINES)
        .param("subscriptionId", subscriptionId)
        .param("periodNo", periodNo)
        .query(Long.class)
        .single();
  }

  /** The last attempt number of each (subscription, purpose, period) among these subscriptions. */
  record LastAttempt(long subscriptionId, ChargePurpose purpose, int periodNo, int last) {}

  List<LastAttempt> lastAttempts(Collection<Long> subscriptionIds) {
    if (subscriptionIds.isEmpty()) {
      return List.of();
    }
    return jdbc.sql(NEXT_ATTEMPTS)
        .param("subscriptionIds", subscriptionIds)
        .query(
            (rs, n) ->
                new LastAttempt(
                    rs.getLong("subscription_id"),
                    ChargePurpose.valueOf(rs.getString("purpose")),
                    rs.getInt("period_no"),
                    rs.getInt("last")))
        .list();
  }

  List<Charge> approvedOfPeriod(long subscriptionId, int periodNo) {
    return jdbc.sql(APPROVED_OF_PERIOD)
        .param("subscriptionId", subscriptionId)
        .param("periodNo", periodNo)
        .query(PaymentRepository::charge)
        .list();
  }

  Optional<Charge> lastPeriodAttempt(long subscriptionId) {
    return jdbc.sql(LAST_PERIOD_ATTEMPT)
        .param("subscriptionId", subscriptionId)
        .query(PaymentRepository::charge)
        .optional();
  }

  List<Charge> claimUnsettled(Instant now, Instant leaseUntil, int limit) {
    return jdbc.sql(CLAIM_UNSETTLED)
        .param("now", ts(now))
        .param("leaseUntil", ts(leaseUntil))
        .param("limit", limit)
        .query(PaymentRepository::charge)
        .list();
  }

  List<Charge> ofSubscription(long subscriptionId) {
    return jdbc.sql(OF_SUBSCRIPTION)
        .param("subscriptionId", subscriptionId)
        .query(PaymentRepository::charge)
        .list();
  }

  /** One step of a payment's history, as the API shows it. */
  List<PaymentHistoryStep> history(long paymentId) {
    return jdbc.sql(HISTORY)
        .param("paymentId", paymentId)
        .query(
            (rs, n) ->
                new PaymentHistoryStep(
                    instant(rs, "occurred_at"),
                    rs.getString("kind"),
                    PaymentStatus.valueOf(rs.getString("status")),
                    longOrNull(rs, "refund_id"),
                    longOrNull(rs, "amount") == null ? null : Won.of(rs.getLong("amount")),
                    rs.getString("code"),
                    rs.getString("message"),
                    rs.getString("detail")))
        .list();
  }

  // ---- refunds

  Refund insertRefund(Refund.State r) {
    long id =
        jdbc.sql(INSERT_REFUND)
            .param("paymentId", r.paymentId())
            .param("amount", r.amount().value())
            .param("reason", r.reason())
            .param("source", r.source().name())
            .param("status", r.status().name())
            .param("idempotencyKey", r.idempotencyKey())
            .param("transactionKey", r.transactionKey())
            .param("requestedAt", ts(r.requestedAt()))
            .param("settledAt", tsOrNull(r.settledAt()))
            .query(Long.class)
            .single();
    return findRefund(id).orElseThrow();
  }

  void save(Refund refund) {
    Refund.State s = refund.state();
    int updated =
        jdbc.sql(UPDATE_REFUND)
            .param("id", s.id())
            .param("loadedStatus", refund.loadedStatus().name())
            .param("status", s.status().name())
            .param("transactionKey", s.transactionKey())
            .param("failureCode", s.failureCode())
            .param("failureMessage", s.failureMessage())
            .param("settledAt", tsOrNull(s.settledAt()))
            .param("nextCheckAt", tsOrNull(s.nextCheckAt()))
            .param("sendCount", s.sendCount())
            .param("needsReview", s.needsReview())
            .update();
    if (updated != 1) {
      throw new OptimisticLockingFailureException("refund " + s.id() + " changed concurrently");
    }
    refund.saved();
  }

  Optional<Refund> findRefund(long id) {
    return jdbc.sql(REFUND_BY_ID).param("id", id).query(PaymentRepository::refund).optional();
  }

  List<Refund> refunds(long paymentId) {
    return jdbc.sql(REFUNDS).param("paymentId", paymentId).query(PaymentRepository::refund).list();
  }

  Won refundsInFlight(long paymentId) {
    return Won.of(
        jdbc.sql(REFUNDS_IN_FLIGHT).param("paymentId", paymentId).query(Long.class).single());
  }

  long countRefunds(long paymentId) {
    return jdbc.sql(COUNT_REFUNDS).param("paymentId", paymentId).query(Long.class).single();
  }

  List<Refund> claimOpenRefunds(Instant now, Instant staleBefore, Instant leaseUntil, int limit) {
    return jdbc.sql(CLAIM_OPEN_REFUNDS)
        .param("now", ts(now))
        .param("staleBefore", ts(staleBefore))
        .param("leaseUntil", ts(leaseUntil))
        .param("limit", limit)
        .query(PaymentRepository::refund)
        .list();
  }

  boolean knowsTransaction(String transactionKey) {
    return jdbc.sql(KNOWS_TRANSACTION)
            .param("transactionKey", transactionKey)
            .query(Long.class)
            .single()
        > 0;
  }

  Optional<Refund> openRefundOfAmount(long paymentId, long amount) {
    return jdbc.sql(OPEN_REFUND_OF_AMOUNT)
        .param("paymentId", paymentId)
        .param("amount", amount)
        .query(PaymentRepository::refund)
        .optional();
  }

  // ---- mapping

  static Timestamp ts(Instant instant) {
    return Timestamp.from(instant);
  }

  static @Nullable Timestamp tsOrNull(@Nullable Instant instant) {
    return instant == null ? null : Timestamp.from(instant);
  }

  static Instant instant(ResultSet rs, String column) throws SQLException {
    return rs.getObject(column, OffsetDateTime.class).toInstant();
  }

  static @Nullable Instant instantOrNull(ResultSet rs, String column) throws SQLException {
    OffsetDateTime value = rs.getObject(column, OffsetDateTime.class);
    return value == null ? null : value.toInstant();
  }

  private static @Nullable Long longOrNull(ResultSet rs, String column) throws SQLException {
    long value = rs.getLong(column);
    return rs.wasNull() ? null : value;
  }

  static Charge charge(ResultSet rs, int rowNum) throws SQLException {
    String declineKind = rs.getString("decline_kind");
    return new Charge(
        new Charge.State(
            rs.getLong("id"),
            rs.getLong("subscription_id"),
            new CustomerId(rs.getLong("customer_id")),
            ChargePurpose.valueOf(rs.getString("purpose")),
            rs.getInt("period_no"),
            rs.getInt("attempt_no"),
            rs.getObject("period_start", LocalDate.class),
            rs.getObject("period_end", LocalDate.class),
            rs.getString("order_id"),
            IdempotencyKey.of(rs.getString("idempotency_key")),
            rs.getString("order_name"),
            Won.of(rs.getLong("amount")),
            longOrNull(rs, "target_plan_id"),
            instant(rs, "requested_at"),
            PaymentStatus.valueOf(rs.getString("status")),
            rs.getInt("check_count"),
            rs.getObject("card_id") == null ? null : new CardId(rs.getLong("card_id")),
            instantOrNull(rs, "sent_at"),
            rs.getString("answered_code"),
            rs.getBoolean("needs_review"),
            rs.getString("payment_key"),
            instantOrNull(rs, "approved_at"),
            rs.getString("receipt_url"),
            longOrNull(rs, "vat"),
            longOrNull(rs, "supplied_amount"),
            rs.getLong("refunded_amount"),
            rs.getString("failure_code"),
            rs.getString("failure_message"),
            declineKind == null ? null : DeclineKind.valueOf(declineKind),
            rs.getString("unknown_reason"),
            instantOrNull(rs, "next_check_at"),
            instantOrNull(rs, "settled_at"),
            Won.of(rs.getLong("discount")),
            rs.getString("discount_code")));
  }

  static Refund refund(ResultSet rs, int rowNum) throws SQLException {
    return new Refund(
        new Refund.State(
            rs.getLong("id"),
            rs.getLong("payment_id"),
            Won.of(rs.getLong("amount")),
            rs.getString("reason"),
            Refund.Source.valueOf(rs.getString("source")),
            RefundStatus.valueOf(rs.getString("status")),
            rs.getString("idempotency_key"),
            rs.getString("transaction_key"),
            rs.getString("failure_code"),
            rs.getString("failure_message"),
            instant(rs, "requested_at"),
            instantOrNull(rs, "settled_at"),
            instantOrNull(rs, "next_check_at"),
            rs.getInt("send_count"),
            rs.getBoolean("needs_review")));
  }
}
