package io.tossbill.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.tossbill.TossbillApplication;
import io.tossbill.toss.Billing;
import io.tossbill.toss.ChargeOutcome;
import io.tossbill.toss.ChargeRequest;
import io.tossbill.toss.IdempotencyKey;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.io.ClassPathResource;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The default run, with no Toss keys configured: the mounted sandbox's key pair is generated on the
 * first start into its data folder, given to the gateway by configuration and kept across restarts;
 * nobody without the secret key gets past the sandbox's API or controls; and the sandbox's webhooks
 * reach the server's own /webhooks/toss.
 */
class GatewayDefaultRunIntegrationTests {

  @TempDir Path data;

  private final HttpClient http =
      HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();

  @Test
  void generatesTheSandboxKeysOnceAndTheGatewayWorksWithThem() throws Exception {
    Path keyFile = data.resolve("toss-sandbox").resolve("keys.properties");
    String secretKey;
    String billingKey;
    String customerKey = "cust_" + UUID.randomUUID();
    try (ConfigurableApplicationContext server = start()) {
      assertThat(keyFile).exists();
      assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(keyFile)))
          .isEqualTo("rw-------");
      Properties stored = new Properties();
      stored.load(Files.newBufferedReader(keyFile));
      secretKey = stored.getProperty("secret-key");
      String clientKey = stored.getProperty("client-key");
      assertThat(secretKey).startsWith("test_sk_").hasSizeGreaterThan(30);
      assertThat(secretKey.substring(8)).isNotEqualTo(clientKey.substring(8));
      assertThat(server.getEnvironment().getProperty("tossbill.toss.secret-key"))
          .isEqualTo(secretKey);

      PaymentGateway gateway = server.getBean(PaymentGateway.class);
      assertThat(gateway.cardWindow().clientKey()).isEqualTo(clientKey);
      int port = port(server);
      String authKey = authKeyFromTheCardWindow(port, clientKey, customerKey);
      Billing billing = gateway.issueBillingKey(authKey, customerKey, newKey());
      billingKey = billing.billingKey();
      ChargeOutcome charged =
          gateway.charge(
              billingKey, ChargeRequest.of(customerKey, 4900, orderId(), "기본 실행"), newKey());
      assertThat(charged).isInstanceOf(ChargeOutcome.Approved.class);
    }

    try (ConfigurableApplicationContext restarted = start()) {
      assertThat(restarted.getEnvironment().getProperty("tossbill.toss.secret-key"))
          .isEqualTo(secretKey);
      ChargeOutcome again =
          restarted
              .getBean(PaymentGateway.class)
              .charge(
                  billingKey, ChargeRequest.of(customerKey, 4900, orderId(), "다시 시작한 뒤"), newKey());
      assertThat(again).isInstanceOf(ChargeOutcome.Approved.class);
    }
  }

  @Test
  void refusesEveryoneWithoutTheSecretKeyAndSendsWebhooksToItsOwnEndpoint() throws Exception {
    try (ConfigurableApplicationContext server = start()) {
      int port = port(server);
      String secretKey = server.getEnvironment().getProperty("tossbill.toss.secret-key");
      String clientKey = server.getEnvironment().getProperty("tossbill.toss.client-key");
      String derived = "test_sk_" + clientKey.substring("test_ck_".length());
      String base = "http://127.0.0.1:" + port + "/toss-sandbox";

      for (String auth : new String[] {null, basic(derived), basic("test_sk_tossbill_local")}) {
        HttpResponse<String> api = send("GET", base + "/v1/payments/orders/anything", auth, null);
        assertThat(api.statusCode()).as(String.valueOf(auth)).isEqualTo(401);
        assertThat(api.body()).contains("\"UNAUTHORIZED_KEY\"");
        HttpResponse<String> charge =
            send("POST", base + "/v1/billing/authorizations/card", auth, "{}");
        assertThat(charge.statusCode()).isEqualTo(401);
        for (List<String> control :
            List.of(
                List.of("GET", "/_sandbox/ledger"),
                List.of("GET", "/_sandbox/webhook"),
                List.of("POST", "/_sandbox/reset"),
                List.of("POST", "/_sandbox/reset/all"),
                List.of("PUT", "/_sandbox/faults"))) {
          HttpResponse<String> refused =
              send(control.get(0), base + control.get(1), auth, "{\"internalErrorRate\":1}");
          assertThat(refused.statusCode()).as(control + " " + auth).isEqualTo(401);
          assertThat(refused.headers().firstValue("Content-Type").orElseThrow())
              .startsWith("application/problem+json");
        }
      }
      assertThat(send("GET", base + "/_sandbox/ledger", basic(secretKey), null).statusCode())
          .isEqualTo(200);
      assertThat(nonAsciiAuthorization(port, "/toss-sandbox/v1/payments/orders/x"))
          .startsWith("HTTP/1.1 401");
      assertThat(nonAsciiAuthorization(port, "/toss-sandbox/_sandbox/ledger"))
          .startsWith("HTTP/1.1 401");

      PaymentGateway gateway = server.getBean(PaymentGateway.class);
      String customerKey = "cust_" + UUID.randomUUID();
      Billing billing =
          gateway.issueBillingKey(
              authKeyFromTheCardWindow(port, clientKey, customerKey), customerKey, newKey());
      gateway.deleteBillingKey(billing.billingKey());

      JdbcClient jdbc = server.getBean(JdbcClient.class);
      await()
          .atMost(Duration.ofSeconds(30))
          .until(
              () ->
                  jdbc.sql(
                              "select count(*) from toss_webhook_delivery"
                                  + " where event_type = 'BILLING_DELETED'")
                          .query(Long.class)
                          .single()
                      == 1);
      String deliveries =
          send("GET", base + "/_sandbox/webhooks/deliveries", basic(secretKey), null).body();
      assertThat(deliveries)
          .contains("\"url\" : \"http://127.0.0.1:" + port + "/webhooks/toss\"")
          .contains("\"status\" : \"DELIVERED\"");
    }
  }

  /**
   * The server as the default run starts it: no Toss keys given, a data folder of its own, and the
   * sandbox's webhook target of the default configuration (the test configuration sends none).
   */
  private ConfigurableApplicationContext start() throws IOException {
    Object webhookUrl =
        new YamlPropertySourceLoader()
            .load("default run", new ClassPathResource("application.yml"))
            .getFirst()
            .getProperty("toss-sandbox.webhook-url");
    assertThat(webhookUrl).isEqualTo("/webhooks/toss");
    return new SpringApplicationBuilder(TossbillApplication.class)
        .run(
            "--server.port=0",
            "--spring.main.banner-mode=off",
            "--tossbill.toss.secret-key=",
            "--tossbill.toss.client-key=",
            "--toss-sandbox.webhook-url=" + webhookUrl,
            "--toss-sandbox.data-dir=" + data.resolve("toss-sandbox"),
            "--toss-sandbox.webhook-poll-interval=100ms",
            "--tossbill.customer.generated-key-file=" + data.resolve("encryption.key"));
  }

  private static int port(ConfigurableApplicationContext server) {
    return Integer.parseInt(server.getEnvironment().getProperty("local.server.port"));
  }

  /** Registers a card in the sandbox's window as a browser would, and returns the authKey. */
  private String authKeyFromTheCardWindow(int port, String clientKey, String customerKey)
      throws Exception {
    Map<String, String> form = new LinkedHashMap<>();
    form.put("clientKey", clientKey);
    form.put("customerKey", customerKey);
    form.put("successUrl", "http://127.0.0.1:" + port + "/billing/success");
    form.put("failUrl", "http://127.0.0.1:" + port + "/billing/fail");
    form.put("cardNumber", "4330123412341234");
    form.put("expiry", "12/45");
    form.put("identity", "900101");
    form.put("agree", "true");
    form.put("action", "register");
    HttpResponse<String> submitted =
        http.send(
            HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + port + "/toss-sandbox/_sandbox/billing-auth"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(
                    HttpRequest.BodyPublishers.ofString(
                        form.entrySet().stream()
                            .map(
                                e ->
                                    e.getKey()
                                        + "="
                                        + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                            .collect(Collectors.joining("&"))))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(submitted.statusCode()).as(submitted.body()).isEqualTo(303);
    URI success = URI.create(submitted.headers().firstValue("Location").orElseThrow());
    return Arrays.stream(success.getRawQuery().split("&"))
        .map(p -> p.split("=", 2))
        .collect(Collectors.toMap(p -> p[0], p -> URLDecoder.decode(p[1], StandardCharsets.UTF_8)))
        .get("authKey");
  }

  private HttpResponse<String> send(String method, String url, String authorization, String body)
      throws Exception {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(url)).header("Content-Type", "application/json");
    if (authorization != null) {
      request.header("Authorization", authorization);
    }
    request.method(
        method,
        body == null
            ? HttpRequest.BodyPublishers.noBody()
            : HttpRequest.BodyPublishers.ofString(body));
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  /** A request whose Authorization value has a raw non-ASCII byte; answers the status line. */
  private static String nonAsciiAuthorization(int port, String path) throws IOException {
    try (Socket socket = new Socket("127.0.0.1", port)) {
      socket.setSoTimeout(10_000);
      ByteArrayOutputStream request = new ByteArrayOutputStream();
      request.writeBytes(
          ("GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Basic ")
              .getBytes(StandardCharsets.US_ASCII));
      request.writeBytes(new byte[] {(byte) 0xED, (byte) 0x95, (byte) 0x9C});
      request.writeBytes("\r\nConnection: close\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
      OutputStream out = socket.getOutputStream();
      out.write(request.toByteArray());
      out.flush();
      InputStream in = socket.getInputStream();
      String response = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      return response.substring(0, response.indexOf("\r\n"));
    }
  }

  private static String basic(String secretKey) {
    return "Basic "
        + Base64.getEncoder().encodeToString((secretKey + ":").getBytes(StandardCharsets.UTF_8));
  }

  private static IdempotencyKey newKey() {
    return IdempotencyKey.of(UUID.randomUUID().toString());
  }

  private static String orderId() {
    return "default-run-" + UUID.randomUUID().toString().substring(0, 18);
  }
}
