package io.tossbill.payment;

import io.tossbill.platform.ListRequest;
import io.tossbill.platform.Won;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Collection;
import java.util.List;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Read-only queries over the payment ledger (this module's own tables) for the admin console and
 * the dashboard: filtered pages with totals, every matching row for an export, revenue and failures
 * per day. Nothing here changes a payment.
 */
@Service
public class PaymentQueries {

  /**
   * What to list. Dates are requested dates (Asia/Seoul), both ends included.
   *
   * @param subscriptionIds only payments of these subscriptions; null for all
   */
  public record Filter(
      @Nullable PaymentStatus status,
      @Nullable Instant from,
      @Nullable Instant to,
      @Nullable Collection<Long> subscriptionIds) {}

  /** A ledger row as the console lists it. */
  public record PaymentRow(
      long id,
      long subscriptionId,
      long customerId,
      ChargePurpose purpose,
      int periodNo,
      int attemptNo,
      String orderId,
      String orderName,
      Won amount,
      PaymentStatus status,
      @Nullable Instant approvedAt,
      @Nullable Won vat,
      @Nullable Won suppliedAmount,
      Won refundedAmount,
      @Nullable String failureCode,
      @Nullable String failureMessage,
      Instant requestedAt) {}

  /**
   * Sums over a filter: every attempt counted once; approved amounts (late approvals included: the
   * money moved, and was refunded) and their refunds in won.
   *
   * @param net approved minus refunded
   */
  public record Totals(
      long count, long approvedCount, long declinedCount, Won approved, Won refunded, Won net) {}

  /** One page, newest first, with the totals of the whole filter. */
  public record PaymentPage(List<PaymentRow> payments, Totals totals, int page, int size) {
    public boolean hasNext() {
      return (long) (page + 1) * size < totals.count();
    }
  }

  /** Money of one business day (Asia/Seoul): approved charges and refunds made that day. */
  public record DayRevenue(LocalDate day, Won approved, Won refunded) {}

  /**
   * Failures of one business day: card declines (not attempts given up for a new card), and
   * recoveries (a period paid by a retry after a decline).
   */
  public record DayFailures(LocalDate day, long declined, long recovered) {}

  private static final String FILTER =
      """
       WHERE (CAST(:status AS TEXT) IS NULL OR status = :status)
         AND (CAST(:from AS TIMESTAMPTZ) IS NULL OR requested_at >= :from)
         AND (CAST(:to AS TIMESTAMPTZ) IS NULL OR requested_at < :to)
         AND (NOT :bySubscription OR subscription_id = ANY(CAST(:subscriptionIds AS BIGINT[])))
      """;

  private static final String COLUMNS =
      """
      SELECT id, subscription_id, customer_id, purpose, period_no, attempt_no, order_id, order_name,
             amount, status, approved_at, vat, supplied_amount, refunded_amount, failure_code,
             failure_message, requested_at
      FROM payment
      """;

  private static final String LIST_IDS =
      """
      SELECT id FROM payment
      WHERE (CAST(:before AS BIGINT) IS NULL OR id < :before)
        AND (CAST(:status AS TEXT) IS NULL OR status = :status)
        AND (CAST(:customerId AS BIGINT) IS NULL OR customer_id = :customerId)
        AND (CAST(:subscriptionId AS BIGINT) IS NULL OR subscription_id = :subscriptionId)
        AND (CAST(:createdFrom AS TIMESTAMPTZ) IS NULL OR requested_at >= :createdFrom)
        AND (CAST(:createdTo AS TIMESTAMPTZ) IS NULL OR requested_at < :createdTo)
      ORDER BY id DESC
      LIMIT :limit
      """;

  private static final String PAGE =
      COLUMNS + FILTER + " ORDER BY requested_at DESC, id DESC LIMIT :limit OFFSET :offset";

  private static final String ALL = COLUMNS + FILTER + " ORDER BY requested_at, id";

  private static final String TOTALS =
      """
      SELECT count(*) AS n,
             count(*) FILTER (WHERE status IN ('APPROVED', 'LATE_APPROVED')) AS approved_n,
             count(*) FILTER (WHERE status = 'DECLINED' AND decline_kind IS NOT NULL) AS declined_n,
             COALESCE(sum(amount) FILTER (WHERE status IN ('APPROVED', 'LATE_APPROVED')), 0) AS approved,
             COALESCE(sum(refunded_amount) FILTER (WHERE status IN ('APPROVED', 'LATE_APPROVED')), 0) AS refunded
      FROM payment
      """
          + FILTER;

  private static final String APPROVED_BY_DAY =
      """
      SELECT (COALESCE(approved_at, settled_at) AT TIME ZONE 'Asia/Seoul')::date AS day, sum(amount) AS total
      FROM payment
      WHERE status IN ('APPROVED', 'LATE_APPROVED') AND COALESCE(approved_at, settled_at) >= :from
        AND COALESCE(approved_at, settled_at) < :to
      GROUP BY day
      """;

  private static final String REFUNDED_BY_DAY =
      """
      SELECT (settled_at AT TIME ZONE 'Asia/Seoul')::date AS day, sum(amount) AS total
      FROM refund
      WHERE status = 'DONE' AND settled_at >= :from AND settled_at < :to
      GROUP BY day
      """;

  private static final String DECLINED_BY_DAY =
      """
      SELECT (settled_at AT TIME ZONE 'Asia/Seoul')::date AS day, count(*) AS n
      FROM payment
      WHERE status = 'DECLINED' AND decline_kind IS NOT NULL AND settled_at >= :from AND settled_at < :to
      GROUP BY day
      """;

  private static final String RECOVERED_BY_DAY =
      """
      SELECT (COALESCE(approved_at, settled_at) AT TIME ZONE 'Asia/Seoul')::date AS day, count(*) AS n
      FROM payment
      WHERE status = 'APPROVED' AND purpose = 'PERIOD' AND attempt_no > 1
        AND COALESCE(approved_at, settled_at) >= :from AND COALESCE(approved_at, settled_at) < :to
      GROUP BY day
      """;

  private final JdbcClient jdbc;

  PaymentQueries(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  /**
   * The ids of a page of the merchant API's list, newest first, one more than the page holds;
   * requested in {@code [createdFrom, createdTo)}.
   */
  @Transactional(readOnly = true)
  List<Long> listIds(
      @Nullable PaymentStatus status,
      @Nullable Long customerId,
      @Nullable Long subscriptionId,
      @Nullable Instant createdFrom,
      @Nullable Instant createdTo,
      ListRequest request) {
    return jdbc.sql(LIST_IDS)
        .param("before", request.before())
        .param("status", status == null ? null : status.name())
        .param("customerId", customerId)
        .param("subscriptionId", subscriptionId)
        .param("createdFrom", createdFrom == null ? null : createdFrom.atOffset(ZoneOffset.UTC))
        .param("createdTo", createdTo == null ? null : createdTo.atOffset(ZoneOffset.UTC))
        .param("limit", request.fetch())
        .query(Long.class)
        .list();
  }

  @Transactional(readOnly = true)
  public PaymentPage search(Filter filter, int page, int size) {
    int safePage = Math.max(0, page);
    int safeSize = Math.clamp(size, 1, 200);
    List<PaymentRow> rows =
        bind(jdbc.sql(PAGE), filter)
            .param("limit", safeSize)
            .param("offset", (long) safePage * safeSize)
            .query(PaymentQueries::row)
            .list();
    return new PaymentPage(rows, totals(filter), safePage, safeSize);
  }

  @Transactional(readOnly = true)
  public Totals totals(Filter filter) {
    return bind(jdbc.sql(TOTALS), filter)
        .query(
            (rs, n) -> {
              long approved = rs.getLong("approved");
              long refunded = rs.getLong("refunded");
              return new Totals(
                  rs.getLong("n"),
                  rs.getLong("approved_n"),
                  rs.getLong("declined_n"),
                  Won.of(approved),
                  Won.of(refunded),
                  Won.of(approved - refunded));
            })
        .single();
  }

  /** Every matching row, oldest first, one at a time (for an export of any size). */
  @Transactional(readOnly = true)
  public void forEach(Filter filter, Consumer<PaymentRow> each) {
    bind(jdbc.sql(ALL), filter)
        .query(
            rs -> {
              each.accept(row(rs, 0));
            });
  }

  /** Approved and refunded won per business day in {@code [from, to)}. */
  @Transactional(readOnly = true)
  public List<DayRevenue> revenueByDay(Instant from, Instant to) {
    var approved = byDay(APPROVED_BY_DAY, from, to, "total");
    var refunded = byDay(REFUNDED_BY_DAY, from, to, "total");
    var days = new java.util.TreeSet<LocalDate>();
    days.addAll(approved.keySet());
    days.addAll(refunded.keySet());
    return days.stream()
        .map(
            day ->
                new DayRevenue(
                    day,
                    Won.of(approved.getOrDefault(day, 0L)),
                    Won.of(refunded.getOrDefault(day, 0L))))
        .toList();
  }

  /** Declines and recoveries per business day in {@code [from, to)}. */
  @Transactional(readOnly = true)
  public List<DayFailures> failuresByDay(Instant from, Instant to) {
    var declined = byDay(DECLINED_BY_DAY, from, to, "n");
    var recovered = byDay(RECOVERED_BY_DAY, from, to, "n");
    var days = new java.util.TreeSet<LocalDate>();
    days.addAll(declined.keySet());
    days.addAll(recovered.keySet());
    return days.stream()
        .map(
            day ->
                new DayFailures(
                    day, declined.getOrDefault(day, 0L), recovered.getOrDefault(day, 0L)))
        .toList();
  }

  private java.util.Map<LocalDate, Long> byDay(String sql, Instant from, Instant to, String value) {
    java.util.Map<LocalDate, Long> out = new java.util.HashMap<>();
    jdbc.sql(sql)
        .param("from", from.atOffset(ZoneOffset.UTC))
        .param("to", to.atOffset(ZoneOffset.UTC))
        .query(
            rs -> {
              out.put(rs.getObject("day", LocalDate.class), rs.getLong(value));
            });
    return out;
  }

  private static JdbcClient.StatementSpec bind(JdbcClient.StatementSpec spec, Filter filter) {
    return spec.param("status", filter.status() == null ? null : filter.status().name())
        .param("from", filter.from() == null ? null : filter.from().atOffset(ZoneOffset.UTC))
        .param("to", filter.to() == null ? null : filter.to().atOffset(ZoneOffset.UTC))
        .param("bySubscription", filter.subscriptionIds() != null)
        .param(
            "subscriptionIds",
            filter.subscriptionIds() == null
                ? "{}"
                : filter.subscriptionIds().stream()
                    .map(String::valueOf)
                    .collect(java.util.stream.Collectors.joining(",", "{", "}")));
  }

  private static @Nullable Instant instant(ResultSet rs, String column) throws SQLException {
    OffsetDateTime time = rs.getObject(column, OffsetDateTime.class);
    return time == null ? null : time.toInstant();
  }

  private static @Nullable Won won(ResultSet rs, String column) throws SQLException {
    Object value = rs.getObject(column);
    return value == null ? null : Won.of(((Number) value).longValue());
  }

  private static PaymentRow row(ResultSet rs, int n) throws SQLException {
    return new PaymentRow(
        rs.getLong("id"),
        rs.getLong("subscription_id"),
        rs.getLong("customer_id"),
        ChargePurpose.valueOf(rs.getString("purpose")),
        rs.getInt("period_no"),
        rs.getInt("attempt_no"),
        rs.getString("order_id"),
        rs.getString("order_name"),
        Won.of(rs.getLong("amount")),
        PaymentStatus.valueOf(rs.getString("status")),
        instant(rs, "approved_at"),
        won(rs, "vat"),
        won(rs, "supplied_amount"),
        Won.of(rs.getLong("refunded_amount")),
        rs.getString("failure_code"),
        rs.getString("failure_message"),
        rs.getObject("requested_at", OffsetDateTime.class).toInstant());
  }
}
