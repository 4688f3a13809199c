package io.tossbill.sandbox;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.springframework.context.SmartLifecycle;

/**
 * Waiting in the request thread (cheap on virtual threads) for latency, slow cards and held
 * responses. Stopped first at shutdown, so held responses end at once instead of keeping a graceful
 * shutdown waiting for the hang duration. Restartable: a context stopped and started again
 * (Spring's test context cache pauses contexts it does not use) pauses again.
 */
final class Pauses implements SmartLifecycle {

  private volatile CountDownLatch released = new CountDownLatch(1);
  private volatile boolean running;

  void sleep(Duration duration) {
    if (duration.isZero() || duration.isNegative()) {
      return;
    }
    try {
      released.await(duration.toNanos(), TimeUnit.NANOSECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public void start() {
    if (released.getCount() == 0) {
      released = new CountDownLatch(1);
    }
    running = true;
  }

  @Override
  public void stop() {
    running = false;
    released.countDown();
  }

  @Override
  public boolean isRunning() {
    return running;
  }

  @Override
  public int getPhase() {
    return Integer.MAX_VALUE;
  }
}
