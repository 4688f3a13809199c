package io.tossbill.billing;

import io.tossbill.catalog.BillingInterval;
import io.tossbill.catalog.IntervalUnit;
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
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Read-only queries over this module's own tables for the admin console and the dashboard: search
 * with filters and paging, counts by plan and status, subscriptions started and ended in a window.
 * Nothing here changes a subscription.
 */
@Service
public class SubscriptionQueries {

  /** Statuses of subscriptions that started for real: they had a trial or a paid period. */
  private static final String STARTED =
      """
      EXISTS (SELECT 1 FROM subscription_history h
              WHERE h.subscription_id = s.id AND h.to_status IN ('TRIALING', 'ACTIVE'))
      """;

  private static final String FILTER =
      """
       WHERE (CAST(:status AS TEXT) IS NULL OR s.status = :status)
         AND (CAST(:planId AS BIGINT) IS NULL OR s.plan_id = :planId)
         AND (NOT :byCustomer OR s.customer_id = ANY(CAST(:customerIds AS BIGINT[])))
      """;

  private static final String SEARCH =
      """
      SELECT s.id, s.customer_id, s.plan_id, s.plan_name, s.status, s.price, s.interval_unit,
             s.interval_count, s.period_end, s.cancel_at_period_end, s.created_at, s.ended_at
      FROM subscription s
      """
          + FILTER
          + " ORDER BY s.id DESC LIMIT :limit OFFSET :offset";

  private static final String COUNT = "SELECT count(*) FROM subscription s" + FILTER;

  private static final String LIST_IDS =
      """
      SELECT s.id FROM subscription s
      WHERE (CAST(:before AS BIGINT) IS NULL OR s.id < :before)
        AND (CAST(:status AS TEXT) IS NULL OR s.status = :status)
        AND (CAST(:planId AS BIGINT) IS NULL OR s.plan_id = :planId)
        AND (CAST(:customerId AS BIGINT) IS NULL OR s.customer_id = :customerId)
        AND (CAST(:createdFrom AS TIMESTAMPTZ) IS NULL OR s.created_at >= :createdFrom)
        AND (CAST(:createdTo AS TIMESTAMPTZ) IS NULL OR s.created_at < :createdTo)
      ORDER BY s.id DESC
      LIMIT :limit
      """;

  private static final String IDS_ON_PLAN =
      """
      SELECT id FROM subscription WHERE plan_id = :planId ORDER BY id
      """;

  private static final String BY_PLAN_AND_STATUS =
      """
      SELECT plan_id, status, price, interval_unit, interval_count, count(*) AS n
      FROM subscription
      WHERE status IN ('TRIALING', 'ACTIVE', 'PAST_DUE', 'PAUSED')
      GROUP BY plan_id, status, price, interval_unit, interval_count
      ORDER BY plan_id, status
      """;

  private static final String STARTED_BETWEEN =
      "SELECT count(*) FROM subscription s WHERE s.created_at >= :from AND s.created_at < :to AND "
          + STARTED;

  private static final String ENDED_BETWEEN =
      "SELECT count(*) FROM subscription s WHERE s.status IN ('CANCELED', 'EXPIRED')"
          + " AND s.ended_at >= :from AND s.ended_at < :to AND "
          + STARTED;

  /** A subscription as the console lists it. */
  public record SubscriptionRow(
      long id,
      long customerId,
      long planId,
      String planName,
      SubscriptionStatus status,
      Won price,
      BillingInterval interval,
      LocalDate currentPeriodEnd,
      boolean cancelAtPeriodEnd,
      Instant createdAt,
      @Nullable Instant endedAt) {}

  /** One page of a search, newest first. */
  public record SubscriptionPage(
      List<SubscriptionRow> subscriptions, long total, int page, int size) {
    public boolean hasNext() {
      return (long) (page + 1) * size < total;
    }
  }

  /**
   * How many subscriptions of a plan are in a status at one price and interval (the inputs of MRR).
   */
  public record PlanStatusCount(
      long planId, SubscriptionStatus status, Won price, BillingInterval interval, long count) {}

  private final JdbcClient jdbc;

  SubscriptionQueries(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  /**
   * The ids of a page of the merchant API's list, newest first, one more than the page holds;
   * created in {@code [createdFrom, createdTo)}.
   */
  @Transactional(readOnly = true)
  List<Long> listIds(
      @Nullable SubscriptionStatus status,
      @Nullable Long planId,
      @Nullable Long customerId,
      @Nullable Instant createdFrom,
      @Nullable Instant createdTo,
      ListRequest request) {
    return jdbc.sql(LIST_IDS)
        .param("before", request.before())
        .param("status", status == null ? null : status.name())
        .param("planId", planId)
        .param("customerId", customerId)
        .param("createdFrom", createdFrom == null ? null : createdFrom.atOffset(ZoneOffset.UTC))
        .param("createdTo", createdTo == null ? null : createdTo.atOffset(ZoneOffset.UTC))
        .param("limit", request.fetch())
        .query(Long.class)
        .list();
  }

  /**
   * Subscriptions by status and plan, and (when {@code customerIds} is not null) of those customers
   * only; a page at a time, newest first.
   */
  @Transactional(readOnly = true)
  public SubscriptionPage search(
      @Nullable SubscriptionStatus status,
      @Nullable Long planId,
      @Nullable Collection<Long> customerIds,
      int page,
      int size) {
    int safePage = Math.max(0, page);
    int safeSize = Math.clamp(size, 1, 200);
    String ids = customerIds == null ? "{}" : array(customerIds);
    List<SubscriptionRow> rows =
        jdbc.sql(SEARCH)
            .param("status", status == null ? null : status.name())
            .param("planId", planId)
            .param("byCustomer", customerIds != null)
            .param("customerIds", ids)
            .param("limit", safeSize)
            .param("offset", (long) safePage * safeSize)
            .query(SubscriptionQueries::row)
            .list();
    long total =
        jdbc.sql(COUNT)
            .param("status", status == null ? null : status.name())
            .param("planId", planId)
            .param("byCustomer", customerIds != null)
            .param("customerIds", ids)
            .query(Long.class)
            .single();
    return new SubscriptionPage(rows, total, safePage, safeSize);
  }

  /** The ids of every subscription on the plan now (any status). */
  @Transactional(readOnly = true)
  public List<Long> idsOnPlan(long planId) {
    return jdbc.sql(IDS_ON_PLAN).param("planId", planId).query(Long.class).list();
  }

  /**
   * Live subscriptions (trialing, active, past due, paused) by plan, status, price and interval.
   */
  @Transactional(readOnly = true)
  public List<PlanStatusCount> liveByPlanAndStatus() {
    return jdbc.sql(BY_PLAN_AND_STATUS)
        .query(
            (rs, n) ->
                new PlanStatusCount(
                    rs.getLong("plan_id"),
                    SubscriptionStatus.valueOf(rs.getString("status")),
                    Won.of(rs.getLong("price")),
                    new BillingInterval(
                        IntervalUnit.valueOf(rs.getString("interval_unit")),
                        rs.getInt("interval_count")),
                    rs.getLong("n")))
        .list();
  }

  /**
   * Subscriptions created in {@code [from, to)} that started for real (began a trial or paid a
   * period): a first charge that never succeeded is not a new subscription.
   */
  @Transactional(readOnly = true)
  public long startedBetween(Instant from, Instant to) {
    return jdbc.sql(STARTED_BETWEEN)
        .param("from", from.atOffset(ZoneOffset.UTC))
        .param("to", to.atOffset(ZoneOffset.UTC))
        .query(Long.class)
        .single();
  }

  /** Subscriptions that had started and were canceled or expired in {@code [from, to)}. */
  @Transactional(readOnly = true)
  public long endedBetween(Instant from, Instant to) {
    return jdbc.sql(ENDED_BETWEEN)
        .param("from", from.atOffset(ZoneOffset.UTC))
        .param("to", to.atOffset(ZoneOffset.UTC))
        .query(Long.class)
        .single();
  }

  /** A PostgreSQL array literal of ids, e.g. {@code {1,2,3}}. */
  private static String array(Collection<Long> ids) {
    StringBuilder out = new StringBuilder("{");
    for (Long id : ids) {
      if (out.length() > 1) {
        out.append(',');
      }
      out.append(id.longValue());
    }
    return out.append('}').toString();
  }

  private static SubscriptionRow row(ResultSet rs, int n) throws SQLException {
    OffsetDateTime ended = rs.getObject("ended_at", OffsetDateTime.class);
    return new SubscriptionRow(
        rs.getLong("id"),
        rs.getLong("customer_id"),
        rs.getLong("plan_id"),
        rs.getString("plan_name"),
        SubscriptionStatus.valueOf(rs.getString("status")),
        Won.of(rs.getLong("price")),
        new BillingInterval(
            IntervalUnit.valueOf(rs.getString("interval_unit")), rs.getInt("interval_count")),
        rs.getObject("period_end", LocalDate.class),
        rs.getBoolean("cancel_at_period_end"),
        rs.getObject("created_at", OffsetDateTime.class).toInstant(),
        ended == null ? null : ended.toInstant());
  }
}
