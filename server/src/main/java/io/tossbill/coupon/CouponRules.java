package io.tossbill.coupon;

import io.tossbill.platform.ApiException;
import io.tossbill.platform.BusinessTime;
import io.tossbill.platform.Text;
import io.tossbill.platform.Won;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * What a valid coupon and promotion code are; each refusal names the bad value. Checked before
 * anything is written. Codes are matched without regard to case: they are kept upper-case.
 */
public final class CouponRules {

  static final Pattern CODE = Pattern.compile("[A-Z0-9][A-Z0-9_-]{2,39}");
  static final long MAX_AMOUNT_OFF = 1_000_000_000;
  static final int MAX_PERIODS = 120;
  static final int MAX_PLANS = 100;

  private CouponRules() {}

  /** A percent or a fixed amount off, exactly one of them. */
  public record Off(@Nullable Integer percentOff, @Nullable Won amountOff) {}

  /** A duration with its number of periods (only for {@link CouponDuration#REPEATING}). */
  public record Lasting(CouponDuration duration, @Nullable Integer periods) {}

  /** A code as typed, upper-cased; null when it cannot be a code at all. */
  static @Nullable String normalized(@Nullable String typed) {
    if (typed == null) {
      return null;
    }
    String code = typed.strip().toUpperCase(Locale.ROOT);
    return CODE.matcher(code).matches() ? code : null;
  }

  public static String code(@Nullable String code) {
    String normalized = normalized(code);
    if (normalized == null) {
      throw ApiException.badRequest(
          "INVALID_COUPON_CODE", "api.INVALID_COUPON_CODE", Text.forLog(code, 50));
    }
    return normalized;
  }

  public static String promotionCode(@Nullable String code) {
    String normalized = normalized(code);
    if (normalized == null) {
      throw ApiException.badRequest(
          "INVALID_PROMOTION_CODE", "api.INVALID_PROMOTION_CODE", Text.forLog(code, 50));
    }
    return normalized;
  }

  public static String name(@Nullable String name) {
    Text.requirePrintable("name", name);
    if (name == null || name.isBlank() || name.strip().length() > 100) {
      throw ApiException.badRequest("INVALID_COUPON_NAME", "api.INVALID_COUPON_NAME");
    }
    return name.strip();
  }

  /** 1 to 100 percent, or 1 to 1,000,000,000 won; never both. */
  public static Off off(@Nullable Integer percentOff, @Nullable Long amountOff) {
    if ((percentOff == null) == (amountOff == null)) {
      throw ApiException.badRequest("INVALID_COUPON_OFF", "api.INVALID_COUPON_OFF");
    }
    if (percentOff != null && (percentOff < 1 || percentOff > 100)) {
      throw ApiException.badRequest("INVALID_PERCENT_OFF", "api.INVALID_PERCENT_OFF", percentOff);
    }
    if (amountOff != null && (amountOff < 1 || amountOff > MAX_AMOUNT_OFF)) {
      throw ApiException.badRequest("INVALID_AMOUNT_OFF", "api.INVALID_AMOUNT_OFF", amountOff);
    }
    return new Off(percentOff, amountOff == null ? null : Won.of(amountOff));
  }

  /** ONCE, FOREVER, or REPEATING for 1 to 120 periods. */
  public static Lasting lasting(@Nullable CouponDuration duration, @Nullable Integer periods) {
    if (duration == null) {
      throw ApiException.badRequest("INVALID_COUPON_DURATION", "api.INVALID_COUPON_DURATION");
    }
    if (duration == CouponDuration.REPEATING
        ? periods == null || periods < 1 || periods > MAX_PERIODS
        : periods != null) {
      throw ApiException.badRequest(
          "INVALID_DURATION_PERIODS", "api.INVALID_DURATION_PERIODS", duration, periods);
    }
    return new Lasting(duration, periods);
  }

  /** None (no limit) or at least 1. */
  public static @Nullable Integer maxRedemptions(@Nullable Integer max) {
    if (max != null && max < 1) {
      throw ApiException.badRequest("INVALID_MAX_REDEMPTIONS", "api.INVALID_MAX_REDEMPTIONS", max);
    }
    return max;
  }

  /**
   * An end time in the future: an ISO-8601 time with its offset ({@code 2031-12-31T23:59:59+09:00})
   * or a date ({@code 2031-12-31}: through that whole day in Seoul).
   */
  public static @Nullable Instant until(String field, @Nullable String value, Instant now) {
    if (value == null || value.isBlank()) {
      return null;
    }
    Instant at;
    try {
      String v = value.strip();
      at =
          v.length() == 10
              ? LocalDate.parse(v).plusDays(1).atStartOfDay(BusinessTime.ZONE).toInstant()
              : OffsetDateTime.parse(v).toInstant();
    } catch (DateTimeException e) {
      throw ApiException.badRequest(
          "INVALID_COUPON_TIME", "api.INVALID_COUPON_TIME", field, Text.forLog(value, 40));
    }
    if (!at.isAfter(now)) {
      throw ApiException.badRequest(
          "INVALID_COUPON_TIME", "api.INVALID_COUPON_TIME.past", field, value.strip());
    }
    return at;
  }

  /** Plan ids as given, each positive, at most 100, without repeats. */
  public static List<Long> planIds(@Nullable List<Long> ids) {
    if (ids == null) {
      return List.of();
    }
    Set<Long> unique = new LinkedHashSet<>();
    for (Long id : ids) {
      if (id == null || id <= 0) {
        throw ApiException.badRequest("INVALID_COUPON_PLANS", "api.INVALID_COUPON_PLANS");
      }
      unique.add(id);
    }
    if (unique.size() > MAX_PLANS) {
      throw ApiException.badRequest("INVALID_COUPON_PLANS", "api.INVALID_COUPON_PLANS");
    }
    return new ArrayList<>(unique);
  }
}
