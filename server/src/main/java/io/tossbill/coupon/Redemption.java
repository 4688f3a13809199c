package io.tossbill.coupon;

import io.tossbill.billing.DiscountRedemption;
import java.time.Instant;
import org.jspecify.annotations.Nullable;

/** One redemption: the coupon's {@code useNo}-th, for a subscription, through a channel. */
public record Redemption(
    long id,
    long couponId,
    int useNo,
    @Nullable Long promotionCodeId,
    long customerId,
    long subscriptionId,
    DiscountRedemption.Channel channel,
    Instant redeemedAt) {}
