package io.tossbill.consent;

import io.tossbill.platform.ApiException;
import java.util.Set;

/**
 * Where a consent request is. SCHEDULED: its window has not opened (or the subscriber asked not to
 * be asked yet); REQUESTED: sent; APPLIED: the charge it allowed was made; LAPSED: the change date
 * came without consent; SUPERSEDED: a newer change (or the subscription's end) replaced it.
 */
public enum ConsentStatus {
  SCHEDULED,
  REQUESTED,
  ACCEPTED,
  DECLINED,
  WITHDRAWN,
  APPLIED,
  LAPSED,
  SUPERSEDED;

  /** The statuses this one may move to. */
  public Set<ConsentStatus> next() {
    return switch (this) {
      case SCHEDULED -> Set.of(REQUESTED, ACCEPTED, DECLINED, LAPSED, SUPERSEDED);
      case REQUESTED -> Set.of(ACCEPTED, DECLINED, LAPSED, SUPERSEDED);
      case ACCEPTED -> Set.of(WITHDRAWN, APPLIED, LAPSED, SUPERSEDED);
      case DECLINED, WITHDRAWN -> Set.of(ACCEPTED, LAPSED, SUPERSEDED);
      case APPLIED, LAPSED, SUPERSEDED -> Set.of();
    };
  }

  public boolean canMoveTo(ConsentStatus target) {
    return next().contains(target);
  }

  /** Refuses an illegal move with 409 {@code ILLEGAL_CONSENT_TRANSITION}. */
  public void requireMoveTo(ConsentStatus target) {
    if (!canMoveTo(target)) {
      throw ApiException.conflict(
          "ILLEGAL_CONSENT_TRANSITION",
          "api.ILLEGAL_CONSENT_TRANSITION",
          korean(),
          target.korean(),
          this,
          target);
    }
  }

  /** Still waiting for the change date. */
  public boolean isLive() {
    return !next().isEmpty();
  }

  public String korean() {
    return switch (this) {
      case SCHEDULED -> "요청 예정";
      case REQUESTED -> "동의 요청됨";
      case ACCEPTED -> "동의함";
      case DECLINED -> "동의하지 않음";
      case WITHDRAWN -> "동의 철회";
      case APPLIED -> "적용됨";
      case LAPSED -> "기한 경과";
      case SUPERSEDED -> "대체됨";
    };
  }
}
