package io.tossbill.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import org.junit.jupiter.api.Test;
import org.springframework.boot.health.contributor.Status;

/** Toss's health from the calls made anyway: down after five unanswered calls in a row. */
class GatewayHealthTests {

  @Test
  void goesDownAfterFiveUnansweredCallsInARowAndUpAtTheNextAnswer() {
    GatewayHealth health = new GatewayHealth(Clock.systemUTC());
    assertThat(health.health().getStatus()).isEqualTo(Status.UP);
    for (int i = 0; i < GatewayHealth.DOWN_AFTER - 1; i++) {
      health.failed();
    }
    assertThat(health.health().getStatus()).isEqualTo(Status.UP);
    health.failed();
    assertThat(health.health().getStatus()).isEqualTo(Status.DOWN);
    assertThat(health.health().getDetails()).containsEntry("failuresInARow", 5);
    health.answered();
    assertThat(health.health().getStatus()).isEqualTo(Status.UP);
    assertThat(health.health().getDetails()).containsKeys("lastAnswerAt", "lastFailureAt");
  }
}
