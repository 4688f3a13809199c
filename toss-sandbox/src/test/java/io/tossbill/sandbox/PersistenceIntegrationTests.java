package io.tossbill.sandbox;

import static io.tossbill.sandbox.SandboxHttp.charge;
import static io.tossbill.sandbox.SandboxHttp.newSecretKey;
import static io.tossbill.sandbox.SandboxHttp.orderId;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PersistenceIntegrationTests {

  @TempDir Path dataDir;

  @Test
  void keepsBillingKeysPaymentsAndIdempotencyAcrossARestart() {
    String secretKey = newSecretKey();
    String billingKey;
    String authKey;
    String order = orderId();
    SandboxHttp.Response charged;
    try (TossSandboxServer first = start()) {
      SandboxHttp http = new SandboxHttp(first.port(), "");
      billingKey = http.billingKey(secretKey, "cust-persist", "4330123412341234");
      charged =
          http.post(
              secretKey,
              "/v1/billing/" + billingKey,
              charge("cust-persist", 4900, order),
              "Idempotency-Key",
              "persist-1");
      assertThat(charged.status()).isEqualTo(200);
      http.control(
          "PUT",
          "/_sandbox/webhook?secretKey=" + secretKey,
          Map.of("url", "http://127.0.0.1:9/hook"));
      http.control("POST", "/_sandbox/clock/advance", Map.of("duration", "PT5H"));
      authKey =
          java.net
              .URI
              .create(
                  http.form(
                          "/_sandbox/billing-auth",
                          Map.of(
                              "clientKey",
                              "test_ck_" + secretKey.substring(8),
                              "customerKey",
                              "cust-later",
                              "successUrl",
                              "https://shop.example/ok",
                              "failUrl",
                              "https://shop.example/fail",
                              "cardNumber",
                              "4330123412341234",
                              "expiry",
                              "12/29",
                              "identity",
                              "900101",
                              "agree",
                              "true",
                              "action",
                              "register"))
                      .header("Location"))
              .getQuery()
              .replaceAll(".*authKey=", "");
    }
    assertThat(Files.exists(dataDir.resolve(SnapshotPersistence.FILE_NAME))).isTrue();

    try (TossSandboxServer second = start()) {
      SandboxHttp http = new SandboxHttp(second.port(), "");
      assertThat(second.baseUrl()).isEqualTo("http://127.0.0.1:" + second.port());
      assertThat(http.get(secretKey, "/v1/payments/orders/" + order).body())
          .isEqualTo(charged.body());
      assertThat(
              http.post(
                      secretKey,
                      "/v1/billing/" + billingKey,
                      charge("cust-persist", 100, orderId()),
                      "Idempotency-Key",
                      "persist-1")
                  .bytes())
          .isEqualTo(charged.bytes());
      assertThat(
              http.post(
                      secretKey,
                      "/v1/billing/" + billingKey,
                      charge("cust-persist", 1000, orderId()))
                  .status())
          .isEqualTo(200);
      assertThat(
              http.post(secretKey, "/v1/billing/" + billingKey, charge("cust-persist", 1000, order))
                  .code())
          .isEqualTo("DUPLICATED_ORDER_ID");
      assertThat(http.get(secretKey, "/_sandbox/ledger").json()).hasSize(2);
      assertThat(http.get(secretKey, "/_sandbox/webhook").json().get("url").asString())
          .isEqualTo("http://127.0.0.1:9/hook");
      assertThat(second.clock().offset()).isGreaterThanOrEqualTo(java.time.Duration.ofHours(5));
      assertThat(
              http.post(
                      secretKey,
                      "/v1/billing/authorizations/issue",
                      Map.of("authKey", authKey, "customerKey", "cust-later"))
                  .status())
          .isEqualTo(200);
    }
  }

  private TossSandboxServer start() {
    return TossSandboxServer.start(
        "toss-sandbox.data-dir=" + dataDir, "toss-sandbox.persist-debounce=50ms");
  }
}
