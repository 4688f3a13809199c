package io.tossbill.platform;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The server's clock: system time plus an offset that only ever grows. The offset stays zero unless
 * the test clock (sandbox mode only) moves time forward.
 */
public final class MovableClock extends Clock {

  /** Where a shared offset is kept (the test clock's table), read now and then. */
  public interface SharedOffset {
    Duration read();
  }

  private final Clock base;
  private final AtomicReference<Duration> offset;
  private final Follower follower;

  public MovableClock(Clock base) {
    this(base, new AtomicReference<>(Duration.ZERO), new Follower());
  }

  private MovableClock(Clock base, AtomicReference<Duration> offset, Follower follower) {
    this.base = base;
    this.offset = offset;
    this.follower = follower;
  }

  /**
   * Follows an offset shared by several nodes (sandbox mode): read at most once per {@code every},
   * on a virtual thread, never on the caller's. Without one (production) nothing is ever read.
   */
  public void follow(SharedOffset shared, Duration every) {
    follower.shared = shared;
    follower.everyNanos = every.toNanos();
    offset.accumulateAndGet(shared.read(), MovableClock::later);
  }

  /** Sets the offset to a newer, larger one (another node moved the clock); never backwards. */
  public void catchUp(Duration newer) {
    offset.accumulateAndGet(newer, MovableClock::later);
  }

  private static Duration later(Duration a, Duration b) {
    return a.compareTo(b) >= 0 ? a : b;
  }

  /** The shared offset this clock follows, if any, and when it was last read. */
  private static final class Follower {
    volatile @org.jspecify.annotations.Nullable SharedOffset shared;
    volatile long everyNanos;
    final java.util.concurrent.atomic.AtomicLong lastRead =
        new java.util.concurrent.atomic.AtomicLong(System.nanoTime());
    final java.util.concurrent.atomic.AtomicBoolean reading =
        new java.util.concurrent.atomic.AtomicBoolean();
  }

  private void maybeRefresh() {
    SharedOffset shared = follower.shared;
    if (shared == null) {
      return;
    }
    long now = System.nanoTime();
    long last = follower.lastRead.get();
    if (now - last < follower.everyNanos || !follower.reading.compareAndSet(false, true)) {
      return;
    }
    follower.lastRead.set(now);
    Thread.ofVirtual()
        .name("test-clock-follow")
        .start(
            () -> {
              try {
                catchUp(shared.read());
              } catch (RuntimeException e) {
                // the database is away for a moment: read again next time
              } finally {
                follower.reading.set(false);
              }
            });
  }

  /** How far this clock is ahead of the system clock. */
  public Duration offset() {
    return offset.get();
  }

  /** Moves time forward; never backwards, so nothing already done becomes "in the future". */
  public Instant advance(Duration by) {
    if (by.isNegative()) {
      throw new IllegalArgumentException("the clock only moves forward, was " + by);
    }
    offset.accumulateAndGet(by, Duration::plus);
    return instant();
  }

  @Override
  public ZoneId getZone() {
    return base.getZone();
  }

  @Override
  public Clock withZone(ZoneId zone) {
    return new MovableClock(base.withZone(zone), offset, follower);
  }

  @Override
  public Instant instant() {
    maybeRefresh();
    return base.instant().plus(offset.get());
  }
}
