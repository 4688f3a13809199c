package io.tossbill.catalog;

/** The unit a billing interval counts. */
public enum IntervalUnit {
  WEEK,
  MONTH,
  YEAR
}
