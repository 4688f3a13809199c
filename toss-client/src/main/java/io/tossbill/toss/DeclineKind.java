package io.tossbill.toss;

/**
 * Whether a declined card may succeed later (soft) or needs a new card (hard); see toss-api.md
 * §7.3.
 */
public enum DeclineKind {
  HARD,
  SOFT
}
