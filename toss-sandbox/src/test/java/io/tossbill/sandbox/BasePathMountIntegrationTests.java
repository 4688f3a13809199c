package io.tossbill.sandbox;

import static io.tossbill.sandbox.SandboxHttp.charge;
import static io.tossbill.sandbox.SandboxHttp.orderId;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import tools.jackson.databind.JsonNode;

@SpringBootTest(
    classes = BasePathMountIntegrationTests.HostApplication.class,
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = {
      "toss-sandbox.base-path=/toss-sandbox",
      "toss-sandbox.webhook-url=/host/webhooks",
      "toss-sandbox.webhook-poll-interval=50ms",
      "toss-sandbox.client-key=" + SandboxHttp.INSTALLATION_CLIENT_KEY,
      "toss-sandbox.secret-key=" + SandboxHttp.INSTALLATION_SECRET_KEY
    })
class BasePathMountIntegrationTests {

  /** A host application that mounts the sandbox, like the billing server does. */
  @Configuration(proxyBeanMethods = false)
  @EnableAutoConfiguration
  @Import({
    TossSandboxConfiguration.class,
    HostController.class,
    HostErrors.class,
    FailingSandboxEndpoint.class
  })
  static class HostApplication {}

  /** A sandbox endpoint that fails unexpectedly, as a bug in the sandbox would. */
  @RestController
  @SandboxController
  static class FailingSandboxEndpoint {
    @GetMapping("/_sandbox/test-failure")
    String fail() {
      throw new IllegalStateException("a sandbox bug");
    }
  }

  /** A host's catch-all advice, which must not take over the sandbox's errors. */
  @RestControllerAdvice
  static class HostErrors {
    @ExceptionHandler(Exception.class)
    ResponseEntity<String> any(Exception e) {
      return ResponseEntity.status(500).body("host-handled");
    }
  }

  @RestController
  static class HostController {
    static final List<Map<String, String>> RECEIVED = new CopyOnWriteArrayList<>();

    @PostMapping("/host/webhooks")
    String webhook(@RequestBody String body, @RequestHeader Map<String, String> headers) {
      Map<String, String> received = new HashMap<>(headers);
      received.put("body", body);
      RECEIVED.add(received);
      return "ok";
    }

    @GetMapping("/host/hello")
    String hello() {
      return "hello";
    }

    @GetMapping("/host/boom")
    String boom() {
      throw new IllegalStateException("host failure");
    }
  }

  @LocalServerPort int port;

  @Test
  void servesTheSandboxUnderTheBasePathOnly() {
    SandboxHttp mounted = new SandboxHttp(port, "/toss-sandbox");
    SandboxHttp root = new SandboxHttp(port, "");
    String secretKey = mounted.newSecretKey();

    String billingKey = mounted.billingKey(secretKey, "cust-mount", "4330123412341234");
    assertThat(
            mounted
                .post(secretKey, "/v1/billing/" + billingKey, charge("cust-mount", 4900, orderId()))
                .json()
                .get("status")
                .asString())
        .isEqualTo("DONE");
    assertThat(mounted.raw("GET", "/v2/standard", "").status()).isEqualTo(200);
    assertThat(mounted.get(secretKey, "/_sandbox/ledger").json()).hasSize(1);
    assertThat(
            mounted
                .raw(
                    "GET",
                    "/_sandbox/billing-auth?clientKey="
                        + SandboxHttp.INSTALLATION_CLIENT_KEY
                        + "&customerKey=cust-1"
                        + "&successUrl=http://localhost/s&failUrl=http://localhost/f",
                    "")
                .body())
        .contains("action=\"/toss-sandbox/_sandbox/billing-auth\"");

    SandboxHttp.Response atRoot = root.get(secretKey, "/v1/payments/orders/x");
    assertThat(atRoot.body()).isEqualTo("host-handled");
    assertThat(atRoot.header("X-TossPayments-Trace-Id")).isNull();
    assertThat(root.raw("GET", "/v2/standard", "").body()).isEqualTo("host-handled");
  }

  @Test
  void sendsWebhooksToAPathOfTheHostItself() {
    SandboxHttp mounted = new SandboxHttp(port, "/toss-sandbox");
    String secretKey = mounted.newSecretKey();
    String billingKey = mounted.billingKey(secretKey, "cust-hook", "4330123412341234");

    assertThat(mounted.delete(secretKey, "/v1/billing/" + billingKey).status()).isEqualTo(200);

    await()
        .atMost(Duration.ofSeconds(10))
        .until(
            () ->
                HostController.RECEIVED.stream().anyMatch(r -> r.get("body").contains(billingKey)));
    Map<String, String> received =
        HostController.RECEIVED.stream()
            .filter(r -> r.get("body").contains(billingKey))
            .findFirst()
            .orElseThrow();
    assertThat(received.get("body")).contains("\"eventType\":\"BILLING_DELETED\"");
    assertThat(received.get("tosspayments-webhook-transmission-id")).startsWith("whtrans_");
    JsonNode deliveries = mounted.get(secretKey, "/_sandbox/webhooks/deliveries").json();
    assertThat(deliveries.get(0).get("url").asString())
        .isEqualTo("http://127.0.0.1:" + port + "/host/webhooks");
    assertThat(deliveries.get(0).get("status").asString()).isEqualTo("DELIVERED");
  }

  @Test
  void leavesTheHostsOwnEndpointsAndErrorsAlone() {
    SandboxHttp root = new SandboxHttp(port, "");
    assertThat(root.raw("GET", "/host/hello", "").body()).isEqualTo("hello");
    SandboxHttp.Response boom = root.raw("GET", "/host/boom", "", "Accept", "application/json");
    assertThat(boom.status()).isEqualTo(500);
    assertThat(boom.body()).isEqualTo("host-handled");
    assertThat(boom.header("X-TossPayments-Trace-Id")).isNull();

    SandboxHttp mounted = new SandboxHttp(port, "/toss-sandbox");
    SandboxHttp.Response badControl =
        mounted.control("PUT", "/_sandbox/faults", Map.of("internalErrorRate", 7));
    assertThat(badControl.status()).isEqualTo(400);
    assertThat(badControl.code()).isEqualTo("INVALID_REQUEST");
  }

  @Test
  void answersAnUnexpectedSandboxFailureInTheRequestsLanguage() {
    SandboxHttp mounted = new SandboxHttp(port, "/toss-sandbox");

    SandboxHttp.Response english =
        mounted.raw("GET", "/_sandbox/test-failure", "", "Accept-Language", "en-US");
    SandboxHttp.Response korean = mounted.raw("GET", "/_sandbox/test-failure", "");

    assertThat(english.status()).isEqualTo(500);
    assertThat(english.contentType()).startsWith("application/problem+json");
    assertThat(english.code()).isEqualTo("INTERNAL_ERROR");
    assertThat(english.json().get("detail").asString())
        .isEqualTo("The sandbox failed unexpectedly. Please try again later.");
    assertThat(english.header("X-TossPayments-Trace-Id")).matches("[0-9a-f]{32}");
    assertThat(korean.json().get("detail").asString()).isEqualTo("샌드박스 내부 오류입니다. 잠시 후 다시 시도해주세요.");
    assertThat(korean.json().get("title").asString()).isEqualTo("샌드박스 내부 오류");
  }

  @Test
  void answersUnreadableControlRequestsWith400WhenMounted() {
    SandboxHttp mounted = new SandboxHttp(port, "/toss-sandbox");
    String form = "application/x-www-form-urlencoded";

    String auth = SandboxHttp.basic(SandboxHttp.INSTALLATION_SECRET_KEY);

    SandboxHttp.Response undecodable =
        mounted.raw(
            "POST", "/_sandbox/clock/reset", "x=%zz", "Content-Type", form, "Authorization", auth);
    // the host's form filter reads a form-typed PUT body before the sandbox can
    SandboxHttp.Response formTyped =
        mounted.raw(
            "PUT",
            "/_sandbox/latency",
            "{\"mode\":\"none\"}",
            "Content-Type",
            form,
            "Authorization",
            auth);

    // the sandbox never decodes the form body of a control it does not read
    assertThat(undecodable.status()).isEqualTo(200);
    assertThat(formTyped.status()).isEqualTo(400);
    assertThat(formTyped.code()).isEqualTo("INVALID_REQUEST");
    assertThat(formTyped.json().get("detail").asString()).contains("application/json");
  }
}
