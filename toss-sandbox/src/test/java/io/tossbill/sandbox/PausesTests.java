package io.tossbill.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class PausesTests {

  @Test
  void aStopReleasesPausesAndAStartHoldsThemAgain() {
    Pauses pauses = new Pauses();
    pauses.start();
    assertThat(pauses.holding()).isTrue();
    pauses.stop();
    assertThat(pauses.holding()).isFalse();
    pauses.sleep(Duration.ofDays(1)); // returns at once: released
    pauses.start();
    assertThat(pauses.holding()).isTrue();
    assertThat(pauses.isRunning()).isTrue();
  }
}
