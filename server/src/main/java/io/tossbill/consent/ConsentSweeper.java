package io.tossbill.consent;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * Sends consent requests when their window opens (and reminders), every poll interval. Several
 * nodes may run it: each request is re-checked under its subscription's lock before it is sent.
 */
@Component
class ConsentSweeper implements SmartLifecycle {

  private static final Logger log = LoggerFactory.getLogger(ConsentSweeper.class);

  private final Consents consents;
  private final ConsentProperties properties;
  private volatile @Nullable ScheduledExecutorService ticker;

  ConsentSweeper(Consents consents, ConsentProperties properties) {
    this.consents = consents;
    this.properties = properties;
  }

  /** Asks for a pass now (the clock moved), when this node runs the loop. */
  void wake() {
    ScheduledExecutorService current = ticker;
    if (current != null) {
      current.execute(this::tick);
    }
  }

  private void tick() {
    try {
      consents.sendDue();
    } catch (RuntimeException e) {
      log.error("Consent sending pass failed; the next one retries", e);
    }
  }

  @Override
  public void start() {
    if (!properties.worker().enabled()) {
      return;
    }
    ScheduledExecutorService executor =
        Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().name("consent-sweeper").daemon().factory());
    long period = properties.worker().pollInterval().toMillis();
    executor.scheduleWithFixedDelay(this::tick, period, period, TimeUnit.MILLISECONDS);
    ticker = executor;
  }

  @Override
  public void stop() {
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

  @Override
  public boolean isRunning() {
    return ticker != null;
  }
}
