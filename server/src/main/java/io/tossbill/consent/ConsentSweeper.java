package io.tossbill.consent;

import io.tossbill.platform.PollingLoop;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * Sends consent requests when their window opens (and reminders), every poll interval. Several
 * nodes may run it: each request is re-checked under its subscription's lock before it is sent.
 */
@Component
class ConsentSweeper implements SmartLifecycle {

  private final ConsentProperties properties;
  private final PollingLoop loop;

  ConsentSweeper(Consents consents, ConsentProperties properties) {
    this.properties = properties;
    this.loop =
        new PollingLoop("consent-sweeper", properties.worker().pollInterval(), consents::sendDue);
  }

  /** Asks for a pass now (the clock moved), when this node runs the loop. */
  void wake() {
    loop.wake();
  }

  @Override
  public void start() {
    if (properties.worker().enabled()) {
      loop.start();
    }
  }

  @Override
  public void stop() {
    loop.stop();
  }

  @Override
  public boolean isRunning() {
    return loop.isRunning();
  }
}
