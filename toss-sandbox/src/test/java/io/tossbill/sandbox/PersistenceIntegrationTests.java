package io.tossbill.sandbox;

import static io.tossbill.sandbox.SandboxHttp.charge;
import static io.tossbill.sandbox.SandboxHttp.orderId;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PersistenceIntegrationTests {

  @TempDir Path dataDir;

  @Test
  void keepsBillingKeysPaymentsAndIdempotencyAcrossARestart() throws Exception {
    SandboxHttp.Merchant merchant;
    String secretKey;
    String installationKey;
    String billingKey;
    String authKey;
    String order = orderId();
    SandboxHttp.Response charged;
    try (TossSandboxServer first = start()) {
      installationKey = first.secretKey();
      SandboxHttp http = new SandboxHttp(first.port(), "", installationKey);
      merchant = http.newMerchant();
      secretKey = merchant.secretKey();
      billingKey = http.billingKey(secretKey, "cust-persist", "4330123412341234");
      charged =
          http.post(
              secretKey,
              "/v1/billing/" + billingKey,
              charge("cust-persist", 4900, order),
              "Idempotency-Key",
              "persist-1");
      assertThat(charged.status()).isEqualTo(200);
      http.control(secretKey, "PUT", "/_sandbox/webhook", Map.of("url", "http://127.0.0.1:9/hook"));
      http.control("POST", "/_sandbox/clock/advance", Map.of("duration", "PT5H"));
      authKey =
          java.net
              .URI
              .create(
                  http.form(
                          "/_sandbox/billing-auth",
                          Map.of(
                              "clientKey",
                              merchant.clientKey(),
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
    Path snapshot = dataDir.resolve(SnapshotPersistence.FILE_NAME);
    assertThat(Files.exists(snapshot)).isTrue();
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(snapshot)))
        .isEqualTo("rw-------");

    try (TossSandboxServer second = start()) {
      assertThat(second.secretKey()).isEqualTo(installationKey);
      SandboxHttp http = new SandboxHttp(second.port(), "", installationKey);
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

  @Test
  void generatesTheInstallationKeysOnceIntoTheDataFolder() throws Exception {
    String secretKey;
    String clientKey;
    try (TossSandboxServer first = start()) {
      secretKey = first.secretKey();
      clientKey = first.clientKey();
    }
    Path file = dataDir.resolve(TossSandboxKeys.FILE_NAME);
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
        .isEqualTo("rw-------");
    assertThat(Files.readString(file))
        .contains("client-key=" + clientKey, "secret-key=" + secretKey);
    assertThat(secretKey.substring(8)).hasSize(32).isNotEqualTo(clientKey.substring(8));

    try (TossSandboxServer second = start()) {
      assertThat(second.secretKey()).isEqualTo(secretKey);
      assertThat(second.clientKey()).isEqualTo(clientKey);
      SandboxHttp http = new SandboxHttp(second.port(), "", secretKey);
      assertThat(http.get(secretKey, "/v1/payments/orders/nothing-here").code())
          .isEqualTo("NOT_FOUND_PAYMENT");
    }
  }

  @Test
  void forgetsTheDataOfInstallationKeysThatWereReplaced() {
    String oldKey;
    String order = orderId();
    try (TossSandboxServer first = start()) {
      oldKey = first.secretKey();
      SandboxHttp http = new SandboxHttp(first.port(), "", oldKey);
      String billingKey = http.billingKey(oldKey, "cust-old", "4330123412341234");
      assertThat(
              http.post(oldKey, "/v1/billing/" + billingKey, charge("cust-old", 4900, order))
                  .status())
          .isEqualTo(200);
    }
    TossSandboxKeys replaced = TossSandboxKeys.generate();
    try (TossSandboxServer second =
        TossSandboxServer.start(
            "toss-sandbox.data-dir=" + dataDir,
            "toss-sandbox.client-key=" + replaced.clientKey(),
            "toss-sandbox.secret-key=" + replaced.secretKey())) {
      SandboxHttp http = new SandboxHttp(second.port(), "", replaced.secretKey());
      assertThat(http.get(oldKey, "/v1/payments/orders/" + order).code())
          .isEqualTo("UNAUTHORIZED_KEY");
      assertThat(http.get(replaced.secretKey(), "/v1/payments/orders/" + order).code())
          .isEqualTo("NOT_FOUND_PAYMENT");
      assertThat(http.get(replaced.secretKey(), "/_sandbox/ledger").json()).isEmpty();
    }
  }

  @Test
  void movesASnapshotOfTheOpenSandboxAsideInsteadOfLoadingIt() throws Exception {
    Path snapshot = dataDir.resolve(SnapshotPersistence.FILE_NAME);
    Files.writeString(
        snapshot,
        """
        {"format":1,"clockOffset":"PT0S","state":{"merchants":[{"secretKey":"test_sk_tossbill_local",
        "webhookUrl":null,"billingKeys":[],"payments":[],"paymentKeyByOrderId":{}}],"authKeys":[],
        "ledger":[]},"idempotency":[],"webhooks":[]}
        """,
        StandardCharsets.UTF_8);

    try (TossSandboxServer server = start()) {
      SandboxHttp http = new SandboxHttp(server.port(), "", server.secretKey());
      assertThat(http.get("test_sk_tossbill_local", "/v1/payments/orders/x").code())
          .isEqualTo("UNAUTHORIZED_KEY");
    }
    assertThat(dataDir.resolve(SnapshotPersistence.FILE_NAME + ".format1")).exists();
  }

  private TossSandboxServer start() {
    return TossSandboxServer.start(
        "toss-sandbox.data-dir=" + dataDir, "toss-sandbox.persist-debounce=50ms");
  }
}
