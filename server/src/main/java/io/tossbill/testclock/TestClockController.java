package io.tossbill.testclock;

import io.tossbill.customer.CustomerId;
import io.tossbill.customer.Customers;
import io.tossbill.platform.ApiException;
import java.time.Duration;
import java.time.Instant;
import org.jspecify.annotations.Nullable;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** Admin-only: read and move the server's and customers' test clocks (sandbox mode only). */
@RestController
@RequestMapping("/api/v1/admin/test-clock")
class TestClockController {

  private final TestClock testClock;
  private final Customers customers;

  TestClockController(TestClock testClock, Customers customers) {
    this.testClock = testClock;
    this.customers = customers;
  }

  @GetMapping
  ClockView server() {
    return new ClockView(null, testClock.now(), testClock.serverOffset(), testClock.movable());
  }

  @PostMapping
  ClockView advanceServer(@RequestBody(required = false) @Nullable Move move) {
    move = requireBody(move);
    if (move.to() != null) {
      testClock.advanceTo(move.to());
    } else {
      testClock.advance(move.requireAdvanceBy());
    }
    return server();
  }

  @GetMapping("/customers/{customerId}")
  ClockView customer(@PathVariable long customerId) {
    CustomerId id = existing(customerId);
    return new ClockView(customerId, testClock.now(id), testClock.offset(id), testClock.movable());
  }

  @PostMapping("/customers/{customerId}")
  ClockView advanceCustomer(
      @PathVariable long customerId, @RequestBody(required = false) @Nullable Move move) {
    move = requireBody(move);
    CustomerId id = existing(customerId);
    if (move.to() != null) {
      testClock.advanceTo(id, move.to());
    } else {
      testClock.advance(id, move.requireAdvanceBy());
    }
    return customer(customerId);
  }

  /** A missing body or a JSON {@code null} is a bad request, not a 500. */
  private static Move requireBody(@Nullable Move move) {
    if (move == null) {
      throw ApiException.badRequest("INVALID_REQUEST", "api.INVALID_REQUEST.10");
    }
    return move;
  }

  private CustomerId existing(long customerId) {
    if (customerId <= 0) {
      throw ApiException.notFound("CUSTOMER_NOT_FOUND", "api.CUSTOMER_NOT_FOUND.2");
    }
    return customers.require(new CustomerId(customerId)).id();
  }

  /** Move by an ISO period/duration, or to an instant. */
  record Move(@Nullable String advanceBy, @Nullable Instant to) {
    String requireAdvanceBy() {
      if (advanceBy == null || advanceBy.isBlank()) {
        throw ApiException.badRequest("INVALID_REQUEST", "api.INVALID_REQUEST.11");
      }
      return advanceBy;
    }
  }

  /** A clock's current time and how far it is ahead. */
  record ClockView(@Nullable Long customerId, Instant now, Duration offset, boolean movable) {}
}
