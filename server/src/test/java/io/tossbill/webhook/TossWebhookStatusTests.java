package io.tossbill.webhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

import org.junit.jupiter.api.Test;

class TossWebhookStatusTests {

  @Test
  void anOpenDeliveryMayEndInAnyOutcomeOrWaitAgain() {
    for (TossWebhookStatus open :
        new TossWebhookStatus[] {TossWebhookStatus.RECEIVED, TossWebhookStatus.PENDING_RETRY}) {
      assertThat(open.canBecome(TossWebhookStatus.PROCESSED)).isTrue();
      assertThat(open.canBecome(TossWebhookStatus.IGNORED)).isTrue();
      assertThat(open.canBecome(TossWebhookStatus.REJECTED)).isTrue();
      assertThat(open.canBecome(TossWebhookStatus.PENDING_RETRY)).isTrue();
      assertThat(open.canBecome(TossWebhookStatus.FAILED)).isTrue();
      assertThat(open.canBecome(TossWebhookStatus.RECEIVED)).isFalse();
    }
  }

  @Test
  void aFinishedDeliveryNeverChangesAgain() {
    for (TossWebhookStatus done :
        new TossWebhookStatus[] {
          TossWebhookStatus.PROCESSED,
          TossWebhookStatus.IGNORED,
          TossWebhookStatus.REJECTED,
          TossWebhookStatus.FAILED
        }) {
      assertThat(done.isOpen()).isFalse();
      for (TossWebhookStatus next : TossWebhookStatus.values()) {
        assertThat(done.canBecome(next)).as(done + " -> " + next).isFalse();
      }
      assertThatIllegalStateException()
          .isThrownBy(() -> done.requireCanBecome(TossWebhookStatus.PROCESSED))
          .withMessageContaining(done.name());
    }
  }
}
