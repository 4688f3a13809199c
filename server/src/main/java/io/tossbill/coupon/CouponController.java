package io.tossbill.coupon;

import io.tossbill.billing.DiscountRedemption;
import io.tossbill.catalog.PlanId;
import io.tossbill.customer.CustomerId;
import io.tossbill.platform.ApiException;
import io.tossbill.platform.Won;
import java.net.URI;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/** The merchant API for coupons and promotion codes ({@code Authorization: Bearer <api key>}). */
@RestController
class CouponController {

  private final Coupons coupons;

  CouponController(Coupons coupons) {
    this.coupons = coupons;
  }

  record CreateCouponRequest(
      @Nullable String code,
      @Nullable String name,
      @Nullable Integer percentOff,
      @Nullable Long amountOff,
      @Nullable CouponDuration duration,
      @Nullable Integer durationPeriods,
      @Nullable Integer maxRedemptions,
      @Nullable String redeemBy,
      @Nullable List<Long> planIds,
      @Nullable Boolean firstTimeOnly) {}

  record CreatePromotionCodeRequest(
      @Nullable String code,
      @Nullable Integer maxRedemptions,
      @Nullable String expiresAt,
      @Nullable Boolean firstTimeOnly) {}

  /**
   * What a code would grant a customer subscribing to a plan now (nothing is redeemed): the
   * discount's terms, and the won it takes off the plan's price for each period it covers.
   */
  record PreviewView(
      long couponId,
      @Nullable Long promotionCodeId,
      String code,
      String name,
      @Nullable Integer percentOff,
      @Nullable Won amountOff,
      @Nullable Integer periods,
      List<Long> planIds,
      Won price,
      Won discount,
      Won priceAfterDiscount) {}

  @PostMapping("/api/v1/coupons")
  @ResponseStatus(HttpStatus.CREATED)
  ResponseEntity<Coupon> create(@RequestBody(required = false) @Nullable CreateCouponRequest body) {
    CreateCouponRequest r = requireBody(body);
    Coupon coupon =
        coupons.create(
            new Coupons.NewCoupon(
                r.code(),
                r.name(),
                r.percentOff(),
                r.amountOff(),
                r.duration(),
                r.durationPeriods(),
                r.maxRedemptions(),
                r.redeemBy(),
                r.planIds(),
                Boolean.TRUE.equals(r.firstTimeOnly())));
    return ResponseEntity.created(URI.create("/api/v1/coupons/" + coupon.id())).body(coupon);
  }

  @GetMapping("/api/v1/coupons")
  List<Coupon> list() {
    return coupons.coupons();
  }

  @GetMapping("/api/v1/coupons/{id}")
  Coupon coupon(@PathVariable long id) {
    return coupons.require(couponId(id));
  }

  /** No new redemptions from now on; discounts already applied keep going. */
  @PostMapping("/api/v1/coupons/{id}/deactivate")
  Coupon deactivate(@PathVariable long id) {
    return coupons.deactivate(couponId(id));
  }

  @GetMapping("/api/v1/coupons/{id}/redemptions")
  List<Redemption> redemptions(@PathVariable long id) {
    return coupons.redemptions(couponId(id));
  }

  @PostMapping("/api/v1/coupons/{id}/promotion-codes")
  @ResponseStatus(HttpStatus.CREATED)
  ResponseEntity<PromotionCode> createCode(
      @PathVariable long id,
      @RequestBody(required = false) @Nullable CreatePromotionCodeRequest body) {
    long couponId = couponId(id);
    CreatePromotionCodeRequest r = requireBody(body);
    PromotionCode code =
        coupons.createCode(
            couponId,
            new Coupons.NewPromotionCode(
                r.code(),
                r.maxRedemptions(),
                r.expiresAt(),
                Boolean.TRUE.equals(r.firstTimeOnly())));
    return ResponseEntity.created(URI.create("/api/v1/promotion-codes/" + code.id())).body(code);
  }

  @GetMapping("/api/v1/coupons/{id}/promotion-codes")
  List<PromotionCode> codes(@PathVariable long id) {
    return coupons.codes(couponId(id));
  }

  /** A promotion code looked up by what a customer types (any case). */
  @GetMapping("/api/v1/promotion-codes")
  PromotionCode codeNamed(@RequestParam(required = false) @Nullable String code) {
    if (code == null || code.isBlank()) {
      throw ApiException.badRequest("INVALID_REQUEST", "api.INVALID_REQUEST.9", "code");
    }
    return coupons.codeNamed(code);
  }

  @GetMapping("/api/v1/promotion-codes/{id}")
  PromotionCode code(@PathVariable long id) {
    return coupons.requireCode(codeId(id));
  }

  @PostMapping("/api/v1/promotion-codes/{id}/activate")
  PromotionCode activate(@PathVariable long id) {
    return coupons.setCodeActive(codeId(id), true);
  }

  @PostMapping("/api/v1/promotion-codes/{id}/deactivate")
  PromotionCode deactivateCode(@PathVariable long id) {
    return coupons.setCodeActive(codeId(id), false);
  }

  /**
   * Checks a promotion code (or, with {@code coupon}, a coupon's code) for a customer and a plan
   * without redeeming it: 200 with what it grants, or the refusal subscribing would give.
   */
  @GetMapping("/api/v1/discounts/preview")
  PreviewView preview(
      @RequestParam(required = false) @Nullable Long customerId,
      @RequestParam(required = false) @Nullable Long planId,
      @RequestParam(required = false) @Nullable String promotionCode,
      @RequestParam(required = false) @Nullable String coupon) {
    DiscountRedemption.Code code = DiscountRedemption.Code.of(coupon, promotionCode);
    if (code == null) {
      throw ApiException.badRequest("INVALID_REQUEST", "api.INVALID_REQUEST.9", "promotionCode");
    }
    if (customerId == null || planId == null) {
      throw ApiException.badRequest(
          "INVALID_REQUEST", "api.INVALID_REQUEST.9", customerId == null ? "customerId" : "planId");
    }
    if (customerId <= 0) {
      throw ApiException.notFound("CUSTOMER_NOT_FOUND", "api.CUSTOMER_NOT_FOUND.2");
    }
    if (planId <= 0) {
      throw ApiException.notFound("PLAN_NOT_FOUND", "api.PLAN_NOT_FOUND.3");
    }
    Coupons.Preview quoted = coupons.preview(code, new CustomerId(customerId), new PlanId(planId));
    var t = quoted.terms();
    return new PreviewView(
        t.couponId(),
        t.promotionCodeId(),
        t.code(),
        t.name(),
        t.percentOff() == 0 ? null : t.percentOff(),
        t.amountOff().isZero() ? null : t.amountOff(),
        t.periods(),
        t.plans().stream().map(PlanId::value).sorted().toList(),
        quoted.price(),
        quoted.discount(),
        quoted.price().minus(quoted.discount()));
  }

  private static <T> T requireBody(@Nullable T body) {
    if (body == null) {
      throw ApiException.badRequest("INVALID_REQUEST", "api.INVALID_REQUEST.8");
    }
    return body;
  }

  private static long couponId(long id) {
    if (id <= 0) {
      throw CouponLookup.couponNotFound(String.valueOf(id));
    }
    return id;
  }

  private static long codeId(long id) {
    if (id <= 0) {
      throw CouponLookup.codeNotFound(String.valueOf(id));
    }
    return id;
  }
}
