/**
 * Billing rules every charge follows: period dates, proration, dunning schedule, and the test
 * clock.
 */
@NullMarked
package io.tossbill.billing;

import org.jspecify.annotations.NullMarked;
