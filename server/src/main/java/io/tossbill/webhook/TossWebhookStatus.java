package io.tossbill.webhook;

import java.util.EnumSet;
import java.util.Set;

/** Where the processing of one webhook delivery stands; each status knows its legal next ones. */
public enum TossWebhookStatus {
  /** Stored, not processed yet. */
  RECEIVED,
  /** Toss could not be asked to confirm it; tried again later. */
  PENDING_RETRY,
  /** Confirmed by reading Toss back, and published. */
  PROCESSED,
  /** An event type tossbill does not act on. */
  IGNORED,
  /** Toss does not know the payment it names, or it names nothing: forged or foreign. */
  REJECTED,
  /** Toss could not be asked for too long; an operator looks at it. */
  FAILED;

  private static final Set<TossWebhookStatus> FROM_OPEN =
      EnumSet.of(PENDING_RETRY, PROCESSED, IGNORED, REJECTED, FAILED);

  /** Whether processing may still change this delivery. */
  public boolean isOpen() {
    return this == RECEIVED || this == PENDING_RETRY;
  }

  public boolean canBecome(TossWebhookStatus next) {
    return isOpen() && FROM_OPEN.contains(next);
  }

  /** Refuses a transition that is not legal. */
  TossWebhookStatus requireCanBecome(TossWebhookStatus next) {
    if (!canBecome(next)) {
      throw new IllegalStateException("a webhook delivery cannot go from " + this + " to " + next);
    }
    return next;
  }
}
