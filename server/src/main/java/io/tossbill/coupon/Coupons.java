package io.tossbill.coupon;

import io.tossbill.billing.DiscountRedemption;
import io.tossbill.billing.DiscountTerms;
import io.tossbill.billing.Subscriptions;
import io.tossbill.catalog.Catalog;
import io.tossbill.catalog.Plan;
import io.tossbill.catalog.PlanId;
import io.tossbill.customer.CustomerId;
import io.tossbill.customer.Customers;
import io.tossbill.platform.ApiException;
import io.tossbill.platform.Won;
import io.tossbill.testclock.TestClock;
import java.time.Instant;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Coupons and their promotion codes: created, listed, deactivated, and checked before a subscriber
 * commits to one. Redeeming is {@link CouponRedemptions}' job, for the billing engine.
 */
@Service
public class Coupons {

  /** Redemptions shown with a coupon. */
  static final int RECENT_REDEMPTIONS = 50;

  /** A coupon to create, as given (each field is checked by {@link CouponRules}). */
  public record NewCoupon(
      @Nullable String code,
      @Nullable String name,
      @Nullable Integer percentOff,
      @Nullable Long amountOff,
      @Nullable CouponDuration duration,
      @Nullable Integer durationPeriods,
      @Nullable Integer maxRedemptions,
      @Nullable String redeemBy,
      @Nullable List<Long> planIds,
      boolean firstTimeOnly) {}

  /** A promotion code to create, as given. */
  public record NewPromotionCode(
      @Nullable String code,
      @Nullable Integer maxRedemptions,
      @Nullable String expiresAt,
      boolean firstTimeOnly) {}

  /**
   * What a code would do for a customer subscribing to a plan now, without redeeming it.
   *
   * @param terms what it grants
   * @param price the plan's price
   * @param discount the won it takes off that price in each period it covers
   */
  public record Preview(DiscountTerms terms, Coupon coupon, Won price, Won discount) {}

  private final CouponRepository repository;
  private final CouponLookup lookup;
  private final Catalog catalog;
  private final Subscriptions subscriptions;
  private final Customers customers;
  private final TestClock clock;

  Coupons(
      CouponRepository repository,
      CouponLookup lookup,
      Catalog catalog,
      Subscriptions subscriptions,
      Customers customers,
      TestClock clock) {
    this.repository = repository;
    this.lookup = lookup;
    this.catalog = catalog;
    this.customers = customers;
    this.subscriptions = subscriptions;
    this.clock = clock;
  }

  // ---- coupons

  /** Creates a coupon; 409 COUPON_CODE_TAKEN when its code is in use. */
  @Transactional
  public Coupon create(NewCoupon c) {
    Instant now = clock.now();
    String code = CouponRules.code(c.code());
    String name = CouponRules.name(c.name());
    CouponRules.Off off = CouponRules.off(c.percentOff(), c.amountOff());
    CouponRules.Lasting lasting = CouponRules.lasting(c.duration(), c.durationPeriods());
    Integer max = CouponRules.maxRedemptions(c.maxRedemptions());
    Instant redeemBy = CouponRules.until("redeemBy", c.redeemBy(), now);
    List<Long> plans = CouponRules.planIds(c.planIds());
    for (long planId : plans) {
      catalog.require(new PlanId(planId));
    }
    try {
      long id =
          repository.insert(code, name, off, lasting, max, redeemBy, c.firstTimeOnly(), plans, now);
      return require(id);
    } catch (DuplicateKeyException taken) {
      throw ApiException.conflict("COUPON_CODE_TAKEN", "api.COUPON_CODE_TAKEN", code);
    }
  }

  public List<Coupon> coupons() {
    return repository.coupons();
  }

  /** The coupon, or 404 COUPON_NOT_FOUND. */
  public Coupon require(long id) {
    return lookup.coupon(id);
  }

  /** Stops new redemptions of the coupon (and its codes); discounts already applied keep going. */
  @Transactional
  public Coupon deactivate(long id) {
    require(id);
    repository.deactivate(id);
    return require(id);
  }

  public List<Redemption> redemptions(long couponId) {
    require(couponId);
    return repository.redemptionsOf(couponId, RECENT_REDEMPTIONS);
  }

  // ---- promotion codes

  /** Creates a promotion code for an active coupon; 409 PROMOTION_CODE_TAKEN for a code in use. */
  @Transactional
  public PromotionCode createCode(long couponId, NewPromotionCode p) {
    Instant now = clock.now();
    Coupon coupon = require(couponId);
    String code = CouponRules.promotionCode(p.code());
    Integer max = CouponRules.maxRedemptions(p.maxRedemptions());
    Instant expiresAt = CouponRules.until("expiresAt", p.expiresAt(), now);
    if (!coupon.active()) {
      throw ApiException.conflict("COUPON_INACTIVE", "api.COUPON_INACTIVE", coupon.code());
    }
    try {
      long id = repository.insertCode(couponId, code, max, expiresAt, p.firstTimeOnly(), now);
      return requireCode(id);
    } catch (DuplicateKeyException taken) {
      throw ApiException.conflict("PROMOTION_CODE_TAKEN", "api.PROMOTION_CODE_TAKEN", code);
    }
  }

  public List<PromotionCode> codes(long couponId) {
    require(couponId);
    return repository.codesOf(couponId);
  }

  /** The promotion code, or 404 PROMOTION_CODE_NOT_FOUND. */
  public PromotionCode requireCode(long id) {
    return lookup.code(id);
  }

  /** The promotion code typed (any case), or 404 PROMOTION_CODE_NOT_FOUND. */
  public PromotionCode codeNamed(@Nullable String typed) {
    return lookup.codeNamed(typed);
  }

  @Transactional
  public PromotionCode setCodeActive(long id, boolean active) {
    requireCode(id);
    repository.setCodeActive(id, active);
    return requireCode(id);
  }

  // ---- checking and redeeming

  /**
   * What {@code code} would grant {@code customerId} subscribing to {@code planId} now, refused
   * exactly as redeeming it would be (but counted nowhere): for the confirm page and the API.
   */
  public Preview preview(DiscountRedemption.Code code, CustomerId customerId, PlanId planId) {
    customers.require(customerId);
    Plan plan = catalog.require(planId);
    CouponLookup.Resolved r = lookup.resolve(code);
    boolean firstTime = subscriptions.isFirstTimeCustomer(customerId);
    DiscountTerms terms =
        RedemptionRules.check(r.coupon(), r.code(), planId, firstTime, clock.now(customerId));
    Won off = terms.from(1).off(plan.price(), plan.id(), 1);
    return new Preview(terms, r.coupon(), plan.price(), off);
  }
}
