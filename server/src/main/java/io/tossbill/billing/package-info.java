/**
 * Subscriptions and their billing: the Subscription aggregate and its commands, the renewal that
 * charges each period once, dunning, proration and the period calendar.
 */
@NullMarked
package io.tossbill.billing;

import org.jspecify.annotations.NullMarked;
