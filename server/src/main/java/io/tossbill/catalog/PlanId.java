package io.tossbill.catalog;

/** The identity of a plan. */
public record PlanId(long value) {

  public PlanId {
    if (value <= 0) {
      throw new IllegalArgumentException("a plan id is positive, was " + value);
    }
  }
}
