package io.tossbill.billing;

import io.tossbill.catalog.BillingInterval;
import io.tossbill.catalog.IntervalUnit;
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
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.dao.OptimisticLockingFailureException;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.jdbc.core.namedparam.SqlParameterSource;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The subscription table and its append-only history. Saves are compare-and-set on the version;
 * many subscriptions are written in one batch (one round trip).
 */
@Repository
class SubscriptionRepository {

  private static final String INSERT =
      """
      INSERT INTO subscription (customer_id, plan_id, plan_name, price, interval_unit, interval_count,
        access_during_grace, status, anchor_date, anchor_day, charge_time, anchor_index, period_no, paid_period_no,
        period_start, period_end, trial_end, cancel_at_period_end, balance, awaiting_card, next_action_at,
        due_at, clock_offset_seconds, created_at, updated_at)
      VALUES (:customerId, :planId, :planName, :price, :intervalUnit, :intervalCount,
        :accessDuringGrace, :status, :anchorDate, :anchorDay, :chargeTime, :anchorIndex, :periodNo, :paidPeriodNo,
        :periodStart, :periodEnd, :trialEnd, :cancelAtPeriodEnd, :balance, :awaitingCard, :nextActionAt,
        :dueAt, :clockOffset, :createdAt, :updatedAt)
      RETURNING id
      """;

  // Compare-and-set on the version: a concurrent change makes this update match nothing.
  private static final String UPDATE =
      """
      UPDATE subscription SET
        plan_id = :planId, plan_name = :planName, price = :price, interval_unit = :intervalUnit,
        interval_count = :intervalCount, access_during_grace = :accessDuringGrace, status = :status,
        anchor_date = :anchorDate, anchor_day = :anchorDay, anchor_index = :anchorIndex, period_no = :periodNo,
        paid_period_no = :paidPeriodNo, period_start = :periodStart, period_end = :periodEnd, trial_end = :trialEnd,
        cancel_at_period_end = :cancelAtPeriodEnd,
        pending_plan_id = :pendingPlanId, pending_plan_name = :pendingPlanName, pending_price = :pendingPrice,
        pending_interval_unit = :pendingIntervalUnit, pending_interval_count = :pendingIntervalCount,
        pending_access_during_grace = :pendingAccessDuringGrace,
        upgrade_plan_id = :upgradePlanId, upgrade_plan_name = :upgradePlanName, upgrade_price = :upgradePrice,
        upgrade_access_during_grace = :upgradeAccessDuringGrace,
        balance = :balance, awaiting_card = :awaitingCard, next_action_at = :nextActionAt, due_at = :dueAt,
        clock_offset_seconds = :clockOffset, updated_at = :updatedAt, canceled_at = :canceledAt,
        ended_at = :endedAt,
        discount_coupon_id = :discountCouponId, discount_promotion_code_id = :discountPromotionCodeId,
        discount_code = :discountCode, discount_percent_off = :discountPercentOff,
        discount_amount_off = :discountAmountOff, discount_first_period = :discountFirstPeriod,
        discount_last_period = :discountLastPeriod, discount_plan_ids = :discountPlanIds,
        version = version + 1
      WHERE id = :id AND version = :version
      """;

  private static final String BY_ID = "SELECT * FROM subscription WHERE id = :id";

  private static final String BY_IDS = "SELECT * FROM subscription WHERE id IN (:ids)";

  private static final String LOCK = "SELECT * FROM subscription WHERE id = :id FOR UPDATE";

  // In id order, so two writers locking overlapping sets never wait on each other in a cycle.
  private static final String LOCK_MANY =
      "SELECT * FROM subscription WHERE id IN (:ids) ORDER BY id FOR UPDATE";

  private static final String BY_CUSTOMER =
      "SELECT * FROM subscription WHERE customer_id = :customerId ORDER BY id";

  private static final String LOCK_OF_CUSTOMER =
      "SELECT * FROM subscription WHERE customer_id = :customerId ORDER BY id FOR UPDATE";

  private static final String LOCK_LIVE_ON_PLAN =
      """
      SELECT * FROM subscription WHERE plan_id = :planId AND status NOT IN ('CANCELED', 'EXPIRED')
      ORDER BY id FOR UPDATE
      """;

  // Due work is claimed in the database: rows locked by another node are skipped, so two nodes
  // never take the same subscription (one statement for the whole batch).
  private static final String CLAIM_DUE =
      """
      SELECT * FROM subscription
      WHERE due_at <= :now
      ORDER BY due_at
      LIMIT :limit
      FOR UPDATE SKIP LOCKED
      """;

  private static final String INSERT_HISTORY =
      """
      INSERT INTO subscription_history (subscription_id, occurred_at, kind, from_status, to_status, period_no, detail)
      VALUES (:subscriptionId, :occurredAt, :kind, :fromStatus, :toStatus, :periodNo, :detail)
      """;

  private static final String HISTORY =
      "SELECT * FROM subscription_history WHERE subscription_id = :subscriptionId ORDER BY id";

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

  // First-time customers (for coupons that are only for them): no other subscription that ever
  // started (a trial or a paid period, as its history shows) or that is still live; the one being
  // discounted counts only once it started.
  private static final String HAD_SUBSCRIPTION =
      """
      SELECT EXISTS (
        SELECT 1 FROM subscription s
        WHERE s.customer_id = :customerId
          AND ((s.id <> :self AND s.status NOT IN ('CANCELED', 'EXPIRED'))
               OR EXISTS (SELECT 1 FROM subscription_history h
                          WHERE h.subscription_id = s.id AND h.to_status IN ('TRIALING', 'ACTIVE'))))
      """;

  private final JdbcClient jdbc;
  private final NamedParameterJdbcTemplate batch;
  private final LocalTime defaultChargeTime;
  private final ApplicationEventPublisher events;

  SubscriptionRepository(
      JdbcClient jdbc,
      NamedParameterJdbcTemplate batch,
      BillingProperties properties,
      ApplicationEventPublisher events) {
    this.jdbc = jdbc;
    this.batch = batch;
    this.defaultChargeTime = properties.chargeTime();
    this.events = events;
  }

  /** Inserts a new subscription and gives it its id; writes its history. */
  void insert(Subscription s, Instant now) {
    Subscription.State st = s.state();
    MapSqlParameterSource params = bind(st, now);
    long id = jdbc.sql(INSERT).paramSource(params).query(Long.class).single();
    s.identify(id);
    writeHistory(List.of(s));
    events.publishEvent(new SubscriptionsWritten(Set.of(st.customerId())));
  }

  void save(Subscription s, Instant now) {
    save(List.of(s), now);
  }

  /** Writes many subscriptions (one batch) and their history; fails if one changed meanwhile. */
  void save(Collection<Subscription> subscriptions, Instant now) {
    if (subscriptions.isEmpty()) {
      return;
    }
    List<Subscription> all = List.copyOf(subscriptions);
    SqlParameterSource[] rows = new SqlParameterSource[all.size()];
    for (int i = 0; i < rows.length; i++) {
      Subscription.State st = all.get(i).state();
      rows[i] = bind(st, now).addValue("id", st.id()).addValue("version", st.version());
    }
    int[] counts = batch.batchUpdate(UPDATE, rows);
    for (int i = 0; i < counts.length; i++) {
      if (counts[i] == 0) {
        throw new OptimisticLockingFailureException(
            "subscription " + all.get(i).id() + " changed concurrently");
      }
    }
    writeHistory(all);
    Set<CustomerId> customers = new HashSet<>();
    all.forEach(s -> customers.add(s.state().customerId()));
    events.publishEvent(new SubscriptionsWritten(customers));
  }

  Optional<Subscription> find(long id) {
    return jdbc.sql(BY_ID).param("id", id).query(this::subscription).optional();
  }

  List<Subscription> find(Collection<Long> ids) {
    return ids.isEmpty()
        ? List.of()
        : jdbc.sql(BY_IDS).param("ids", ids).query(this::subscription).list();
  }

  Optional<Subscription> lock(long id) {
    return jdbc.sql(LOCK).param("id", id).query(this::subscription).optional();
  }

  List<Subscription> lock(Collection<Long> ids) {
    if (ids.isEmpty()) {
      return List.of();
    }
    return jdbc.sql(LOCK_MANY).param("ids", ids).query(this::subscription).list();
  }

  List<Subscription> ofCustomer(CustomerId customerId) {
    return jdbc.sql(BY_CUSTOMER)
        .param("customerId", customerId.value())
        .query(this::subscription)
        .list();
  }

  List<Subscription> lockOfCustomer(CustomerId customerId) {
    return jdbc.sql(LOCK_OF_CUSTOMER)
        .param("customerId", customerId.value())
        .query(this::subscription)
        .list();
  }

  List<Subscription> lockLiveOnPlan(PlanId planId) {
    return jdbc.sql(LOCK_LIVE_ON_PLAN)
        .param("planId", planId.value())
        .query(this::subscription)
        .list();
  }

  /** Claims up to {@code limit} subscriptions due at the server's {@code now}, locked. */
  List<Subscription> claimDue(Instant now, int limit) {
    return jdbc.sql(CLAIM_DUE)
        .param("now", ts(now))
        .param("limit", limit)
        .query(this::subscription)
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

  /**
   * Whether the customer had a subscription before: one that started, or another one still live
   * ({@code self}, the subscription being discounted, or 0).
   */
  boolean hadSubscription(CustomerId customerId, long self) {
    return Boolean.TRUE.equals(
        jdbc.sql(HAD_SUBSCRIPTION)
            .param("customerId", customerId.value())
            .param("self", self)
            .query(Boolean.class)
            .single());
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

  private void writeHistory(List<Subscription> subscriptions) {
    List<SqlParameterSource> rows = new ArrayList<>();
    for (Subscription s : subscriptions) {
      for (Subscription.Change change : s.changes()) {
        rows.add(
            new MapSqlParameterSource()
                .addValue("subscriptionId", s.id())
                .addValue("occurredAt", ts(change.at()))
                .addValue("kind", change.kind().name())
                .addValue("fromStatus", change.from() == null ? null : change.from().name())
                .addValue("toStatus", change.to().name())
                .addValue("periodNo", change.periodNo())
                .addValue("detail", change.detail()));
      }
      s.changesWritten();
    }
    if (!rows.isEmpty()) {
      batch.batchUpdate(INSERT_HISTORY, rows.toArray(SqlParameterSource[]::new));
    }
  }

  private static MapSqlParameterSource bind(Subscription.State s, Instant now) {
    Discount discount = s.discount();
    PlanSnapshot pending = s.pendingPlan();
    PlanSnapshot upgrade = s.upgrade();
    Instant dueAt = s.dueAt();
    return new MapSqlParameterSource()
        .addValue("customerId", s.customerId().value())
        .addValue("planId", s.plan().planId().value())
        .addValue("planName", s.plan().name())
        .addValue("price", s.plan().price().value())
        .addValue("intervalUnit", s.plan().interval().unit().name())
        .addValue("intervalCount", s.plan().interval().count())
        .addValue("accessDuringGrace", s.plan().accessDuringGrace())
        .addValue("status", s.status().name())
        .addValue("anchorDate", s.anchorDate())
        .addValue("anchorDay", s.anchorDay())
        // NULL follows tossbill.billing.charge-time when the row is read; only an override is
        // stored.
        .addValue("chargeTime", s.chargeTimeOverridden() ? s.chargeTime() : null)
        .addValue("anchorIndex", s.anchorIndex())
        .addValue("periodNo", s.periodNo())
        .addValue("paidPeriodNo", s.paidPeriodNo())
        .addValue("periodStart", s.periodStart())
        .addValue("periodEnd", s.periodEnd())
        .addValue("trialEnd", s.trialEnd())
        .addValue("cancelAtPeriodEnd", s.cancelAtPeriodEnd())
        .addValue("pendingPlanId", pending == null ? null : pending.planId().value())
        .addValue("pendingPlanName", pending == null ? null : pending.name())
        .addValue("pendingPrice", pending == null ? null : pending.price().value())
        .addValue("pendingIntervalUnit", pending == null ? null : pending.interval().unit().name())
        .addValue("pendingIntervalCount", pending == null ? null : pending.interval().count())
        .addValue("pendingAccessDuringGrace", pending == null ? null : pending.accessDuringGrace())
        .addValue("upgradePlanId", upgrade == null ? null : upgrade.planId().value())
        .addValue("upgradePlanName", upgrade == null ? null : upgrade.name())
        .addValue("upgradePrice", upgrade == null ? null : upgrade.price().value())
        .addValue("upgradeAccessDuringGrace", upgrade == null ? null : upgrade.accessDuringGrace())
        .addValue("balance", s.balance().value())
        .addValue("awaitingCard", s.awaitingCard())
        .addValue("nextActionAt", s.nextActionAt() == null ? null : ts(s.nextActionAt()))
        .addValue("dueAt", dueAt == null ? null : ts(dueAt))
        .addValue("clockOffset", s.clockOffset().toSeconds())
        .addValue("createdAt", ts(s.createdAt()))
        .addValue("updatedAt", ts(now))
        .addValue("canceledAt", s.canceledAt() == null ? null : ts(s.canceledAt()))
        .addValue("endedAt", s.endedAt() == null ? null : ts(s.endedAt()))
        .addValue("discountCouponId", discount == null ? null : discount.couponId())
        .addValue("discountPromotionCodeId", discount == null ? null : discount.promotionCodeId())
        .addValue("discountCode", discount == null ? null : discount.code())
        .addValue(
            "discountPercentOff",
            discount == null || discount.percentOff() == 0 ? null : discount.percentOff())
        .addValue(
            "discountAmountOff",
            discount == null || discount.amountOff().isZero() ? null : discount.amountOff().value())
        .addValue("discountFirstPeriod", discount == null ? null : discount.firstPeriod())
        .addValue("discountLastPeriod", discount == null ? null : discount.lastPeriod())
        .addValue(
            "discountPlanIds",
            discount == null
                ? null
                : discount.plans().stream().map(PlanId::value).sorted().toArray(Long[]::new));
  }

  static Timestamp ts(Instant instant) {
    return Timestamp.from(instant);
  }

  private static @Nullable Instant instant(ResultSet rs, String column) throws SQLException {
    OffsetDateTime value = rs.getObject(column, OffsetDateTime.class);
    return value == null ? null : value.toInstant();
  }

  private static BillingInterval interval(String unit, int count) {
    return new BillingInterval(IntervalUnit.valueOf(unit), count);
  }

  private Subscription subscription(ResultSet rs, int rowNum) throws SQLException {
    LocalTime chargeTime = rs.getObject("charge_time", LocalTime.class);
    PlanSnapshot pending = null;
    long pendingPlanId = rs.getLong("pending_plan_id");
    if (!rs.wasNull()) {
      pending =
          new PlanSnapshot(
              new PlanId(pendingPlanId),
              rs.getString("pending_plan_name"),
              Won.of(rs.getLong("pending_price")),
              interval(rs.getString("pending_interval_unit"), rs.getInt("pending_interval_count")),
              rs.getBoolean("pending_access_during_grace"));
    }
    BillingInterval interval = interval(rs.getString("interval_unit"), rs.getInt("interval_count"));
    PlanSnapshot upgrade = null;
    long upgradePlanId = rs.getLong("upgrade_plan_id");
    if (!rs.wasNull()) {
      upgrade =
          new PlanSnapshot(
              new PlanId(upgradePlanId),
              rs.getString("upgrade_plan_name"),
              Won.of(rs.getLong("upgrade_price")),
              interval,
              rs.getBoolean("upgrade_access_during_grace"));
    }
    return new Subscription(
        new Subscription.State(
            rs.getLong("id"),
            new CustomerId(rs.getLong("customer_id")),
            new PlanSnapshot(
                new PlanId(rs.getLong("plan_id")),
                rs.getString("plan_name"),
                Won.of(rs.getLong("price")),
                interval,
                rs.getBoolean("access_during_grace")),
            SubscriptionStatus.valueOf(rs.getString("status")),
            rs.getObject("anchor_date", LocalDate.class),
            rs.getInt("anchor_day"),
            rs.getInt("anchor_index"),
            chargeTime == null ? defaultChargeTime : chargeTime,
            chargeTime != null,
            rs.getInt("period_no"),
            rs.getInt("paid_period_no"),
            rs.getObject("period_start", LocalDate.class),
            rs.getObject("period_end", LocalDate.class),
            rs.getObject("trial_end", LocalDate.class),
            rs.getBoolean("cancel_at_period_end"),
            pending,
            upgrade,
            Won.of(rs.getLong("balance")),
            rs.getBoolean("awaiting_card"),
            instant(rs, "next_action_at"),
            Duration.ofSeconds(rs.getLong("clock_offset_seconds")),
            instant(rs, "created_at"),
            instant(rs, "canceled_at"),
            instant(rs, "ended_at"),
            rs.getLong("version"),
            discount(rs)));
  }

  private static @Nullable Discount discount(ResultSet rs) throws SQLException {
    long couponId = rs.getLong("discount_coupon_id");
    if (rs.wasNull()) {
      return null;
    }
    long promotionCodeId = rs.getLong("discount_promotion_code_id");
    Long promotionCode = rs.wasNull() ? null : promotionCodeId;
    int percentOff = rs.getInt("discount_percent_off");
    long amountOff = rs.getLong("discount_amount_off");
    int lastPeriod = rs.getInt("discount_last_period");
    Integer last = rs.wasNull() ? null : lastPeriod;
    java.sql.Array plans = rs.getArray("discount_plan_ids");
    Set<PlanId> planIds = new HashSet<>();
    for (Object id : (Object[]) plans.getArray()) {
      planIds.add(new PlanId(((Number) id).longValue()));
    }
    return new Discount(
        couponId,
        promotionCode,
        rs.getString("discount_code"),
        percentOff,
        Won.of(amountOff),
        rs.getInt("discount_first_period"),
        last,
        planIds);
  }
}
