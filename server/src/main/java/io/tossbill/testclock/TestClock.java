package io.tossbill.testclock;

import io.tossbill.customer.CustomerId;
import io.tossbill.gateway.TossProperties;
import io.tossbill.platform.ApiException;
import io.tossbill.platform.BusinessTime;
import io.tossbill.platform.MovableClock;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.Period;
import java.time.format.DateTimeParseException;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

/**
 * "Now" for billing. The server-wide clock can be moved forward, and each customer can be given an
 * extra offset on top of it, so one customer's subscriptions live in the future while everyone
 * else's don't. Moving time is allowed only when the sandbox is the gateway.
 */
@Service
public class TestClock {

  private static final String OFFSET =
      """
      SELECT offset_seconds FROM test_clock_customer WHERE customer_id = :customerId
      """;

  private static final String SET_OFFSET =
      """
      INSERT INTO test_clock_customer (customer_id, offset_seconds, updated_at)
      VALUES (:customerId, :offset, :now)
      ON CONFLICT (customer_id) DO UPDATE SET offset_seconds = excluded.offset_seconds, updated_at = excluded.updated_at
      """;

  // Atomic across nodes and never backwards: the larger of what is stored and what is asked.
  private static final String MOVE_SERVER =
      """
      UPDATE test_clock_server SET offset_millis = greatest(offset_millis, :offset), updated_at = now()
      RETURNING offset_millis
      """;

  private static final String SERVER_OFFSET = "SELECT offset_millis FROM test_clock_server";

  private final Clock clock;
  private final JdbcClient jdbc;
  private final TossProperties toss;
  private final ApplicationEventPublisher events;

  TestClock(Clock clock, JdbcClient jdbc, TossProperties toss, ApplicationEventPublisher events) {
    this.clock = clock;
    this.jdbc = jdbc;
    this.toss = toss;
    this.events = events;
    if (toss.sandbox() && clock instanceof MovableClock movable) {
      // Every node follows the server-wide test clock kept in the database (read at most once a
      // second, off the caller's thread); outside sandbox mode nothing is ever read.
      movable.follow(this::storedServerOffset, Duration.ofSeconds(1));
    }
  }

  private Duration storedServerOffset() {
    return Duration.ofMillis(jdbc.sql(SERVER_OFFSET).query(Long.class).single());
  }

  /** Stores the server's new offset (never backwards) and moves this node's clock to it. */
  private Instant moveServer(MovableClock movable, Duration by) {
    Duration wanted = movable.offset().plus(by);
    long stored =
        jdbc.sql(MOVE_SERVER).param("offset", wanted.toMillis()).query(Long.class).single();
    movable.catchUp(Duration.ofMillis(stored));
    return movable.instant();
  }

  /** The server's now. */
  public Instant now() {
    return clock.instant();
  }

  /**
   * The customer's now: the server's plus the customer's own offset. Outside sandbox mode there are
   * no customer clocks and this reads nothing.
   */
  public Instant now(CustomerId customerId) {
    return clock.instant().plus(offset(customerId));
  }

  /** How far the customer's clock is ahead of the server's (zero outside sandbox mode). */
  public Duration offset(CustomerId customerId) {
    if (!toss.sandbox()) {
      return Duration.ZERO;
    }
    return jdbc.sql(OFFSET)
        .param("customerId", customerId.value())
        .query(Long.class)
        .optional()
        .map(Duration::ofSeconds)
        .orElse(Duration.ZERO);
  }

  /** How far the server's clock is ahead of the system clock. */
  public Duration serverOffset() {
    return clock instanceof MovableClock movable ? movable.offset() : Duration.ZERO;
  }

  public boolean movable() {
    return toss.sandbox() && clock instanceof MovableClock;
  }

  /**
   * Moves the server's clock forward by an ISO period ({@code P1M}) or duration ({@code PT36H}).
   */
  public Instant advance(String by) {
    MovableClock movable = requireMovable();
    Instant now = movable.instant();
    Instant moved = moveServer(movable, Duration.between(now, plus(now, by)));
    events.publishEvent(new TestClockMoved(null, moved, Duration.ZERO));
    return moved;
  }

  /** Moves the server's clock forward to an instant. */
  public Instant advanceTo(Instant to) {
    MovableClock movable = requireMovable();
    Instant now = movable.instant();
    requireForward(now, to);
    Instant moved = moveServer(movable, Duration.between(now, to));
    events.publishEvent(new TestClockMoved(null, moved, Duration.ZERO));
    return moved;
  }

  /**
   * Moves one customer's clock forward by an ISO period or duration (one statement, then the
   * event).
   */
  public Instant advance(CustomerId customerId, String by) {
    requireMovable();
    Instant now = now(customerId);
    return setCustomerNow(customerId, plus(now, by));
  }

  /** Moves one customer's clock forward to an instant. */
  public Instant advanceTo(CustomerId customerId, Instant to) {
    requireMovable();
    requireForward(now(customerId), to);
    return setCustomerNow(customerId, to);
  }

  private Instant setCustomerNow(CustomerId customerId, Instant to) {
    Instant serverNow = clock.instant();
    // Rounded up: the customer's clock never stops short of where it was asked to go.
    long millis = Math.max(0, Duration.between(serverNow, to).toMillis());
    long offset = (millis + 999) / 1000;
    jdbc.sql(SET_OFFSET)
        .param("customerId", customerId.value())
        .param("offset", offset)
        .param("now", java.sql.Timestamp.from(serverNow))
        .update();
    Instant moved = serverNow.plusSeconds(offset);
    events.publishEvent(new TestClockMoved(customerId, moved, Duration.ofSeconds(offset)));
    return moved;
  }

  private MovableClock requireMovable() {
    if (!toss.sandbox()) {
      throw new ApiException(
          HttpStatus.CONFLICT, "TEST_CLOCK_UNAVAILABLE", "api.TEST_CLOCK_UNAVAILABLE");
    }
    if (!(clock instanceof MovableClock movable)) {
      throw new ApiException(
          HttpStatus.CONFLICT, "TEST_CLOCK_UNAVAILABLE", "api.TEST_CLOCK_UNAVAILABLE.2");
    }
    return movable;
  }

  private static void requireForward(Instant now, Instant to) {
    if (to.isBefore(now)) {
      throw ApiException.badRequest("TEST_CLOCK_BACKWARDS", "api.TEST_CLOCK_BACKWARDS", now);
    }
  }

  static Instant plus(Instant now, String by) {
    String text = by.strip().toUpperCase(java.util.Locale.ROOT);
    Instant moved;
    try {
      if (text.contains("T")) {
        moved = now.plus(Duration.parse(text));
      } else {
        moved = now.atZone(BusinessTime.ZONE).plus(Period.parse(text)).toInstant();
      }
    } catch (DateTimeParseException | ArithmeticException e) {
      throw ApiException.badRequest("INVALID_DURATION", "api.INVALID_DURATION.2", by);
    }
    requireForward(now, moved);
    return moved;
  }
}
