/**
 * Test clocks for the sandbox: move the server's or one customer's time forward and watch renewals,
 * dunning and consent happen; in production "now" is the system clock and costs nothing more.
 */
@NullMarked
package io.tossbill.testclock;

import org.jspecify.annotations.NullMarked;
