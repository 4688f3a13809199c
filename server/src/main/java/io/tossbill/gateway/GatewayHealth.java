package io.tossbill.gateway;

import java.time.Clock;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

/**
 * Whether Toss answers, from the calls tossbill makes anyway (no probe of its own: a probe would
 * cost a request to Toss per health check and prove little). DOWN after {@value #DOWN_AFTER} calls
 * in a row got no answer at all (connection refused, reset, timed out); UP again at the next
 * answer, whatever it says. Reported as {@code toss} in /actuator/health, beside {@code db}; not
 * part of readiness: a node must keep serving pages and reads while Toss is away.
 */
final class GatewayHealth implements HealthIndicator {

  static final int DOWN_AFTER = 5;

  private final Clock clock;
  private final AtomicInteger failuresInARow = new AtomicInteger();
  private final AtomicReference<Instant> lastAnswer = new AtomicReference<>();
  private final AtomicReference<Instant> lastFailure = new AtomicReference<>();

  GatewayHealth(Clock clock) {
    this.clock = clock;
  }

  void answered() {
    failuresInARow.set(0);
    lastAnswer.set(clock.instant());
  }

  void failed() {
    failuresInARow.incrementAndGet();
    lastFailure.set(clock.instant());
  }

  @Override
  public Health health() {
    int failures = failuresInARow.get();
    Health.Builder health = failures >= DOWN_AFTER ? Health.down() : Health.up();
    health.withDetail("failuresInARow", failures);
    Instant answer = lastAnswer.get();
    if (answer != null) {
      health.withDetail("lastAnswerAt", answer.toString());
    }
    Instant failure = lastFailure.get();
    if (failure != null) {
      health.withDetail("lastFailureAt", failure.toString());
    }
    return health.build();
  }
}
