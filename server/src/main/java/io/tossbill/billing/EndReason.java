package io.tossbill.billing;

/** Why tossbill itself ended a subscription (the consent module gives its own reasons). */
enum EndReason {
  /** The subscriber or the merchant asked to cancel now. */
  REQUESTED,
  /** A cancel scheduled for the period end took effect. */
  PERIOD_END,
  /** Dunning ran out of retries. */
  DUNNING_EXHAUSTED,
  /** A hard decline, and no new card came in time. */
  NO_NEW_CARD,
  /** An incomplete subscription was replaced by a new subscribe to the same plan. */
  REPLACED_BY_NEW_SUBSCRIPTION
}
