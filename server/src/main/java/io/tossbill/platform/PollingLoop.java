package io.tossbill.platform;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A pass run every interval on one daemon thread, and at once when woken (the clock moved, a card
 * arrived). A failed pass is logged and the next one retries. The owner starts and stops it from
 * its {@code SmartLifecycle}.
 */
public final class PollingLoop {

  private static final Logger log = LoggerFactory.getLogger(PollingLoop.class);

  private final String name;
  private final Duration interval;
  private final Runnable pass;
  private volatile @Nullable ScheduledExecutorService ticker;

  public PollingLoop(String name, Duration interval, Runnable pass) {
    if (interval.isNegative() || interval.isZero()) {
      throw new IllegalArgumentException(name + ": the interval must be positive, was " + interval);
    }
    this.name = name;
    this.interval = interval;
    this.pass = pass;
  }

  /** Runs a pass now, when the loop is running on this node. */
  public void wake() {
    ScheduledExecutorService current = ticker;
    if (current != null) {
      current.execute(this::tick);
    }
  }

  public synchronized void start() {
    if (ticker != null) {
      return;
    }
    ScheduledExecutorService executor =
        Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().name(name).daemon().factory());
    long period = interval.toMillis();
    executor.scheduleWithFixedDelay(this::tick, period, period, TimeUnit.MILLISECONDS);
    ticker = executor;
  }

  /** Stops taking passes and waits up to 10 s for the one under way. */
  public synchronized void stop() {
    ScheduledExecutorService current = ticker;
    ticker = null;
    if (current != null) {
      current.shutdown();
      try {
        current.awaitTermination(10, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  public boolean isRunning() {
    return ticker != null;
  }

  private void tick() {
    try {
      pass.run();
    } catch (RuntimeException e) {
      log.error("{}: pass failed; the next one retries", name, e);
    }
  }
}
