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

  private final Clock base;
  private final AtomicReference<Duration> offset = new AtomicReference<>(Duration.ZERO);
  private final List<Runnable> listeners = new CopyOnWriteArrayList<>();

  public SandboxClock() {
    this(Clock.systemUTC());
  }

  public SandboxClock(Clock base) {
    this.base = Objects.requireNonNull(base, "base");
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

  /** Moves the time forward; a negative amount is refused. */
  public Instant advance(Duration amount) {
    if (amount.isNegative()) {
      throw new IllegalArgumentException(
          "the sandbox clock only moves forward, but the amount was " + amount);
    }
    offset.updateAndGet(current -> current.plus(amount));
    changed();
    return instant();
  }

  /** Sets the time to the given instant (it then keeps running from there). */
  public Instant set(Instant target) {
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

  void restoreOffset(Duration restored) {
    offset.set(restored);
    changed();
  }

  /** Registers a callback run after every move. */
  public void onChange(Runnable listener) {
    listeners.add(listener);
  }

  private void changed() {
    listeners.forEach(Runnable::run);
  }
}
