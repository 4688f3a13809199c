package io.tossbill.coupon;

import io.tossbill.billing.DiscountRedemption;
import io.tossbill.billing.SubscriptionId;
import io.tossbill.billing.SubscriptionView;
import io.tossbill.billing.Subscriptions;
import io.tossbill.platform.ApiException;
import org.jspecify.annotations.Nullable;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * The merchant API for a subscription's discount: apply a coupon or a promotion code to an existing
 * subscription (it replaces the one it held, from the first period not yet paid), or take it off.
 */
@RestController
class SubscriptionDiscountController {

  private final Subscriptions subscriptions;

  SubscriptionDiscountController(Subscriptions subscriptions) {
    this.subscriptions = subscriptions;
  }

  record ApplyDiscountRequest(@Nullable String coupon, @Nullable String promotionCode) {}

  @PostMapping("/api/v1/subscriptions/{id}/discount")
  SubscriptionView apply(
      @PathVariable long id, @RequestBody(required = false) @Nullable ApplyDiscountRequest body) {
    SubscriptionId subscription = subscriptionId(id);
    if (body == null) {
      throw ApiException.badRequest("INVALID_REQUEST", "api.INVALID_REQUEST.8");
    }
    DiscountRedemption.Code code = DiscountRedemption.Code.of(body.coupon(), body.promotionCode());
    if (code == null) {
      throw ApiException.badRequest("INVALID_REQUEST", "api.INVALID_REQUEST.discount");
    }
    return subscriptions.applyDiscount(subscription, code, DiscountRedemption.Channel.API);
  }

  @DeleteMapping("/api/v1/subscriptions/{id}/discount")
  SubscriptionView remove(@PathVariable long id) {
    return subscriptions.removeDiscount(subscriptionId(id));
  }

  private static SubscriptionId subscriptionId(long id) {
    if (id <= 0) {
      throw ApiException.notFound(
          "SUBSCRIPTION_NOT_FOUND", "api.SUBSCRIPTION_NOT_FOUND.2", Long.MAX_VALUE);
    }
    return new SubscriptionId(id);
  }
}
