package io.tossbill.payment;

/** What a charge pays for: a whole period, or the prorated difference of an upgrade. */
public enum ChargePurpose {
  PERIOD,
  PRORATION
}
