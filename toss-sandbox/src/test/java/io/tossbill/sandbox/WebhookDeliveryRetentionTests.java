package io.tossbill.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.core.env.StandardEnvironment;

class WebhookDeliveryRetentionTests {

  static final Instant T0 = Instant.parse("2026-11-01T00:00:00Z");

  final WebhookDispatcher dispatcher =
      new WebhookDispatcher(
          new SandboxClock(),
          TossSandboxProperties.defaults(),
          new SandboxJson(),
          new Changes(),
          new LocalServer(new StandardEnvironment()));

  static WebhookDelivery delivery(int second, WebhookDelivery.Status status) {
    return new WebhookDelivery(
        "whtrans_%026d".formatted(second),
        "test_sk_a",
        "sbx00000000000",
        "BILLING_DELETED",
        "http://127.0.0.1:9/webhooks/toss",
        "{}",
        T0.plusSeconds(second),
        status,
        0,
        status == WebhookDelivery.Status.PENDING ? T0.plusSeconds(second) : null,
        List.of());
  }

  @Test
  void keepsTheMostRecentFinishedDeliveriesAndEveryPendingOne() {
    List<WebhookDelivery> restored = new ArrayList<>();
    restored.add(delivery(0, WebhookDelivery.Status.PENDING));
    for (int i = 1; i <= WebhookDispatcher.KEPT_FINISHED + 1_500; i++) {
      restored.add(
          delivery(
              i, i % 2 == 0 ? WebhookDelivery.Status.DELIVERED : WebhookDelivery.Status.FAILED));
    }

    dispatcher.restore(restored);

    List<WebhookDelivery> kept = dispatcher.deliveries(null);
    assertThat(kept).hasSize(WebhookDispatcher.KEPT_FINISHED + 1);
    assertThat(kept.getFirst().status()).isEqualTo(WebhookDelivery.Status.PENDING);
    assertThat(kept.get(1).createdAt()).isEqualTo(T0.plusSeconds(1_501));
    assertThat(kept.getLast().createdAt())
        .isEqualTo(T0.plusSeconds(WebhookDispatcher.KEPT_FINISHED + 1_500));
  }

  @Test
  void neverForgetsAPendingDelivery() {
    MerchantState merchant = new MerchantState(TossSandboxKeys.generate());
    merchant.webhookUrl = "http://127.0.0.1:9/webhooks/toss";
    int events = WebhookDispatcher.KEPT_FINISHED + 1_500;
    for (int i = 0; i < events; i++) {
      dispatcher.enqueue(merchant, "BILLING_DELETED", Map.of("billingKey", "bk" + i));
    }

    assertThat(dispatcher.deliveries(merchant.secretKey))
        .hasSize(events)
        .allMatch(d -> d.status() == WebhookDelivery.Status.PENDING);
  }
}
