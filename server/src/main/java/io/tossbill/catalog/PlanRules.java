package io.tossbill.catalog;

import io.tossbill.platform.ApiException;
import io.tossbill.platform.Text;
import io.tossbill.platform.Won;
import java.util.Map;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/** What a valid plan is; each refusal names the bad value. Checked before anything is written. */
public final class PlanRules {

  static final Pattern CODE = Pattern.compile("[a-z0-9-]{2,40}");
  static final Pattern FEATURE_KEY = Pattern.compile("[A-Za-z0-9_.:-]{1,64}");

  /** Toss's minimum card charge. */
  static final long MIN_PAID_PRICE = 100;

  static final long MAX_PRICE = 1_000_000_000;
  static final int MAX_TRIAL_DAYS = 365;
  static final int MAX_FEATURES = 50;

  private PlanRules() {}

  public static String code(@Nullable String code) {
    if (code == null || !CODE.matcher(code).matches()) {
      throw ApiException.badRequest("INVALID_PLAN_CODE", "api.INVALID_PLAN_CODE", code);
    }
    return code;
  }

  public static String name(@Nullable String name) {
    Text.requirePrintable("name", name);
    if (name == null || name.isBlank() || name.length() > 100) {
      throw ApiException.badRequest("INVALID_PLAN_NAME", "api.INVALID_PLAN_NAME");
    }
    return name.strip();
  }

  public static String description(@Nullable String description) {
    if (description == null) {
      return "";
    }
    Text.requirePrintableMultiline("description", description);
    if (description.length() > 1000) {
      throw ApiException.badRequest("INVALID_PLAN_DESCRIPTION", "api.INVALID_PLAN_DESCRIPTION");
    }
    return description;
  }

  /** 0 won (a free plan, never charged) or 100 won to 1,000,000,000 won. */
  public static Won price(@Nullable Long price) {
    if (price == null || price < 0 || (price > 0 && price < MIN_PAID_PRICE) || price > MAX_PRICE) {
      throw ApiException.badRequest("INVALID_PRICE", "api.INVALID_PRICE", price);
    }
    return new Won(price);
  }

  public static BillingInterval interval(@Nullable IntervalUnit unit, @Nullable Integer count) {
    if (unit == null || count == null) {
      throw invalidInterval(unit + " x " + count);
    }
    try {
      return new BillingInterval(unit, count);
    } catch (IllegalArgumentException e) {
      throw invalidInterval(unit + " x " + count);
    }
  }

  private static ApiException invalidInterval(String value) {
    return ApiException.badRequest("INVALID_INTERVAL", "api.INVALID_INTERVAL", value);
  }

  public static int trialDays(@Nullable Integer trialDays) {
    if (trialDays == null) {
      return 0;
    }
    if (trialDays < 0 || trialDays > MAX_TRIAL_DAYS) {
      throw ApiException.badRequest("INVALID_TRIAL_DAYS", "api.INVALID_TRIAL_DAYS", trialDays);
    }
    return trialDays;
  }

  public static Map<String, String> features(@Nullable Map<String, String> features) {
    if (features == null) {
      return Map.of();
    }
    if (features.size() > MAX_FEATURES) {
      throw ApiException.badRequest("INVALID_FEATURES", "api.INVALID_FEATURES");
    }
    features.forEach(
        (key, value) -> {
          Text.requirePrintableMultiline("features." + key, value);
          if (key == null
              || !FEATURE_KEY.matcher(key).matches()
              || value == null
              || value.length() > 500) {
            throw ApiException.badRequest("INVALID_FEATURES", "api.INVALID_FEATURES.2", key);
          }
        });
    return Map.copyOf(features);
  }
}
