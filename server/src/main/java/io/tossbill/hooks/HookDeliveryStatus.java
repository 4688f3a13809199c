package io.tossbill.hooks;

/**
 * Where a delivery of one event to one endpoint is. PENDING: waiting for its next try (or being
 * tried); DELIVERED: the endpoint answered 2xx; FAILED: every try of the retry schedule failed. A
 * replay puts a delivered or failed one back to PENDING.
 */
public enum HookDeliveryStatus {
  PENDING,
  DELIVERED,
  FAILED
}
