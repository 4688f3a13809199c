package io.tossbill.webhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class WebhookPropertiesTests {

  @Test
  void backsOffByDoublingUpToTheMaximum() {
    WebhookProperties properties = properties(Duration.ofMinutes(1), Duration.ofHours(1));

    assertThat(properties.backoffAfter(1)).isEqualTo(Duration.ofMinutes(1));
    assertThat(properties.backoffAfter(2)).isEqualTo(Duration.ofMinutes(2));
    assertThat(properties.backoffAfter(3)).isEqualTo(Duration.ofMinutes(4));
    assertThat(properties.backoffAfter(7)).isEqualTo(Duration.ofHours(1));
    assertThat(properties.backoffAfter(1000)).isEqualTo(Duration.ofHours(1));
  }

  @Test
  void refusesAMaximumShorterThanTheFirstWait() {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> properties(Duration.ofMinutes(5), Duration.ofMinutes(1)))
        .withMessageContaining("tossbill.webhook.max-backoff");
  }

  @Test
  void masksABillingKeyToItsEnds() {
    assertThat(WebhookMasking.mask("wm60xF900HXZRzReBluSSgJriVX7d7rS0oyslw4zRwg"))
        .isEqualTo("wm60****zRwg");
    assertThat(WebhookMasking.mask("short")).isEqualTo("****");
  }

  private static WebhookProperties properties(Duration initial, Duration max) {
    return new WebhookProperties(
        262_144,
        initial,
        max,
        16,
        Duration.ofSeconds(10),
        Duration.ofMinutes(1),
        Duration.ofMinutes(2),
        50);
  }
}
