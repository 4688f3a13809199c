/**
 * A plain Java client of the TossPayments billing API: typed requests and responses, sealed
 * outcomes.
 */
@NullMarked
package io.tossbill.toss;

import org.jspecify.annotations.NullMarked;
