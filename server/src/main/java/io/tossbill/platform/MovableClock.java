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

  private final Clock base;
  private final AtomicReference<Duration> offset;

  public MovableClock(Clock base) {
    this(base, new AtomicReference<>(Duration.ZERO));
  }

  private MovableClock(Clock base, AtomicReference<Duration> offset) {
    this.base = base;
    this.offset = offset;
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
    return new MovableClock(base.withZone(zone), offset);
  }

  @Override
  public Instant instant() {
    return base.instant().plus(offset.get());
  }
}
