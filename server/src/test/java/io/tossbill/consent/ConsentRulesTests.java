package io.tossbill.consent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tossbill.platform.ApiException;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The consent statuses' legal moves and the limits the law puts on the configuration. */
class ConsentRulesTests {

  @Test
  void consentCanBeWithdrawnAndGivenAgainButNotAfterTheChange() {
    assertThat(ConsentStatus.ACCEPTED.canMoveTo(ConsentStatus.WITHDRAWN)).isTrue();
    assertThat(ConsentStatus.WITHDRAWN.canMoveTo(ConsentStatus.ACCEPTED)).isTrue();
    assertThat(ConsentStatus.DECLINED.canMoveTo(ConsentStatus.ACCEPTED)).isTrue();
    assertThat(ConsentStatus.REQUESTED.canMoveTo(ConsentStatus.WITHDRAWN)).isFalse();
    for (ConsentStatus end :
        new ConsentStatus[] {
          ConsentStatus.APPLIED, ConsentStatus.LAPSED, ConsentStatus.SUPERSEDED
        }) {
      assertThat(end.isLive()).isFalse();
      assertThatThrownBy(() -> end.requireMoveTo(ConsentStatus.ACCEPTED))
          .isInstanceOf(ApiException.class)
          .extracting(e -> ((ApiException) e).code())
          .isEqualTo("ILLEGAL_CONSENT_TRANSITION");
    }
  }

  @Test
  void theWindowIsAtMostThirtyDaysAndTheMinimumSnoozeAtMostSeven() {
    assertThat(properties(Duration.ofDays(30), Duration.ofDays(7)).minimumSnoozeDays())
        .isEqualTo(7);
    assertThatThrownBy(() -> properties(Duration.ofDays(31), Duration.ofDays(7)))
        .hasMessageContaining("request-window");
    assertThatThrownBy(() -> properties(Duration.ofDays(30), Duration.ofDays(8)))
        .hasMessageContaining("minimum-snooze");
    assertThatThrownBy(() -> properties(Duration.ofDays(30), Duration.ofHours(36)))
        .hasMessageContaining("minimum-snooze");
  }

  @Test
  void theTextHashIsTheSha256OfTheUtf8Text() {
    assertThat(ConsentTexts.hash("동의"))
        .hasSize(64)
        .isEqualTo(ConsentTexts.hash("동의"))
        .isNotEqualTo(ConsentTexts.hash("동의 "));
    assertThat(ConsentTexts.hash(""))
        .isEqualTo("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  }

  private static ConsentProperties properties(Duration window, Duration snooze) {
    return new ConsentProperties(
        window,
        snooze,
        ConsentProperties.OnMissing.END,
        true,
        Duration.ofDays(7),
        new ConsentProperties.Worker(true, Duration.ofMinutes(1), 100));
  }
}
