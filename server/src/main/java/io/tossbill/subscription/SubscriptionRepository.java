package io.tossbill.subscription;

import io.tossbill.billing.BillingProperties;
import io.tossbill.catalog.PlanId;
import io.tossbill.customer.CustomerId;
import io.tossbill.platform.Won;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.springframework.dao.OptimisticLockingFailureException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The subscription table and its append-only history. */
@Repository
class SubscriptionRepository {

  private static final String COLUMNS =
      """
      customer_id, plan_id, plan_name, price, interval_unit, interval_count, access_during_grace, status,
      anchor_date, anchor_day, charge_time, anchor_index, period_no, paid_period_no, period_start, period_end, trial_end,
      cancel_at_period_end, pending_plan_id, pending_plan_name, pending_price, pending_interval_unit,
      pending_interval_count, pending_access_during_grace, balance, awaiting_card, next_action_at, created_at,
      updated_at, canceled_at, ended_at
      """;

  private static final String INSERT =
      "INSERT INTO subscription ("
          + COLUMNS
          + """
      ) VALUES (:customerId, :planId, :planName, :price, :intervalUnit, :intervalCount, :accessDuringGrace, :status,
      :anchorDate, :anchorDay, :chargeTime, :anchorIndex, :periodNo, :paidPeriodNo, :periodStart, :periodEnd, :trialEnd,
      :cancelAtPeriodEnd, :pendingPlanId, :pendingPlanName, :pendingPrice, :pendingIntervalUnit,
      :pendingIntervalCount, :pendingAccessDuringGrace, :balance, :awaitingCard, :nextActionAt, :createdAt,
      :updatedAt, :canceledAt, :endedAt)
      RETURNING id
      """;

  // Compare-and-set on the version: a concurrent change makes this update match nothing.
  private static final String UPDATE =
      """
      UPDATE subscription SET
        plan_id = :planId, plan_name = :planName, price = :price, interval_unit = :intervalUnit,
        interval_count = :intervalCount, access_during_grace = :accessDuringGrace, status = :status,
        anchor_date = :anchorDate, anchor_day = :anchorDay, anchor_index = :anchorIndex, period_no = :periodNo, paid_period_no = :paidPeriodNo,
        period_start = :periodStart, period_end = :periodEnd, trial_end = :trialEnd,
        cancel_at_period_end = :cancelAtPeriodEnd, pending_plan_id = :pendingPlanId,
        pending_plan_name = :pendingPlanName, pending_price = :pendingPrice,
        pending_interval_unit = :pendingIntervalUnit, pending_interval_count = :pendingIntervalCount,
        pending_access_during_grace = :pendingAccessDuringGrace, balance = :balance, awaiting_card = :awaitingCard,
        next_action_at = :nextActionAt, updated_at = :updatedAt, canceled_at = :canceledAt, ended_at = :endedAt,
        version = version + 1
      WHERE id = :id AND version = :version
      """;

  private static final String SELECT =
      """
      SELECT s.*, coalesce(c.offset_seconds, 0) AS clock_offset
      FROM subscription s LEFT JOIN billing_customer_clock c ON c.customer_id = s.customer_id
      """;

  private static final String BY_ID = SELECT + " WHERE s.id = :id";

  private static final String LOCK = SELECT + " WHERE s.id = :id FOR UPDATE OF s";

  private static final String BY_CUSTOMER =
      SELECT + " WHERE s.customer_id = :customerId ORDER BY s.id";

  private static final String BY_PLAN =
      SELECT
          + """
       WHERE s.plan_id = :planId AND s.status NOT IN ('CANCELED', 'EXPIRED') ORDER BY s.id
      """;

  // Due work is claimed in the database: rows locked by another node are skipped, so two nodes
  // never
  // take the same subscription; each customer's test clock offset shifts what "due" means for them.
  private static final String CLAIM_DUE =
      SELECT
          + """
       WHERE s.next_action_at <= CAST(:now AS timestamptz) + make_interval(secs => coalesce(c.offset_seconds, 0))
      ORDER BY s.next_action_at
      LIMIT :limit
      FOR UPDATE OF s SKIP LOCKED
      """;

  private static final String INSERT_HISTORY =
      """
      INSERT INTO subscription_history (subscription_id, occurred_at, kind, from_status, to_status, period_no, detail)
      VALUES (:subscriptionId, :occurredAt, :kind, :fromStatus, :toStatus, :periodNo, :detail)
      """;

  private static final String HISTORY =
      """
      SELECT * FROM subscription_history WHERE subscription_id = :subscriptionId ORDER BY id
      """;

  private static final String LIVE_OF_CUSTOMER =
      """
      SELECT count(*) FROM subscription WHERE customer_id = :customerId AND status NOT IN ('CANCELED', 'EXPIRED')
      """;

  // Serializes subscribes of one customer (a transaction-scoped advisory lock), so two requests
  // racing (a client retrying after its own timeout) cannot both pass the "already subscribed"
  // check.
  private static final String LOCK_CUSTOMER_SUBSCRIBING =
      """
      SELECT pg_advisory_xact_lock(hashtextextended('tossbill-subscribe-' || CAST(:customerId AS text), 0))
      """;

  private static final String LIVE_ON_PLAN =
      """
      SELECT id FROM subscription
      WHERE customer_id = :customerId AND plan_id = :planId AND status NOT IN ('CANCELED', 'EXPIRED')
      ORDER BY id LIMIT 1
      """;

  private final JdbcClient jdbc;
  private final LocalTime defaultChargeTime;

  SubscriptionRepository(JdbcClient jdbc, BillingProperties properties) {
    this.jdbc = jdbc;
    this.defaultChargeTime = properties.chargeTime();
  }

  /** A subscription with its customer's clock offset. */
  record Loaded(Subscription subscription, Duration clockOffset) {}

  long insert(Subscription s) {
    long id =
        bind(jdbc.sql(INSERT), s, s.createdAt)
            .param("createdAt", ts(s.createdAt))
            .query(Long.class)
            .single();
    writeHistory(id, s);
    return id;
  }

  void save(Subscription s, Instant now) {
    int updated =
        bind(jdbc.sql(UPDATE), s, now).param("id", s.id).param("version", s.version).update();
    if (updated != 1) {
      throw new OptimisticLockingFailureException("subscription " + s.id + " changed concurrently");
    }
    writeHistory(s.id, s);
  }

  Optional<Loaded> find(long id) {
    return jdbc.sql(BY_ID).param("id", id).query(this::loaded).optional();
  }

  Optional<Loaded> lock(long id) {
    return jdbc.sql(LOCK).param("id", id).query(this::loaded).optional();
  }

  List<Loaded> ofCustomer(CustomerId customerId) {
    return jdbc.sql(BY_CUSTOMER).param("customerId", customerId.value()).query(this::loaded).list();
  }

  List<Loaded> livingOnPlan(PlanId planId) {
    return jdbc.sql(BY_PLAN).param("planId", planId.value()).query(this::loaded).list();
  }

  List<Loaded> claimDue(Instant serverNow, int limit) {
    return jdbc.sql(CLAIM_DUE)
        .param("now", ts(serverNow))
        .param("limit", limit)
        .query(this::loaded)
        .list();
  }

  void lockCustomerSubscribing(CustomerId customerId) {
    jdbc.sql(LOCK_CUSTOMER_SUBSCRIBING)
        .param("customerId", customerId.value())
        .query((rs, n) -> 1)
        .list();
  }

  Optional<Long> liveOnPlan(CustomerId customerId, PlanId planId) {
    return jdbc.sql(LIVE_ON_PLAN)
        .param("customerId", customerId.value())
        .param("planId", planId.value())
        .query(Long.class)
        .optional();
  }

  long liveOfCustomer(CustomerId customerId) {
    return jdbc.sql(LIVE_OF_CUSTOMER)
        .param("customerId", customerId.value())
        .query(Long.class)
        .single();
  }

  List<HistoryEntry> history(long subscriptionId) {
    return jdbc.sql(HISTORY)
        .param("subscriptionId", subscriptionId)
        .query(
            (rs, n) ->
                new HistoryEntry(
                    rs.getLong("id"),
                    rs.getObject("occurred_at", OffsetDateTime.class).toInstant(),
                    rs.getString("kind"),
                    rs.getString("from_status") == null
                        ? null
                        : SubscriptionStatus.valueOf(rs.getString("from_status")),
                    SubscriptionStatus.valueOf(rs.getString("to_status")),
                    rs.getInt("period_no"),
                    rs.getString("detail")))
        .list();
  }

  private void writeHistory(long id, Subscription s) {
    for (Subscription.Change change : s.changes) {
      jdbc.sql(INSERT_HISTORY)
          .param("subscriptionId", id)
          .param("occurredAt", ts(change.at()))
          .param("kind", change.kind())
          .param("fromStatus", change.from() == null ? null : change.from().name())
          .param("toStatus", change.to().name())
          .param("periodNo", change.periodNo())
          .param("detail", change.detail())
          .update();
    }
    s.changes.clear();
  }

  private static JdbcClient.StatementSpec bind(
      JdbcClient.StatementSpec spec, Subscription s, Instant now) {
    Subscription.PendingPlan pending = s.pendingPlan;
    return spec.param("customerId", s.customerId.value())
        .param("planId", s.planId.value())
        .param("planName", s.planName)
        .param("price", s.price.value())
        .param("intervalUnit", s.interval.unit().name())
        .param("intervalCount", s.interval.count())
        .param("accessDuringGrace", s.accessDuringGrace)
        .param("status", s.status.name())
        .param("anchorDate", s.anchorDate)
        .param("anchorDay", s.anchorDay)
        // NULL follows tossbill.billing.charge-time when the row is read; only an override is
        // stored.
        .param("chargeTime", s.chargeTimeOverridden ? s.chargeTime : null)
        .param("anchorIndex", s.anchorIndex)
        .param("periodNo", s.periodNo)
        .param("paidPeriodNo", s.paidPeriodNo)
        .param("periodStart", s.periodStart)
        .param("periodEnd", s.periodEnd)
        .param("trialEnd", s.trialEnd)
        .param("cancelAtPeriodEnd", s.cancelAtPeriodEnd)
        .param("pendingPlanId", pending == null ? null : pending.planId().value())
        .param("pendingPlanName", pending == null ? null : pending.name())
        .param("pendingPrice", pending == null ? null : pending.price().value())
        .param("pendingIntervalUnit", pending == null ? null : pending.interval().unit().name())
        .param("pendingIntervalCount", pending == null ? null : pending.interval().count())
        .param("pendingAccessDuringGrace", pending == null ? null : pending.accessDuringGrace())
        .param("balance", s.balance.value())
        .param("awaitingCard", s.awaitingCard)
        .param("nextActionAt", s.nextActionAt == null ? null : ts(s.nextActionAt))
        .param("updatedAt", ts(now))
        .param("canceledAt", s.canceledAt == null ? null : ts(s.canceledAt))
        .param("endedAt", s.endedAt == null ? null : ts(s.endedAt));
  }

  static Timestamp ts(Instant instant) {
    return Timestamp.from(instant);
  }

  private static @Nullable Instant instant(ResultSet rs, String column) throws SQLException {
    OffsetDateTime value = rs.getObject(column, OffsetDateTime.class);
    return value == null ? null : value.toInstant();
  }

  Loaded loaded(ResultSet rs, int rowNum) throws SQLException {
    LocalTime chargeTime = rs.getObject("charge_time", LocalTime.class);
    Subscription.PendingPlan pending = null;
    long pendingPlanId = rs.getLong("pending_plan_id");
    if (!rs.wasNull()) {
      pending =
          new Subscription.PendingPlan(
              new PlanId(pendingPlanId),
              rs.getString("pending_plan_name"),
              Won.of(rs.getLong("pending_price")),
              Subscription.interval(
                  rs.getString("pending_interval_unit"), rs.getInt("pending_interval_count")),
              rs.getBoolean("pending_access_during_grace"));
    }
    Subscription s =
        new Subscription(
            rs.getLong("id"),
            new CustomerId(rs.getLong("customer_id")),
            new PlanId(rs.getLong("plan_id")),
            rs.getString("plan_name"),
            Won.of(rs.getLong("price")),
            Subscription.interval(rs.getString("interval_unit"), rs.getInt("interval_count")),
            rs.getBoolean("access_during_grace"),
            SubscriptionStatus.valueOf(rs.getString("status")),
            rs.getObject("anchor_date", LocalDate.class),
            rs.getInt("anchor_day"),
            chargeTime == null ? defaultChargeTime : chargeTime,
            chargeTime != null,
            rs.getInt("anchor_index"),
            rs.getInt("period_no"),
            rs.getInt("paid_period_no"),
            rs.getObject("period_start", LocalDate.class),
            rs.getObject("period_end", LocalDate.class),
            rs.getObject("trial_end", LocalDate.class),
            rs.getBoolean("cancel_at_period_end"),
            pending,
            Won.of(rs.getLong("balance")),
            rs.getBoolean("awaiting_card"),
            instant(rs, "next_action_at"),
            instant(rs, "created_at"),
            instant(rs, "canceled_at"),
            instant(rs, "ended_at"),
            rs.getLong("version"));
    return new Loaded(s, Duration.ofSeconds(rs.getLong("clock_offset")));
  }
}
