/** The port to TossPayments and its adapter: the Toss client, or the sandbox mounted in-process. */
@NullMarked
package io.tossbill.gateway;

import org.jspecify.annotations.NullMarked;
