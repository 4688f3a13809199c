/**
 * The payment ledger: charge attempts with their four outcomes, receipts, and refunds through Toss.
 */
@NullMarked
package io.tossbill.payment;

import org.jspecify.annotations.NullMarked;
