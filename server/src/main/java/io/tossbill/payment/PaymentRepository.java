package io.tossbill.payment;

import io.tossbill.customer.CardId;
import io.tossbill.customer.CustomerId;
import io.tossbill.platform.Won;
import io.tossbill.toss.IdempotencyKey;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The payment and refund tables. */
@Repository
class PaymentRepository {

  private static final String INSTALLATION =
      """
      SELECT id FROM billing_installation
      """;

  private static final String INSERT =
      """
      INSERT INTO payment (subscription_id, customer_id, purpose, period_no, attempt_no, period_start, period_end,
                           order_id, idempotency_key, order_name, amount, target_plan_id, status, requested_at,
                           next_check_at)
      VALUES (:subscriptionId, :customerId, :purpose, :periodNo, :attemptNo, :periodStart, :periodEnd,
              :orderId, :idempotencyKey, :orderName, :amount, :targetPlanId, 'PENDING', :requestedAt, :nextCheckAt)
      RETURNING *
      """;

  private static final String BY_ID =
      """
      SELECT * FROM payment WHERE id = :id
      """;

  private static final String IN_FLIGHT =
      """
      SELECT * FROM payment WHERE subscription_id = :subscriptionId AND status IN ('PENDING', 'UNKNOWN')
      """;

  private static final String IN_FLIGHT_UNREVIEWED =
      """
      SELECT * FROM payment
      WHERE subscription_id = :subscriptionId AND status IN ('PENDING', 'UNKNOWN') AND NOT needs_review
      """;

  // A period's declines that count toward dunning: an attempt given up because the card changed
  // is not the customer's decline.
  private static final String COUNTED_DECLINES =
      """
      SELECT count(*) FROM payment
      WHERE subscription_id = :subscriptionId AND purpose = 'PERIOD' AND period_no = :periodNo
        AND status = 'DECLINED' AND failure_code IS DISTINCT FROM 'CARD_CHANGED'
      """;

  private static final String NEXT_ATTEMPT =
      """
      SELECT coalesce(max(attempt_no), 0) + 1 FROM payment
      WHERE subscription_id = :subscriptionId AND purpose = :purpose AND period_no = :periodNo
      """;

  private static final String APPROVE =
      """
      UPDATE payment
      SET status = 'APPROVED', payment_key = :paymentKey, approved_at = :approvedAt, receipt_url = :receiptUrl,
          vat = :vat, supplied_amount = :suppliedAmount, refunded_amount = :refunded, settled_at = :now,
          next_check_at = NULL, failure_code = NULL, failure_message = NULL, unknown_reason = NULL
      WHERE id = :id AND status IN ('PENDING', 'UNKNOWN')
      """;

  private static final String DECLINE =
      """
      UPDATE payment
      SET status = 'DECLINED', failure_code = :code, failure_message = :message, decline_kind = :kind,
          settled_at = :now, next_check_at = NULL
      WHERE id = :id AND status IN ('PENDING', 'UNKNOWN')
      """;

  private static final String MARK_UNKNOWN =
      """
      UPDATE payment SET status = 'UNKNOWN', unknown_reason = :reason, next_check_at = :nextCheckAt,
                         answered_code = :answeredCode
      WHERE id = :id AND status IN ('PENDING', 'UNKNOWN')
      """;

  // Just before Toss is called: the card is fixed for every later re-send, and a PENDING attempt's
  // staleness counts from here, not from the claim. Matches nothing when the attempt was settled
  // meanwhile or was sent before to another card.
  private static final String BEGIN_SEND =
      """
      UPDATE payment SET card_id = coalesce(card_id, :cardId), sent_at = coalesce(sent_at, :now),
                         next_check_at = :nextCheckAt
      WHERE id = :id AND status IN ('PENDING', 'UNKNOWN') AND (card_id IS NULL OR card_id = :cardId)
      """;

  private static final String FLAG_FOR_REVIEW =
      """
      UPDATE payment SET needs_review = true, next_check_at = :nextCheckAt, unknown_reason = :reason
      WHERE id = :id AND status IN ('PENDING', 'UNKNOWN')
      """;

  private static final String APPROVED_OF_PERIOD =
      """
      SELECT * FROM payment
      WHERE subscription_id = :subscriptionId AND period_no = :periodNo AND status = 'APPROVED'
      ORDER BY id
      """;

  private static final String LAST_OF_SUBSCRIPTION =
      """
      SELECT * FROM payment WHERE subscription_id = :subscriptionId AND purpose = 'PERIOD' ORDER BY id DESC LIMIT 1
      """;

  // A claim is a lease: next_check_at moves forward, so another node skips the row until it
  // expires.
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

  private static final String BACK_OFF =
      """
      UPDATE payment SET next_check_at = :nextCheckAt, unknown_reason = :reason
      WHERE id = :id AND status IN ('PENDING', 'UNKNOWN')
      """;

  private static final String OF_SUBSCRIPTION =
      """
      SELECT * FROM payment WHERE subscription_id = :subscriptionId ORDER BY id
      """;

  private static final String APPROVED_PERIOD =
      """
      SELECT * FROM payment
      WHERE subscription_id = :subscriptionId AND period_no = :periodNo AND purpose = 'PERIOD' AND status = 'APPROVED'
      """;

  private static final String BY_PAYMENT_KEY =
      """
      SELECT * FROM payment WHERE payment_key = :paymentKey
      """;

  private static final String BY_ORDER_ID =
      """
      SELECT * FROM payment WHERE order_id = :orderId
      """;

  private static final String LOCK =
      """
      SELECT * FROM payment WHERE id = :id FOR UPDATE
      """;

  private static final String SET_REFUNDED =
      """
      UPDATE payment SET refunded_amount = :refunded WHERE id = :id
      """;

  private static final String REFUNDS =
      """
      SELECT * FROM refund WHERE payment_id = :paymentId ORDER BY id
      """;

  private static final String REFUNDS_IN_FLIGHT =
      """
      SELECT coalesce(sum(amount), 0) FROM refund WHERE payment_id = :paymentId AND status IN ('PENDING', 'UNKNOWN')
      """;

  private static final String INSERT_REFUND =
      """
      INSERT INTO refund (payment_id, amount, reason, source, status, idempotency_key, transaction_key, requested_at,
                          settled_at)
      VALUES (:paymentId, :amount, :reason, :source, :status, :idempotencyKey, :transactionKey, :requestedAt, :settledAt)
      RETURNING id
      """;

  private static final String COUNT_REFUNDS =
      """
      SELECT count(*) FROM refund WHERE payment_id = :paymentId
      """;

  private static final String SETTLE_REFUND =
      """
      UPDATE refund SET status = :status, transaction_key = :transactionKey, failure_code = :failureCode,
                        failure_message = :failureMessage, settled_at = :now
      WHERE id = :id AND status IN ('PENDING', 'UNKNOWN')
      """;

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
      RETURNING r.id, r.payment_id, r.amount, r.reason, r.idempotency_key, r.send_count
      """;

  private static final String REFUND_SENT =
      """
      UPDATE refund SET send_count = send_count + 1 WHERE id = :id AND status IN ('PENDING', 'UNKNOWN')
      """;

  private static final String FLAG_REFUND_FOR_REVIEW =
      """
      UPDATE refund SET needs_review = true WHERE id = :id AND status IN ('PENDING', 'UNKNOWN')
      """;

  private static final String REFUND_BY_ID =
      """
      SELECT id, payment_id, amount, reason, idempotency_key, send_count FROM refund WHERE id = :id
      """;

  private static final String UNKNOWN_REFUND_NEXT_CHECK =
      """
      UPDATE refund SET next_check_at = :nextCheckAt WHERE id = :id AND status = 'UNKNOWN'
      """;

  private static final String REFUND_STATUS =
      """
      SELECT status FROM refund WHERE id = :id
      """;

  private static final String REFUND_BY_TRANSACTION =
      """
      SELECT count(*) FROM refund WHERE transaction_key = :transactionKey
      """;

  private static final String OPEN_REFUND_OF_AMOUNT =
      """
      SELECT id FROM refund WHERE payment_id = :paymentId AND amount = :amount AND status IN ('PENDING', 'UNKNOWN')
      ORDER BY id LIMIT 1
      """;

  private final JdbcClient jdbc;
  private volatile @Nullable String installation;

  PaymentRepository(JdbcClient jdbc) {
    this.jdbc = jdbc;
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

  Row insert(
      NewAttempt attempt, String orderId, String idempotencyKey, Instant now, Instant nextCheckAt) {
    return jdbc.sql(INSERT)
        .param("subscriptionId", attempt.subscriptionId())
        .param("customerId", attempt.customerId().value())
        .param("purpose", attempt.purpose().name())
        .param("periodNo", attempt.periodNo())
        .param("attemptNo", attempt.attemptNo())
        .param("periodStart", attempt.periodStart())
        .param("periodEnd", attempt.periodEnd())
        .param("orderId", orderId)
        .param("idempotencyKey", idempotencyKey)
        .param("orderName", attempt.orderName())
        .param("amount", attempt.amount().value())
        .param("targetPlanId", attempt.targetPlanId())
        .param("requestedAt", ts(now))
        .param("nextCheckAt", ts(nextCheckAt))
        .query(PaymentRepository::row)
        .single();
  }

  Optional<Row> find(long id) {
    return jdbc.sql(BY_ID).param("id", id).query(PaymentRepository::row).optional();
  }

  Optional<Row> lock(long id) {
    return jdbc.sql(LOCK).param("id", id).query(PaymentRepository::row).optional();
  }

  Optional<Row> findByPaymentKey(String paymentKey) {
    return jdbc.sql(BY_PAYMENT_KEY)
        .param("paymentKey", paymentKey)
        .query(PaymentRepository::row)
        .optional();
  }

  Optional<Row> findByOrderId(String orderId) {
    return jdbc.sql(BY_ORDER_ID).param("orderId", orderId).query(PaymentRepository::row).optional();
  }

  Optional<Row> inFlight(long subscriptionId) {
    return jdbc.sql(IN_FLIGHT)
        .param("subscriptionId", subscriptionId)
        .query(PaymentRepository::row)
        .optional();
  }

  Optional<Row> inFlightUnreviewed(long subscriptionId) {
    return jdbc.sql(IN_FLIGHT_UNREVIEWED)
        .param("subscriptionId", subscriptionId)
        .query(PaymentRepository::row)
        .optional();
  }

  long countedDeclines(long subscriptionId, int periodNo) {
    return jdbc.sql(COUNTED_DECLINES)
        .param("subscriptionId", subscriptionId)
        .param("periodNo", periodNo)
        .query(Long.class)
        .single();
  }

  int nextAttemptNo(long subscriptionId, ChargePurpose purpose, int periodNo) {
    return jdbc.sql(NEXT_ATTEMPT)
        .param("subscriptionId", subscriptionId)
        .param("purpose", purpose.name())
        .param("periodNo", periodNo)
        .query(Integer.class)
        .single();
  }

  boolean approve(
      long id,
      String paymentKey,
      @Nullable Instant approvedAt,
      @Nullable String receiptUrl,
      long vat,
      long suppliedAmount,
      long refunded,
      Instant now) {
    return jdbc.sql(APPROVE)
            .param("id", id)
            .param("paymentKey", paymentKey)
            .param("approvedAt", approvedAt == null ? ts(now) : ts(approvedAt))
            .param("receiptUrl", receiptUrl)
            .param("vat", vat)
            .param("suppliedAmount", suppliedAmount)
            .param("refunded", refunded)
            .param("now", ts(now))
            .update()
        == 1;
  }

  boolean decline(long id, String code, String message, @Nullable String kind, Instant now) {
    return jdbc.sql(DECLINE)
            .param("id", id)
            .param("code", code)
            .param("message", message)
            .param("kind", kind)
            .param("now", ts(now))
            .update()
        == 1;
  }

  boolean markUnknown(long id, String reason, @Nullable String answeredCode, Instant nextCheckAt) {
    return jdbc.sql(MARK_UNKNOWN)
            .param("id", id)
            .param("reason", truncate(reason))
            .param("nextCheckAt", ts(nextCheckAt))
            .param("answeredCode", answeredCode)
            .update()
        == 1;
  }

  boolean beginSend(long id, long cardId, Instant now, Instant nextCheckAt) {
    return jdbc.sql(BEGIN_SEND)
            .param("id", id)
            .param("cardId", cardId)
            .param("now", ts(now))
            .param("nextCheckAt", ts(nextCheckAt))
            .update()
        == 1;
  }

  void flagForReview(long id, Instant nextCheckAt, String reason) {
    jdbc.sql(FLAG_FOR_REVIEW)
        .param("id", id)
        .param("nextCheckAt", ts(nextCheckAt))
        .param("reason", truncate(reason))
        .update();
  }

  List<Row> approvedOfPeriod(long subscriptionId, int periodNo) {
    return jdbc.sql(APPROVED_OF_PERIOD)
        .param("subscriptionId", subscriptionId)
        .param("periodNo", periodNo)
        .query(PaymentRepository::row)
        .list();
  }

  Optional<Row> lastPeriodAttempt(long subscriptionId) {
    return jdbc.sql(LAST_OF_SUBSCRIPTION)
        .param("subscriptionId", subscriptionId)
        .query(PaymentRepository::row)
        .optional();
  }

  List<Row> claimUnsettled(Instant now, Instant leaseUntil, int limit) {
    return jdbc.sql(CLAIM_UNSETTLED)
        .param("now", ts(now))
        .param("leaseUntil", ts(leaseUntil))
        .param("limit", limit)
        .query(PaymentRepository::row)
        .list();
  }

  void backOff(long id, Instant nextCheckAt, String reason) {
    jdbc.sql(BACK_OFF)
        .param("id", id)
        .param("nextCheckAt", ts(nextCheckAt))
        .param("reason", truncate(reason))
        .update();
  }

  List<Row> ofSubscription(long subscriptionId) {
    return jdbc.sql(OF_SUBSCRIPTION)
        .param("subscriptionId", subscriptionId)
        .query(PaymentRepository::row)
        .list();
  }

  Optional<Row> approvedPeriod(long subscriptionId, int periodNo) {
    return jdbc.sql(APPROVED_PERIOD)
        .param("subscriptionId", subscriptionId)
        .param("periodNo", periodNo)
        .query(PaymentRepository::row)
        .optional();
  }

  void setRefunded(long id, long refunded) {
    jdbc.sql(SET_REFUNDED).param("id", id).param("refunded", refunded).update();
  }

  List<PaymentView.RefundView> refunds(long paymentId) {
    return jdbc.sql(REFUNDS)
        .param("paymentId", paymentId)
        .query(
            (rs, n) ->
                new PaymentView.RefundView(
                    rs.getLong("id"),
                    Won.of(rs.getLong("amount")),
                    rs.getString("reason"),
                    rs.getString("source"),
                    rs.getString("status"),
                    rs.getString("failure_code"),
                    rs.getString("failure_message"),
                    instant(rs, "requested_at"),
                    instantOrNull(rs, "settled_at"),
                    rs.getBoolean("needs_review")))
        .list();
  }

  long refundsInFlight(long paymentId) {
    return jdbc.sql(REFUNDS_IN_FLIGHT).param("paymentId", paymentId).query(Long.class).single();
  }

  long countRefunds(long paymentId) {
    return jdbc.sql(COUNT_REFUNDS).param("paymentId", paymentId).query(Long.class).single();
  }

  long insertRefund(
      long paymentId,
      long amount,
      String reason,
      String source,
      String status,
      @Nullable String idempotencyKey,
      @Nullable String transactionKey,
      Instant now,
      @Nullable Instant settledAt) {
    return jdbc.sql(INSERT_REFUND)
        .param("paymentId", paymentId)
        .param("amount", amount)
        .param("reason", reason)
        .param("source", source)
        .param("status", status)
        .param("idempotencyKey", idempotencyKey)
        .param("transactionKey", transactionKey)
        .param("requestedAt", ts(now))
        .param("settledAt", settledAt == null ? null : ts(settledAt))
        .query(Long.class)
        .single();
  }

  boolean settleRefund(
      long id,
      String status,
      @Nullable String transactionKey,
      @Nullable String failureCode,
      @Nullable String failureMessage,
      Instant now) {
    return jdbc.sql(SETTLE_REFUND)
            .param("id", id)
            .param("status", status)
            .param("transactionKey", transactionKey)
            .param("failureCode", failureCode)
            .param("failureMessage", failureMessage)
            .param("now", ts(now))
            .update()
        == 1;
  }

  /** An open (PENDING or UNKNOWN) refund claimed for a read-back. */
  record OpenRefund(
      long id, long paymentId, long amount, String reason, String idempotencyKey, int sendCount) {}

  List<OpenRefund> claimOpenRefunds(
      Instant now, Instant staleBefore, Instant leaseUntil, int limit) {
    return jdbc.sql(CLAIM_OPEN_REFUNDS)
        .param("now", ts(now))
        .param("staleBefore", ts(staleBefore))
        .param("leaseUntil", ts(leaseUntil))
        .param("limit", limit)
        .query(PaymentRepository::openRefund)
        .list();
  }

  Optional<OpenRefund> findRefund(long id) {
    return jdbc.sql(REFUND_BY_ID).param("id", id).query(PaymentRepository::openRefund).optional();
  }

  private static OpenRefund openRefund(ResultSet rs, int n) throws SQLException {
    return new OpenRefund(
        rs.getLong("id"),
        rs.getLong("payment_id"),
        rs.getLong("amount"),
        rs.getString("reason"),
        rs.getString("idempotency_key"),
        rs.getInt("send_count"));
  }

  void refundSent(long id) {
    jdbc.sql(REFUND_SENT).param("id", id).update();
  }

  void flagRefundForReview(long id) {
    jdbc.sql(FLAG_REFUND_FOR_REVIEW).param("id", id).update();
  }

  void unknownRefundNextCheck(long id, Instant nextCheckAt) {
    jdbc.sql(UNKNOWN_REFUND_NEXT_CHECK)
        .param("id", id)
        .param("nextCheckAt", ts(nextCheckAt))
        .update();
  }

  String refundStatus(long id) {
    return jdbc.sql(REFUND_STATUS).param("id", id).query(String.class).single();
  }

  boolean knowsTransaction(String transactionKey) {
    return jdbc.sql(REFUND_BY_TRANSACTION)
            .param("transactionKey", transactionKey)
            .query(Long.class)
            .single()
        > 0;
  }

  Optional<Long> openRefundOfAmount(long paymentId, long amount) {
    return jdbc.sql(OPEN_REFUND_OF_AMOUNT)
        .param("paymentId", paymentId)
        .param("amount", amount)
        .query(Long.class)
        .optional();
  }

  static Timestamp ts(Instant instant) {
    return Timestamp.from(instant);
  }

  private static String truncate(String reason) {
    return reason.length() > 500 ? reason.substring(0, 500) : reason;
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

  static Row row(ResultSet rs, int rowNum) throws SQLException {
    return new Row(
        new ChargeAttempt(
            new PaymentId(rs.getLong("id")),
            rs.getLong("subscription_id"),
            new CustomerId(rs.getLong("customer_id")),
            ChargePurpose.valueOf(rs.getString("purpose")),
            rs.getInt("period_no"),
            rs.getInt("attempt_no"),
            rs.getObject("period_start", java.time.LocalDate.class),
            rs.getObject("period_end", java.time.LocalDate.class),
            rs.getString("order_id"),
            IdempotencyKey.of(rs.getString("idempotency_key")),
            rs.getString("order_name"),
            Won.of(rs.getLong("amount")),
            longOrNull(rs, "target_plan_id"),
            PaymentStatus.valueOf(rs.getString("status")),
            instant(rs, "requested_at"),
            rs.getInt("check_count"),
            rs.getObject("card_id") == null ? null : new CardId(rs.getLong("card_id")),
            instantOrNull(rs, "sent_at"),
            rs.getString("answered_code")),
        rs.getString("payment_key"),
        instantOrNull(rs, "approved_at"),
        rs.getString("receipt_url"),
        longOrNull(rs, "vat"),
        longOrNull(rs, "supplied_amount"),
        rs.getLong("refunded_amount"),
        rs.getString("failure_code"),
        rs.getString("failure_message"),
        rs.getString("decline_kind"),
        instantOrNull(rs, "settled_at"),
        rs.getBoolean("needs_review"));
  }

  /** A payment row: the attempt plus what Toss answered. */
  record Row(
      ChargeAttempt attempt,
      @Nullable String paymentKey,
      @Nullable Instant approvedAt,
      @Nullable String receiptUrl,
      @Nullable Long vat,
      @Nullable Long suppliedAmount,
      long refundedAmount,
      @Nullable String failureCode,
      @Nullable String failureMessage,
      @Nullable String declineKind,
      @Nullable Instant settledAt,
      boolean needsReview) {}
}
