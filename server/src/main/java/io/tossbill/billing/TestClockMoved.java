package io.tossbill.billing;

import io.tossbill.customer.CustomerId;
import java.time.Instant;
import org.jspecify.annotations.Nullable;

/** The test clock moved: for everyone ({@code customerId} null) or for one customer. */
public record TestClockMoved(@Nullable CustomerId customerId, Instant now) {}
