package io.tossbill.billing;

import io.tossbill.platform.ApiException;
import java.util.Set;

/**
 * Where a subscription is in its life, and where it may go next. INCOMPLETE: the first charge has
 * not succeeded (yet); CANCELED and EXPIRED are final.
 */
public enum SubscriptionStatus {
  INCOMPLETE,
  TRIALING,
  ACTIVE,
  PAST_DUE,
  PAUSED,
  CANCELED,
  EXPIRED;

  /** The statuses this one may move to. */
  public Set<SubscriptionStatus> next() {
    return switch (this) {
      case INCOMPLETE -> Set.of(ACTIVE, EXPIRED, CANCELED);
      case TRIALING -> Set.of(ACTIVE, PAST_DUE, CANCELED);
      case ACTIVE -> Set.of(PAST_DUE, PAUSED, CANCELED);
      case PAST_DUE -> Set.of(ACTIVE, CANCELED, EXPIRED);
      case PAUSED -> Set.of(ACTIVE, CANCELED);
      case CANCELED, EXPIRED -> Set.of();
    };
  }

  public boolean canMoveTo(SubscriptionStatus target) {
    return next().contains(target);
  }

  /** Refuses an illegal move with 409 {@code ILLEGAL_TRANSITION}. */
  public void requireMoveTo(SubscriptionStatus target) {
    if (!canMoveTo(target)) {
      throw illegal(this, target.name());
    }
  }

  public boolean isFinal() {
    return next().isEmpty();
  }

  static ApiException illegal(SubscriptionStatus from, String what) {
    return ApiException.conflict(
        "ILLEGAL_TRANSITION", "api.ILLEGAL_TRANSITION", from.korean(), what, from);
  }

  public String korean() {
    return switch (this) {
      case INCOMPLETE -> "첫 결제 미완료";
      case TRIALING -> "무료 체험 중";
      case ACTIVE -> "이용 중";
      case PAST_DUE -> "결제 연체";
      case PAUSED -> "일시 정지";
      case CANCELED -> "해지됨";
      case EXPIRED -> "만료됨";
    };
  }
}
