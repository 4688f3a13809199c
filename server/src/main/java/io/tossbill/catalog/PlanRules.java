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
      throw ApiException.badRequest(
          "INVALID_PLAN_CODE",
          "플랜 코드는 영문 소문자, 숫자, 하이픈(-)으로 2~40자여야 합니다: " + code,
          "A plan code is 2 to 40 characters of a-z, 0-9 and '-': " + code);
    }
    return code;
  }

  public static String name(@Nullable String name) {
    Text.requirePrintable("name", name);
    if (name == null || name.isBlank() || name.length() > 100) {
      throw ApiException.badRequest(
          "INVALID_PLAN_NAME", "플랜 이름은 1~100자여야 합니다.", "A plan name is 1 to 100 characters.");
    }
    return name.strip();
  }

  public static String description(@Nullable String description) {
    if (description == null) {
      return "";
    }
    Text.requirePrintableMultiline("description", description);
    if (description.length() > 1000) {
      throw ApiException.badRequest(
          "INVALID_PLAN_DESCRIPTION",
          "플랜 설명은 1000자 이하여야 합니다.",
          "A plan description is at most 1000 characters.");
    }
    return description;
  }

  /** 0 won (a free plan, never charged) or 100 won to 1,000,000,000 won. */
  public static Won price(@Nullable Long price) {
    if (price == null || price < 0 || (price > 0 && price < MIN_PAID_PRICE) || price > MAX_PRICE) {
      throw ApiException.badRequest(
          "INVALID_PRICE",
          "가격은 0원(무료) 또는 100원 이상 1,000,000,000원 이하의 정수여야 합니다: " + price,
          "A price is 0 won (free) or a whole number from 100 to 1,000,000,000 won: " + price);
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
    return ApiException.badRequest(
        "INVALID_INTERVAL",
        "결제 주기가 올바르지 않습니다 (WEEK 1~260, MONTH 1~60, YEAR 1~5): " + value,
        "The billing interval is invalid (WEEK 1-260, MONTH 1-60, YEAR 1-5): " + value);
  }

  public static int trialDays(@Nullable Integer trialDays) {
    if (trialDays == null) {
      return 0;
    }
    if (trialDays < 0 || trialDays > MAX_TRIAL_DAYS) {
      throw ApiException.badRequest(
          "INVALID_TRIAL_DAYS",
          "무료 체험 기간은 0~365일이어야 합니다: " + trialDays,
          "Trial days are 0 to 365: " + trialDays);
    }
    return trialDays;
  }

  public static Map<String, String> features(@Nullable Map<String, String> features) {
    if (features == null) {
      return Map.of();
    }
    if (features.size() > MAX_FEATURES) {
      throw ApiException.badRequest(
          "INVALID_FEATURES", "기능은 50개까지 정의할 수 있습니다.", "A plan has at most 50 features.");
    }
    features.forEach(
        (key, value) -> {
          Text.requirePrintableMultiline("features." + key, value);
          if (key == null
              || !FEATURE_KEY.matcher(key).matches()
              || value == null
              || value.length() > 500) {
            throw ApiException.badRequest(
                "INVALID_FEATURES",
                "기능 키는 영문, 숫자, _.:- 로 1~64자, 값은 500자 이하여야 합니다: " + key,
                "A feature key is 1 to 64 characters of A-Z, a-z, 0-9, _.:- and its value at most 500: "
                    + key);
          }
        });
    return Map.copyOf(features);
  }
}
