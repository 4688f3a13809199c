/**
 * Subscriptions and the billing engine that charges them: lifecycle, renewals, dunning, the janitor
 * for unknown charges, plan changes with proration, and their history.
 */
@NullMarked
package io.tossbill.subscription;

import org.jspecify.annotations.NullMarked;
