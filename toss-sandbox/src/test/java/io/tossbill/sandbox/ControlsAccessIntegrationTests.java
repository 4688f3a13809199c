package io.tossbill.sandbox;

import static io.tossbill.sandbox.SandboxHttp.charge;
import static io.tossbill.sandbox.SandboxHttp.orderId;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

/**
 * The controls are no open door: every one needs a secret key the sandbox issued, settings of the
 * whole sandbox need the installation's key, no GET changes anything, and a malformed body is a 4xx
 * problem that changes nothing.
 */
@SandboxIntegrationTest
class ControlsAccessIntegrationTests {

  /** Every control, by method and path. */
  static final List<List<String>> CONTROLS =
      List.of(
          List.of("GET", "/_sandbox"),
          List.of("POST", "/_sandbox/merchants"),
          List.of("GET", "/_sandbox/latency"),
          List.of("PUT", "/_sandbox/latency"),
          List.of("GET", "/_sandbox/faults"),
          List.of("PUT", "/_sandbox/faults"),
          List.of("GET", "/_sandbox/ledger"),
          List.of("POST", "/_sandbox/reset"),
          List.of("POST", "/_sandbox/reset/all"),
          List.of("GET", "/_sandbox/clock"),
          List.of("POST", "/_sandbox/clock/advance"),
          List.of("POST", "/_sandbox/clock/set"),
          List.of("POST", "/_sandbox/clock/reset"),
          List.of("GET", "/_sandbox/webhook"),
          List.of("PUT", "/_sandbox/webhook"),
          List.of("DELETE", "/_sandbox/webhook"),
          List.of("GET", "/_sandbox/webhooks/deliveries"),
          List.of("GET", "/_sandbox/idempotency"),
          List.of("GET", "/_sandbox/test-cards"));

  /** What a control body could be that is no settings object. */
  static final List<String> MALFORMED_BODIES =
      List.of(
          "null",
          "[]",
          "\"PT1H\"",
          "42",
          "true",
          "{",
          "{}}",
          "[".repeat(5_000) + "]".repeat(5_000),
          "{\"a\":\"" + "x".repeat(70_000) + "\"}");

  @LocalServerPort int port;
  @Autowired SandboxState state;
  @Autowired IdempotencyStore idempotency;
  @Autowired WebhookDispatcher webhooks;
  @Autowired SandboxClock clock;
  @Autowired SandboxControls controls;
  @Autowired SandboxJson json;

  SandboxHttp http;
  SandboxHttp.Merchant merchant;
  String billingKey;

  @BeforeEach
  void aMerchantWithAPaymentAndAWebhookUrl() {
    http = new SandboxHttp(port, "");
    merchant = http.newMerchant();
    billingKey = http.billingKey(merchant.secretKey(), "cust-controls", "4330123412341234");
    http.post(
        merchant.secretKey(),
        "/v1/billing/" + billingKey,
        charge("cust-controls", 4900, orderId()),
        "Idempotency-Key",
        "controls-1");
    http.control(
        merchant.secretKey(), "PUT", "/_sandbox/webhook", Map.of("url", "http://127.0.0.1:9/x"));
  }

  @AfterEach
  void clearControls() {
    http.control("PUT", "/_sandbox/faults", Map.of());
    http.control("PUT", "/_sandbox/latency", Map.of("mode", "none"));
    http.control("POST", "/_sandbox/clock/reset", "");
  }

  @Test
  void refusesEveryControlWithoutASecretKeyTheSandboxIssued() {
    String derived = "test_sk_" + merchant.clientKey().substring("test_ck_".length());
    String before = persistentState();
    for (List<String> control : CONTROLS) {
      String what = String.join(" ", control);
      List<SandboxHttp.Response> refused = new ArrayList<>();
      refused.add(http.raw(control.get(0), control.get(1), "{}"));
      refused.add(
          http.raw(control.get(0), control.get(1), "{}", "Authorization", "Bearer anything"));
      for (String key : List.of(derived, SandboxHttp.unknownSecretKey(), "test_sk_demo")) {
        refused.add(http.control(key, control.get(0), control.get(1), "{}"));
      }
      for (SandboxHttp.Response response : refused) {
        assertThat(response.status()).as(what).isEqualTo(401);
        assertThat(response.contentType()).as(what).startsWith("application/problem+json");
        assertThat(response.code()).as(what).isEqualTo("UNAUTHORIZED_KEY");
        assertThat(response.json().get("status").asInt()).as(what).isEqualTo(401);
        assertThat(response.json().get("title").asString()).as(what).isEqualTo("인증 실패");
        assertThat(response.json().get("detail").asString()).as(what).contains("시크릿 키");
        assertThat(response.header("WWW-Authenticate")).as(what).startsWith("Basic");
      }
    }
    assertThat(persistentState()).isEqualTo(before);
    assertThat(
            http.raw("GET", "/_sandbox", "", "Accept-Language", "en-US")
                .json()
                .get("detail")
                .asString())
        .startsWith("The sandbox controls need the secret key");
  }

  @Test
  void refusesTheSecretKeyInTheUrl() {
    SandboxHttp.Response response =
        http.control(
            merchant.secretKey(), "GET", "/_sandbox/ledger?secretKey=" + merchant.secretKey(), "");

    assertThat(response.status()).isEqualTo(400);
    assertThat(response.code()).isEqualTo("INVALID_REQUEST");
    assertThat(response.body()).doesNotContain(merchant.secretKey());
  }

  @Test
  void letsOnlyTheInstallationKeyChangeTheWholeSandbox() {
    String before = persistentState();
    int merchants = state.merchants().size();
    Map<String, Object> bodies =
        Map.of(
            "/_sandbox/latency", Map.of("mode", "fixed", "fixedMillis", 5000),
            "/_sandbox/faults", Map.of("internalErrorRate", 1.0),
            "/_sandbox/clock/advance", Map.of("duration", "P30D"),
            "/_sandbox/clock/set", Map.of("instant", "2040-01-01T00:00:00Z"));
    for (List<String> control :
        List.of(
            List.of("POST", "/_sandbox/merchants"),
            List.of("PUT", "/_sandbox/latency"),
            List.of("PUT", "/_sandbox/faults"),
            List.of("POST", "/_sandbox/reset/all"),
            List.of("POST", "/_sandbox/clock/advance"),
            List.of("POST", "/_sandbox/clock/set"),
            List.of("POST", "/_sandbox/clock/reset"))) {
      SandboxHttp.Response response =
          http.control(
              merchant.secretKey(),
              control.get(0),
              control.get(1),
              bodies.getOrDefault(control.get(1), ""));
      assertThat(response.status()).as(control.toString()).isEqualTo(403);
      assertThat(response.code()).as(control.toString()).isEqualTo("INSTALLATION_KEY_REQUIRED");
      assertThat(response.contentType()).startsWith("application/problem+json");
    }
    assertThat(persistentState()).isEqualTo(before);
    assertThat(state.merchants()).hasSize(merchants);
    assertThat(http.get(merchant.secretKey(), "/_sandbox/ledger").json()).hasSize(1);
    assertThat(http.control("POST", "/_sandbox/merchants", "").status()).isEqualTo(201);
  }

  @Test
  void changesNothingOnAnyGet() {
    String before = persistentState();
    int merchants = state.merchants().size();
    List<String> keys =
        List.of(
            merchant.secretKey(),
            SandboxHttp.INSTALLATION_SECRET_KEY,
            SandboxHttp.unknownSecretKey());
    for (List<String> control : CONTROLS) {
      for (String key : keys) {
        SandboxHttp.Response response = http.get(key, control.get(1));
        assertThat(response.status()).as(control + " " + key).isLessThan(500);
        if (response.status() >= 400) {
          assertThat(response.contentType()).startsWith("application/problem+json");
        }
      }
      http.raw("GET", control.get(1), "");
    }
    assertThat(persistentState()).isEqualTo(before);
    assertThat(state.merchants()).hasSize(merchants);
    assertThat(http.get(merchant.secretKey(), "/_sandbox/reset").status()).isEqualTo(405);
    assertThat(http.get(merchant.secretKey(), "/_sandbox/ledger").json()).hasSize(1);
  }

  @Test
  void answersMalformedControlBodiesWithA4xxProblemAndChangesNothing() {
    String before = persistentState();
    String installation = SandboxHttp.INSTALLATION_SECRET_KEY;
    List<List<String>> withBodies =
        List.of(
            List.of(
                installation,
                "PUT",
                "/_sandbox/latency",
                "{\"mode\": {\"nested\": 1}, \"fixedMillis\": \"soon\"}"),
            List.of(
                installation,
                "PUT",
                "/_sandbox/faults",
                "{\"internalErrorRate\": \"all\", \"seed\": [1]}"),
            List.of(installation, "POST", "/_sandbox/clock/advance", "{\"duration\": 5}"),
            List.of(installation, "POST", "/_sandbox/clock/set", "{\"instant\": 5}"),
            List.of(merchant.secretKey(), "PUT", "/_sandbox/webhook", "{\"url\": 5}"));
    for (List<String> control : withBodies) {
      List<String> bodies = new ArrayList<>(MALFORMED_BODIES);
      bodies.add(control.get(3));
      for (String body : bodies) {
        String what = control.get(1) + " " + control.get(2) + " " + abbreviate(body);
        SandboxHttp.Response response =
            http.control(control.get(0), control.get(1), control.get(2), body);
        assertThat(response.status()).as(what).isIn(400, 413);
        assertThat(response.contentType()).as(what).startsWith("application/problem+json");
        assertThat(response.code()).as(what).isIn("INVALID_REQUEST", "BODY_TOO_LARGE");
        assertThat(response.json().get("detail").asString()).as(what).isNotBlank();
      }
    }
    assertThat(persistentState()).isEqualTo(before);
    assertThat(
            http.post(
                    merchant.secretKey(),
                    "/v1/billing/" + billingKey,
                    charge("cust-controls", 1000, orderId()))
                .status())
        .isEqualTo(200);

    SandboxHttp.Response field =
        http.control("PUT", "/_sandbox/latency", "{\"mode\":\"fixed\",\"fixedMillis\":\"soon\"}");
    assertThat(field.json().get("detail").asString()).contains("fixedMillis");
    SandboxHttp.Response english =
        http.raw(
            "PUT",
            "/_sandbox/latency",
            "null",
            "Authorization",
            SandboxHttp.basic(installation),
            "Content-Type",
            "application/json",
            "Accept-Language",
            "en-US");
    assertThat(english.json().get("detail").asString())
        .isEqualTo("A JSON object body is required.");
  }

  @Test
  void resetsEverythingWithTheInstallationKeyButKeepsEveryKey() {
    http.control("PUT", "/_sandbox/latency", Map.of("mode", "fixed", "fixedMillis", 1));

    SandboxHttp.Response reset = http.control("POST", "/_sandbox/reset/all", "");

    assertThat(reset.status()).isEqualTo(200);
    assertThat(http.get(merchant.secretKey(), "/_sandbox/ledger").json()).isEmpty();
    assertThat(http.control("GET", "/_sandbox/latency", "").json().get("mode").asString())
        .isEqualTo("none");
    assertThat(http.get(merchant.secretKey(), "/_sandbox/webhook").json().get("url").isNull())
        .isTrue();
    assertThat(http.billingKey(merchant.secretKey(), "cust-after", "4330123412341234"))
        .isNotBlank();
  }

  @Test
  void showsAMerchantItsOwnPublicKeyOnlyAndTheSecretOnceAtCreation() {
    JsonNode overview = http.control(merchant.secretKey(), "GET", "/_sandbox", "").json();
    assertThat(overview.get("clientKey").asString()).isEqualTo(merchant.clientKey());
    assertThat(overview.get("installationKey").asBoolean()).isFalse();
    assertThat(overview.toString()).doesNotContain(merchant.secretKey());

    SandboxHttp.Response created = http.control("POST", "/_sandbox/merchants", "");
    assertThat(created.status()).isEqualTo(201);
    assertThat(created.json().get("secretKey").asString()).startsWith("test_sk_");
    assertThat(created.json().get("clientKey").asString()).startsWith("test_ck_");
    assertThat(created.json().get("mId").asString()).startsWith("sbx").hasSize(14);
  }

  /** The persistent state of the merchant under test and everything shared, as JSON. */
  private String persistentState() {
    MerchantState m = state.merchant(merchant.secretKey()).orElseThrow();
    return json.writeString(
        List.of(
            m.snapshot(true),
            state.ledger(merchant.secretKey()),
            idempotency.snapshot(clock.instant()).stream()
                .filter(s -> s.key().secretKey().equals(merchant.secretKey()))
                .toList(),
            webhooks.deliveries(merchant.secretKey()),
            state.merchants().stream().map(x -> x.mId).sorted().toList(),
            clock.offset().toString(),
            controls.latency(),
            controls.faults()));
  }

  private static String abbreviate(String body) {
    return body.length() > 40 ? body.substring(0, 40) + "..." : body;
  }
}
