package io.tossbill.toss;

import static org.assertj.core.api.Assertions.assertThat;

import io.tossbill.sandbox.TossSandboxApplication;
import io.tossbill.sandbox.TossSandboxKeys;
import java.net.URI;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/** The client against a sandbox mounted under a base path, as the server runs it. */
class TossClientMountedSandboxIntegrationTests {

  @Test
  void chargesThroughTheBasePath() {
    TossSandboxKeys keys = TossSandboxKeys.generate();
    try (ConfigurableApplicationContext sandbox =
            new SpringApplicationBuilder(TossSandboxApplication.class)
                .run(
                    "--server.port=0",
                    "--server.address=127.0.0.1",
                    "--spring.main.banner-mode=off",
                    "--toss-sandbox.base-path=/toss-sandbox",
                    "--toss-sandbox.client-key=" + keys.clientKey(),
                    "--toss-sandbox.secret-key=" + keys.secretKey());
        TossClient toss =
            TossClient.builder()
                .secretKey(keys.secretKey())
                .baseUri(
                    URI.create(
                        "http://127.0.0.1:"
                            + sandbox.getEnvironment().getProperty("local.server.port")
                            + "/toss-sandbox"))
                .build()) {
      String customerKey = UUID.randomUUID().toString();
      Billing billing =
          toss.issueBillingKeyWithCard(
              new CardBillingRequest(
                  customerKey, "4330123412341234", "30", "12", "900101", null, null, null),
              key());
      String orderId = "mounted-" + UUID.randomUUID();

      ChargeOutcome outcome =
          toss.charge(
              billing.billingKey(), ChargeRequest.of(customerKey, 15000, orderId, "연간 구독"), key());

      assertThat(outcome)
          .isInstanceOfSatisfying(
              ChargeOutcome.Approved.class,
              approved -> {
                assertThat(approved.payment().suppliedAmount()).isEqualTo(13636);
                assertThat(approved.payment().vat()).isEqualTo(1364);
              });
      assertThat(toss.findPaymentByOrderId(orderId)).isPresent();
    }
  }

  private static IdempotencyKey key() {
    return IdempotencyKey.of(UUID.randomUUID().toString());
  }
}
