package io.tossbill.catalog;

import io.tossbill.platform.Won;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** Plans, their features and their price history in PostgreSQL. */
@Repository
class PlanRepository {

  private static final String INSERT_PLAN =
      """
      INSERT INTO plan (code, name, description, price, interval_unit, interval_count, trial_days,
                        status, access_during_grace, created_at, updated_at)
      VALUES (:code, :name, :description, :price, :unit, :count, :trialDays,
              'ACTIVE', :accessDuringGrace, :now, :now)
      ON CONFLICT (code) DO NOTHING
      RETURNING id
      """;

  private static final String INSERT_FEATURE =
      """
      INSERT INTO plan_feature (plan_id, key, value) VALUES (:planId, :key, :value)
      """;

  private static final String DELETE_FEATURES =
      """
      DELETE FROM plan_feature WHERE plan_id = :planId
      """;

  private static final String INSERT_PRICE =
      """
      INSERT INTO plan_price_history (plan_id, price, previous_price, apply_to_existing, changed_at)
      VALUES (:planId, :price, :previousPrice, :applyToExisting, :now)
      """;

  private static final String SELECT_PLAN =
      """
      SELECT id, code, name, description, price, interval_unit, interval_count, trial_days, status,
             access_during_grace
      FROM plan
      """;

  private static final String BY_ID = SELECT_PLAN + " WHERE id = :id";

  private static final String BY_ID_FOR_UPDATE = SELECT_PLAN + " WHERE id = :id FOR UPDATE";

  private static final String ALL = SELECT_PLAN + " ORDER BY price, id";

  private static final String BY_STATUS =
      SELECT_PLAN + " WHERE status = :status ORDER BY price, id";

  private static final String FEATURES =
      """
      SELECT key, value FROM plan_feature WHERE plan_id = :planId ORDER BY key
      """;

  private static final String UPDATE_DETAILS =
      """
      UPDATE plan
      SET name = :name, description = :description, trial_days = :trialDays,
          access_during_grace = :accessDuringGrace, updated_at = :now
      WHERE id = :id
      """;

  private static final String ARCHIVE =
      """
      UPDATE plan SET status = 'ARCHIVED', archived_at = :now, updated_at = :now
      WHERE id = :id AND status = 'ACTIVE'
      """;

  private static final String CHANGE_PRICE =
      """
      UPDATE plan SET price = :newPrice, updated_at = :now
      WHERE id = :id AND price = :oldPrice
      """;

  private static final String PRICE_HISTORY =
      """
      SELECT price, previous_price, apply_to_existing, changed_at
      FROM plan_price_history WHERE plan_id = :planId ORDER BY changed_at, id
      """;

  private final JdbcClient jdbc;

  PlanRepository(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  /** The new plan's id, or empty when the code is taken. */
  Optional<PlanId> insert(
      String code,
      String name,
      String description,
      Won price,
      BillingInterval interval,
      int trialDays,
      Map<String, String> features,
      boolean accessDuringGrace,
      Instant now) {
    Optional<Long> id =
        jdbc.sql(INSERT_PLAN)
            .param("code", code)
            .param("name", name)
            .param("description", description)
            .param("price", price.value())
            .param("unit", interval.unit().name())
            .param("count", interval.count())
            .param("trialDays", trialDays)
            .param("accessDuringGrace", accessDuringGrace)
            .param("now", timestamp(now))
            .query(Long.class)
            .optional();
    id.ifPresent(
        planId -> {
          insertFeatures(planId, features);
          insertPrice(planId, price, null, false, now);
        });
    return id.map(PlanId::new);
  }

  Optional<Plan> find(PlanId id) {
    return jdbc.sql(BY_ID)
        .param("id", id.value())
        .query(this::row)
        .optional()
        .map(this::withFeatures);
  }

  Optional<Plan> lock(PlanId id) {
    return jdbc.sql(BY_ID_FOR_UPDATE)
        .param("id", id.value())
        .query(this::row)
        .optional()
        .map(this::withFeatures);
  }

  List<Plan> all() {
    return jdbc.sql(ALL).query(this::row).list().stream().map(this::withFeatures).toList();
  }

  List<Plan> withStatus(PlanStatus status) {
    return jdbc.sql(BY_STATUS).param("status", status.name()).query(this::row).list().stream()
        .map(this::withFeatures)
        .toList();
  }

  void updateDetails(
      PlanId id,
      String name,
      String description,
      int trialDays,
      boolean accessDuringGrace,
      Instant now) {
    jdbc.sql(UPDATE_DETAILS)
        .param("id", id.value())
        .param("name", name)
        .param("description", description)
        .param("trialDays", trialDays)
        .param("accessDuringGrace", accessDuringGrace)
        .param("now", timestamp(now))
        .update();
  }

  void replaceFeatures(PlanId id, Map<String, String> features) {
    jdbc.sql(DELETE_FEATURES).param("planId", id.value()).update();
    insertFeatures(id.value(), features);
  }

  /** Compare-and-set: false when the plan was not active. */
  boolean archive(PlanId id, Instant now) {
    return jdbc.sql(ARCHIVE).param("id", id.value()).param("now", timestamp(now)).update() == 1;
  }

  /**
   * Compare-and-set on the old price, with a history row; false when the price was not {@code
   * oldPrice}.
   */
  boolean changePrice(PlanId id, Won oldPrice, Won newPrice, boolean applyToExisting, Instant now) {
    int updated =
        jdbc.sql(CHANGE_PRICE)
            .param("id", id.value())
            .param("oldPrice", oldPrice.value())
            .param("newPrice", newPrice.value())
            .param("now", timestamp(now))
            .update();
    if (updated == 1) {
      insertPrice(id.value(), newPrice, oldPrice, applyToExisting, now);
    }
    return updated == 1;
  }

  List<PriceChange> priceHistory(PlanId id) {
    return jdbc.sql(PRICE_HISTORY)
        .param("planId", id.value())
        .query(
            (rs, n) ->
                new PriceChange(
                    new Won(rs.getLong("price")),
                    rs.getObject("previous_price") == null
                        ? null
                        : new Won(rs.getLong("previous_price")),
                    rs.getBoolean("apply_to_existing"),
                    rs.getObject("changed_at", OffsetDateTime.class).toInstant()))
        .list();
  }

  private void insertFeatures(long planId, Map<String, String> features) {
    features.forEach(
        (key, value) ->
            jdbc.sql(INSERT_FEATURE)
                .param("planId", planId)
                .param("key", key)
                .param("value", value)
                .update());
  }

  private void insertPrice(
      long planId,
      Won price,
      @org.jspecify.annotations.Nullable Won previous,
      boolean applyToExisting,
      Instant now) {
    jdbc.sql(INSERT_PRICE)
        .param("planId", planId)
        .param("price", price.value())
        .param("previousPrice", previous == null ? null : previous.value())
        .param("applyToExisting", applyToExisting)
        .param("now", timestamp(now))
        .update();
  }

  private Plan withFeatures(Plan plan) {
    Map<String, String> features = new LinkedHashMap<>();
    jdbc.sql(FEATURES)
        .param("planId", plan.id().value())
        .query(
            rs -> {
              features.put(rs.getString("key"), rs.getString("value"));
            });
    return new Plan(
        plan.id(),
        plan.code(),
        plan.name(),
        plan.description(),
        plan.price(),
        plan.interval(),
        plan.trialDays(),
        features,
        plan.status(),
        plan.accessDuringGrace());
  }

  private Plan row(ResultSet rs, int n) throws SQLException {
    return new Plan(
        new PlanId(rs.getLong("id")),
        rs.getString("code"),
        rs.getString("name"),
        rs.getString("description"),
        new Won(rs.getLong("price")),
        new BillingInterval(
            IntervalUnit.valueOf(rs.getString("interval_unit")), rs.getInt("interval_count")),
        rs.getInt("trial_days"),
        Map.of(),
        PlanStatus.valueOf(rs.getString("status")),
        rs.getBoolean("access_during_grace"));
  }

  private static OffsetDateTime timestamp(Instant instant) {
    return instant.atOffset(ZoneOffset.UTC);
  }

  /**
   * One row of a plan's price history; {@code previousPrice} is empty for the price at creation.
   */
  record PriceChange(
      Won price,
      @org.jspecify.annotations.Nullable Won previousPrice,
      boolean applyToExisting,
      Instant changedAt) {}
}
