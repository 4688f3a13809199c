package io.tossbill.sandbox;

import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.context.SmartLifecycle;

/**
 * Waiting in the request thread (cheap on virtual threads) for latency, slow cards and held
 * responses. Stopped first at shutdown, so held responses end at once instead of keeping a graceful
 * shutdown waiting for the hang duration. Restartable: a context stopped and started again
 * (Spring's test context cache pauses contexts it does not use) pauses again.
 */
final class Pauses implements SmartLifecycle {

  // Each waiting request sleeps on its own (a shared latch would queue hundreds of timed waiters on
  // one lock, and every timeout would clean that queue); stop() wakes them by interrupting.
  private final Set<Thread> sleeping = ConcurrentHashMap.newKeySet();
  private volatile boolean stopped;
  private volatile boolean running;

  void sleep(Duration duration) {
    if (duration.isZero() || duration.isNegative() || stopped) {
      return;
    }
    Thread self = Thread.currentThread();
    sleeping.add(self);
    try {
      if (!stopped) {
        Thread.sleep(duration);
      }
    } catch (InterruptedException e) {
      if (!stopped) {
        self.interrupt(); // not ours: keep the interrupt for the caller
      }
    } finally {
      sleeping.remove(self);
    }
  }

  @Override
  public void start() {
    stopped = false;
    running = true;
  }

  @Override
  public void stop() {
    running = false;
    stopped = true;
    for (Thread thread : sleeping) {
      thread.interrupt();
    }
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
