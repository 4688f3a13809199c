package io.tossbill.billing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tossbill.platform.ApiException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class SubscriptionStatusTests {

  @Test
  void knowsItsLegalNextStates() {
    assertThat(SubscriptionStatus.INCOMPLETE.next())
        .containsExactlyInAnyOrder(
            SubscriptionStatus.ACTIVE, SubscriptionStatus.EXPIRED, SubscriptionStatus.CANCELED);
    assertThat(SubscriptionStatus.ACTIVE.canMoveTo(SubscriptionStatus.PAST_DUE)).isTrue();
    assertThat(SubscriptionStatus.PAST_DUE.canMoveTo(SubscriptionStatus.ACTIVE)).isTrue();
    assertThat(SubscriptionStatus.PAUSED.canMoveTo(SubscriptionStatus.ACTIVE)).isTrue();
    assertThat(SubscriptionStatus.TRIALING.canMoveTo(SubscriptionStatus.PAUSED)).isFalse();
    assertThat(SubscriptionStatus.PAST_DUE.canMoveTo(SubscriptionStatus.PAUSED)).isFalse();
  }

  @ParameterizedTest
  @EnumSource(
      value = SubscriptionStatus.class,
      names = {"CANCELED", "EXPIRED"})
  void endedSubscriptionsGoNowhere(SubscriptionStatus ended) {
    assertThat(ended.isFinal()).isTrue();
    assertThatThrownBy(() -> ended.requireMoveTo(SubscriptionStatus.ACTIVE))
        .isInstanceOfSatisfying(
            ApiException.class,
            e -> {
              assertThat(e.code()).isEqualTo("ILLEGAL_TRANSITION");
              assertThat(e.status().value()).isEqualTo(409);
              assertThat(e.messageKo()).isNotBlank();
              assertThat(e.messageEn()).contains(ended.name());
            });
  }
}
