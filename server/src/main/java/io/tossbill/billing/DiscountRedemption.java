package io.tossbill.billing;

import io.tossbill.catalog.PlanId;
import io.tossbill.customer.CustomerId;
import io.tossbill.platform.ApiException;
import io.tossbill.platform.Text;
import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * The billing engine's question when a subscription is given a discount code: may this customer
 * redeem it for this plan now, and what does it grant? Implemented by the coupon module; asked
 * inside the transaction that subscribes or changes the subscription, so the redemption is counted
 * and the discount attached in one commit, or neither. A refusal is an {@link
 * io.tossbill.platform.ApiException} that rolls everything back.
 */
public interface DiscountRedemption {

  /** Where the code came from. */
  enum Channel {
    /** The merchant API. */
    API,
    /** Typed by the subscriber on the checkout's confirm page. */
    CHECKOUT,
    /** Applied by staff in the admin console. */
    ADMIN
  }

  /** A code as given: a coupon's own code (merchant, staff) or a customer-facing promotion code. */
  record Code(Kind kind, String value) {

    /** Which kind of code. */
    public enum Kind {
      COUPON,
      PROMOTION_CODE
    }

    public static Code coupon(String value) {
      return new Code(Kind.COUPON, value);
    }

    public static Code promotionCode(String value) {
      return new Code(Kind.PROMOTION_CODE, value);
    }

    /**
     * The code a request names in its {@code coupon} or {@code promotionCode} field, null when
     * neither; 400 INVALID_REQUEST when both are.
     */
    public static @Nullable Code of(@Nullable String coupon, @Nullable String promotionCode) {
      Text.requirePrintable("coupon", coupon);
      Text.requirePrintable("promotionCode", promotionCode);
      boolean hasCoupon = coupon != null && !coupon.isBlank();
      boolean hasCode = promotionCode != null && !promotionCode.isBlank();
      if (hasCoupon && hasCode) {
        throw ApiException.badRequest("INVALID_REQUEST", "api.INVALID_REQUEST.discount");
      }
      if (coupon != null && hasCoupon) {
        return coupon(coupon.strip());
      }
      return promotionCode != null && hasCode ? promotionCode(promotionCode.strip()) : null;
    }
  }

  /**
   * A redemption asked for.
   *
   * @param firstTimeCustomer whether the customer never had a subscription before this one, decided
   *     from billing's own data ({@link Subscriptions#isFirstTimeCustomer})
   * @param now the subscriber's now (their test clock included)
   */
  record Request(
      SubscriptionId subscriptionId,
      CustomerId customerId,
      PlanId planId,
      boolean firstTimeCustomer,
      Code code,
      Channel channel,
      Instant now) {}

  /**
   * Counts one redemption of the code for the subscription and returns what it grants; refuses
   * (without counting) a code that is unknown, inactive, expired, used up, or not for this plan or
   * customer. Runs in the caller's transaction.
   */
  DiscountTerms redeem(Request request);
}
