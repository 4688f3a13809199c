package io.tossbill.testclock;

import io.tossbill.customer.CustomerId;
import java.time.Duration;
import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * The test clock moved: for everyone ({@code customerId} null), or for one customer, whose clock is
 * now {@code offset} ahead of the server's.
 */
public record TestClockMoved(@Nullable CustomerId customerId, Instant now, Duration offset) {}
