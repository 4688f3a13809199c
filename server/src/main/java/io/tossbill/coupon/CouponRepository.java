package io.tossbill.coupon;

import io.tossbill.billing.DiscountRedemption;
import io.tossbill.platform.Won;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The coupon, coupon_plan, promotion_code and coupon_redemption tables. A redemption is counted by
 * a conditional increment (the row lock serializes two redeemers of the last use; the loser's
 * condition no longer holds) and recorded with its use number, which the database keeps unique and
 * within the limit.
 */
@Repository
class CouponRepository {

  private static final String INSERT_COUPON =
      """
      INSERT INTO coupon (code, name, percent_off, amount_off, duration, duration_periods, max_redemptions,
                          redeem_by, first_time_only, created_at)
      VALUES (:code, :name, :percentOff, :amountOff, :duration, :durationPeriods, :maxRedemptions,
              :redeemBy, :firstTimeOnly, :createdAt)
      RETURNING id
      """;

  private static final String INSERT_COUPON_PLAN =
      "INSERT INTO coupon_plan (coupon_id, plan_id) VALUES (:couponId, :planId)";

  private static final String COUPONS = "SELECT * FROM coupon ORDER BY id DESC";

  private static final String COUPON_BY_ID = "SELECT * FROM coupon WHERE id = :id";

  private static final String COUPON_BY_CODE = "SELECT * FROM coupon WHERE code = :code";

  private static final String PLANS_OF =
      "SELECT coupon_id, plan_id FROM coupon_plan WHERE coupon_id IN (:ids) ORDER BY plan_id";

  private static final String DEACTIVATE_COUPON = "UPDATE coupon SET active = false WHERE id = :id";

  // Counts one use if the coupon may still be redeemed now; no row when it may not.
  private static final String USE_COUPON =
      """
      UPDATE coupon SET times_redeemed = times_redeemed + 1
      WHERE id = :id AND active
        AND (max_redemptions IS NULL OR times_redeemed < max_redemptions)
        AND (redeem_by IS NULL OR redeem_by > :now)
      RETURNING times_redeemed
      """;

  private static final String INSERT_CODE =
      """
      INSERT INTO promotion_code (coupon_id, code, max_redemptions, expires_at, first_time_only, created_at)
      VALUES (:couponId, :code, :maxRedemptions, :expiresAt, :firstTimeOnly, :createdAt)
      RETURNING id
      """;

  private static final String CODES_OF =
      "SELECT * FROM promotion_code WHERE coupon_id = :couponId ORDER BY id DESC";

  private static final String CODE_BY_ID = "SELECT * FROM promotion_code WHERE id = :id";

  private static final String CODE_BY_CODE = "SELECT * FROM promotion_code WHERE code = :code";

  private static final String SET_CODE_ACTIVE =
      "UPDATE promotion_code SET active = :active WHERE id = :id";

  private static final String USE_CODE =
      """
      UPDATE promotion_code SET times_redeemed = times_redeemed + 1
      WHERE id = :id AND active
        AND (max_redemptions IS NULL OR times_redeemed < max_redemptions)
        AND (expires_at IS NULL OR expires_at > :now)
      RETURNING times_redeemed
      """;

  private static final String INSERT_REDEMPTION =
      """
      INSERT INTO coupon_redemption (coupon_id, coupon_use_no, promotion_code_id, promotion_code_use_no,
                                     customer_id, subscription_id, channel, redeemed_at)
      VALUES (:couponId, :couponUseNo, :promotionCodeId, :promotionCodeUseNo, :customerId, :subscriptionId,
              :channel, :redeemedAt)
      """;

  private static final String REDEMPTIONS_OF =
      """
      SELECT * FROM coupon_redemption WHERE coupon_id = :couponId ORDER BY id DESC LIMIT :limit
      """;

  private final JdbcClient jdbc;

  CouponRepository(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  /** A new coupon; a taken code fails on the unique constraint. */
  long insert(
      String code,
      String name,
      CouponRules.Off off,
      CouponRules.Lasting lasting,
      @Nullable Integer maxRedemptions,
      @Nullable Instant redeemBy,
      boolean firstTimeOnly,
      List<Long> planIds,
      Instant now) {
    long id =
        jdbc.sql(INSERT_COUPON)
            .param("code", code)
            .param("name", name)
            .param("percentOff", off.percentOff())
            .param("amountOff", off.amountOff() == null ? null : off.amountOff().value())
            .param("duration", lasting.duration().name())
            .param("durationPeriods", lasting.periods())
            .param("maxRedemptions", maxRedemptions)
            .param("redeemBy", ts(redeemBy))
            .param("firstTimeOnly", firstTimeOnly)
            .param("createdAt", ts(now))
            .query(Long.class)
            .single();
    for (long planId : planIds) {
      jdbc.sql(INSERT_COUPON_PLAN).param("couponId", id).param("planId", planId).update();
    }
    return id;
  }

  List<Coupon> coupons() {
    return withPlans(jdbc.sql(COUPONS).query(CouponRepository::couponRow).list());
  }

  Optional<Coupon> coupon(long id) {
    return withPlans(
            jdbc.sql(COUPON_BY_ID).param("id", id).query(CouponRepository::couponRow).list())
        .stream()
        .findFirst();
  }

  Optional<Coupon> couponByCode(String code) {
    return withPlans(
            jdbc.sql(COUPON_BY_CODE).param("code", code).query(CouponRepository::couponRow).list())
        .stream()
        .findFirst();
  }

  void deactivate(long id) {
    jdbc.sql(DEACTIVATE_COUPON).param("id", id).update();
  }

  /** Counts one use of the coupon at {@code now}: its use number, or empty when none is left. */
  Optional<Integer> useCoupon(long id, Instant now) {
    return jdbc.sql(USE_COUPON)
        .param("id", id)
        .param("now", ts(now))
        .query(Integer.class)
        .optional();
  }

  long insertCode(
      long couponId,
      String code,
      @Nullable Integer maxRedemptions,
      @Nullable Instant expiresAt,
      boolean firstTimeOnly,
      Instant now) {
    return jdbc.sql(INSERT_CODE)
        .param("couponId", couponId)
        .param("code", code)
        .param("maxRedemptions", maxRedemptions)
        .param("expiresAt", ts(expiresAt))
        .param("firstTimeOnly", firstTimeOnly)
        .param("createdAt", ts(now))
        .query(Long.class)
        .single();
  }

  List<PromotionCode> codesOf(long couponId) {
    return jdbc.sql(CODES_OF).param("couponId", couponId).query(CouponRepository::codeRow).list();
  }

  Optional<PromotionCode> code(long id) {
    return jdbc.sql(CODE_BY_ID).param("id", id).query(CouponRepository::codeRow).optional();
  }

  Optional<PromotionCode> codeByCode(String code) {
    return jdbc.sql(CODE_BY_CODE).param("code", code).query(CouponRepository::codeRow).optional();
  }

  void setCodeActive(long id, boolean active) {
    jdbc.sql(SET_CODE_ACTIVE).param("id", id).param("active", active).update();
  }

  Optional<Integer> useCode(long id, Instant now) {
    return jdbc.sql(USE_CODE).param("id", id).param("now", ts(now)).query(Integer.class).optional();
  }

  void insertRedemption(
      long couponId,
      int couponUseNo,
      @Nullable Long promotionCodeId,
      @Nullable Integer promotionCodeUseNo,
      long customerId,
      long subscriptionId,
      DiscountRedemption.Channel channel,
      Instant now) {
    jdbc.sql(INSERT_REDEMPTION)
        .param("couponId", couponId)
        .param("couponUseNo", couponUseNo)
        .param("promotionCodeId", promotionCodeId)
        .param("promotionCodeUseNo", promotionCodeUseNo)
        .param("customerId", customerId)
        .param("subscriptionId", subscriptionId)
        .param("channel", channel.name())
        .param("redeemedAt", ts(now))
        .update();
  }

  List<Redemption> redemptionsOf(long couponId, int limit) {
    return jdbc.sql(REDEMPTIONS_OF)
        .param("couponId", couponId)
        .param("limit", limit)
        .query(
            (rs, n) -> {
              long codeId = rs.getLong("promotion_code_id");
              Long promotionCodeId = rs.wasNull() ? null : codeId;
              return new Redemption(
                  rs.getLong("id"),
                  rs.getLong("coupon_id"),
                  rs.getInt("coupon_use_no"),
                  promotionCodeId,
                  rs.getLong("customer_id"),
                  rs.getLong("subscription_id"),
                  DiscountRedemption.Channel.valueOf(rs.getString("channel")),
                  instant(rs, "redeemed_at"));
            })
        .list();
  }

  /** The coupons with their plans (one statement for all of them). */
  private List<Coupon> withPlans(List<Coupon> coupons) {
    if (coupons.isEmpty()) {
      return coupons;
    }
    Map<Long, List<Long>> plans = new HashMap<>();
    jdbc.sql(PLANS_OF)
        .param("ids", coupons.stream().map(Coupon::id).toList())
        .query(
            (ResultSet rs) -> {
              plans
                  .computeIfAbsent(rs.getLong("coupon_id"), k -> new ArrayList<>())
                  .add(rs.getLong("plan_id"));
            });
    return coupons.stream()
        .map(
            c ->
                new Coupon(
                    c.id(),
                    c.code(),
                    c.name(),
                    c.percentOff(),
                    c.amountOff(),
                    c.duration(),
                    c.durationPeriods(),
                    c.maxRedemptions(),
                    c.timesRedeemed(),
                    c.redeemBy(),
                    List.copyOf(plans.getOrDefault(c.id(), List.of())),
                    c.firstTimeOnly(),
                    c.active(),
                    c.createdAt()))
        .toList();
  }

  private static Coupon couponRow(ResultSet rs, int n) throws SQLException {
    return new Coupon(
        rs.getLong("id"),
        rs.getString("code"),
        rs.getString("name"),
        intOrNull(rs, "percent_off"),
        rs.getObject("amount_off") == null ? null : Won.of(rs.getLong("amount_off")),
        CouponDuration.valueOf(rs.getString("duration")),
        intOrNull(rs, "duration_periods"),
        intOrNull(rs, "max_redemptions"),
        rs.getInt("times_redeemed"),
        instantOrNull(rs, "redeem_by"),
        List.of(),
        rs.getBoolean("first_time_only"),
        rs.getBoolean("active"),
        instant(rs, "created_at"));
  }

  private static PromotionCode codeRow(ResultSet rs, int n) throws SQLException {
    return new PromotionCode(
        rs.getLong("id"),
        rs.getLong("coupon_id"),
        rs.getString("code"),
        rs.getBoolean("active"),
        intOrNull(rs, "max_redemptions"),
        rs.getInt("times_redeemed"),
        instantOrNull(rs, "expires_at"),
        rs.getBoolean("first_time_only"),
        instant(rs, "created_at"));
  }

  private static @Nullable Integer intOrNull(ResultSet rs, String column) throws SQLException {
    int value = rs.getInt(column);
    return rs.wasNull() ? null : value;
  }

  private static Instant instant(ResultSet rs, String column) throws SQLException {
    return rs.getObject(column, OffsetDateTime.class).toInstant();
  }

  private static @Nullable Instant instantOrNull(ResultSet rs, String column) throws SQLException {
    OffsetDateTime value = rs.getObject(column, OffsetDateTime.class);
    return value == null ? null : value.toInstant();
  }

  private static @Nullable Timestamp ts(@Nullable Instant instant) {
    return instant == null ? null : Timestamp.from(instant);
  }
}
