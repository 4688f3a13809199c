package io.tossbill.sandbox;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The sandbox's own time: a base clock plus an offset the controls can move, so timestamps,
 * idempotency expiry and webhook retries can be tested without waiting. Deliberately not a {@link
 * Clock} bean, so a host application never picks it up by type.
 */
public final class SandboxClock {

  /** Toss's business time zone. */
  public static final ZoneId SEOUL = ZoneId.of("Asia/Seoul");

  /** The largest single {@link #advance}: 100 years of 365.25 days. */
  public static final Duration MAX_MOVE = Duration.ofDays(36_525);

  /**
   * The sandbox's time stays within these bounds, so every timestamp keeps Toss's four-digit year
   * and no later step (retry schedules, idempotency expiry) can leave {@link Instant}'s range.
   */
  public static final Instant EARLIEST = Instant.parse("1970-01-01T00:00:00Z");

  /** See {@link #EARLIEST}. */
  public static final Instant LATEST = Instant.parse("9999-01-01T00:00:00Z");

  /**
   * The time a host application gives a mounted sandbox to follow (its own test clock), so Toss's
   * timestamps (approvedAt, requestedAt) agree with the host's time; the controls' moves add to it.
   */
  @FunctionalInterface
  public interface HostTime {
    Instant now();
  }

  private final Clock base;
  private final AtomicReference<Duration> offset = new AtomicReference<>(Duration.ZERO);
  private final List<Runnable> listeners = new CopyOnWriteArrayList<>();

  public SandboxClock() {
    this(Clock.systemUTC());
  }

  public SandboxClock(Clock base) {
    this.base = Objects.requireNonNull(base, "base");
  }

  /** A clock that follows the host's time. */
  public static SandboxClock following(HostTime host) {
    Objects.requireNonNull(host, "host");
    return new SandboxClock(
        new Clock() {
          @Override
          public ZoneId getZone() {
            return SEOUL;
          }

          @Override
          public Clock withZone(ZoneId zone) {
            return this;
          }

          @Override
          public Instant instant() {
            return host.now();
          }
        });
  }

  /** The sandbox's current instant. */
  public Instant instant() {
    return base.instant().plus(offset.get());
  }

  /** How far the sandbox's time is from the base clock. */
  public Duration offset() {
    return offset.get();
  }

  /** A {@link Clock} view in Asia/Seoul that follows this clock's moves. */
  public Clock asClock() {
    return new Clock() {
      @Override
      public ZoneId getZone() {
        return SEOUL;
      }

      @Override
      public Clock withZone(ZoneId zone) {
        return this;
      }

      @Override
      public Instant instant() {
        return SandboxClock.this.instant();
      }
    };
  }

  /**
   * Moves the time forward. A negative amount, one over {@link #MAX_MOVE}, or one that would take
   * the time past {@link #LATEST} is refused and leaves the clock as it was.
   */
  public Instant advance(Duration amount) {
    if (amount.isNegative()) {
      throw new IllegalArgumentException(
          "the sandbox clock only moves forward, but the amount was " + amount);
    }
    if (amount.compareTo(MAX_MOVE) > 0) {
      throw new IllegalArgumentException(
          "the sandbox clock moves at most "
              + MAX_MOVE
              + " at a time, but the amount was "
              + amount);
    }
    Duration current;
    Duration next;
    do {
      current = offset.get();
      next = current.plus(amount);
      requireInRange(base.instant().plus(next));
    } while (!offset.compareAndSet(current, next));
    changed();
    return instant();
  }

  /**
   * Sets the time to the given instant (it then keeps running from there); an instant before {@link
   * #EARLIEST} or after {@link #LATEST} is refused.
   */
  public Instant set(Instant target) {
    requireInRange(target);
    offset.set(Duration.between(base.instant(), target));
    changed();
    return instant();
  }

  /** Back to the base clock's time. */
  public Instant reset() {
    offset.set(Duration.ZERO);
    changed();
    return instant();
  }

  /** Restores a saved offset, unless it puts the time out of range (then false, nothing moves). */
  boolean restoreOffset(Duration restored) {
    try {
      requireInRange(base.instant().plus(restored));
    } catch (IllegalArgumentException | ArithmeticException | java.time.DateTimeException e) {
      return false;
    }
    offset.set(restored);
    changed();
    return true;
  }

  private static void requireInRange(Instant target) {
    if (target.isBefore(EARLIEST) || target.isAfter(LATEST)) {
      throw new IllegalArgumentException(
          "the sandbox clock must stay between "
              + EARLIEST
              + " and "
              + LATEST
              + ", but would be at "
              + target);
    }
  }

  /** Registers a callback run after every move. */
  public void onChange(Runnable listener) {
    listeners.add(listener);
  }

  private void changed() {
    listeners.forEach(Runnable::run);
  }
}
