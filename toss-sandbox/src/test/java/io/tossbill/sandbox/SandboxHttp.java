package io.tossbill.sandbox;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A raw HTTP client for the sandbox, speaking JSON like any Toss client would (no toss-client
 * here).
 */
final class SandboxHttp {

  static final JsonMapper JSON = JsonMapper.builder().build();

  /** One HTTP answer. */
  record Response(int status, java.net.http.HttpHeaders headers, byte[] bytes) {
    String body() {
      return new String(bytes, StandardCharsets.UTF_8);
    }

    JsonNode json() {
      return JSON.readTree(bytes);
    }

    String code() {
      return json().get("code").asString();
    }

    String contentType() {
      return header("Content-Type");
    }

    String header(String name) {
      return headers.firstValue(name).orElse(null);
    }
  }

  /** The installation's keys of {@link SandboxIntegrationTest}'s sandbox. */
  static final String INSTALLATION_CLIENT_KEY = "test_ck_sandbox_tests_installation";

  static final String INSTALLATION_SECRET_KEY = "test_sk_sandbox_tests_7Qm2xV9pL4rT8nB1";

  /** A merchant of the sandbox: its own key pair and mId. */
  record Merchant(String clientKey, String secretKey, String mId) {}

  private final String base;
  private final String installationSecretKey;
  private final HttpClient client =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .followRedirects(HttpClient.Redirect.NEVER)
          .connectTimeout(Duration.ofSeconds(5))
          .build();

  SandboxHttp(int port, String basePath) {
    this(port, basePath, INSTALLATION_SECRET_KEY);
  }

  SandboxHttp(int port, String basePath, String installationSecretKey) {
    this.base = "http://127.0.0.1:" + port + basePath;
    this.installationSecretKey = installationSecretKey;
  }

  String base() {
    return base;
  }

  String installationSecretKey() {
    return installationSecretKey;
  }

  /**
   * A new merchant with keys of its own ({@code POST /_sandbox/merchants}), so tests share no data.
   */
  Merchant newMerchant() {
    Response created = control("POST", "/_sandbox/merchants", "");
    if (created.status() != 201) {
      throw new IllegalStateException("no new merchant: " + created.body());
    }
    JsonNode body = created.json();
    return new Merchant(
        body.get("clientKey").asString(),
        body.get("secretKey").asString(),
        body.get("mId").asString());
  }

  /** The secret key of a new merchant. */
  String newSecretKey() {
    return newMerchant().secretKey();
  }

  /** A well-formed secret key the sandbox never issued. */
  static String unknownSecretKey() {
    return "test_sk_" + UUID.randomUUID().toString().replace("-", "").substring(0, 20);
  }

  static String basic(String secretKey) {
    return "Basic "
        + Base64.getEncoder().encodeToString((secretKey + ":").getBytes(StandardCharsets.UTF_8));
  }

  static String json(Object value) {
    return JSON.writeValueAsString(value);
  }

  Response post(String secretKey, String path, Object body, String... headers) {
    return send(
        HttpRequest.newBuilder(URI.create(base + path))
            .header("Authorization", basic(secretKey))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(body instanceof String s ? s : json(body))),
        headers,
        Duration.ofSeconds(30));
  }

  Response postWithTimeout(
      String secretKey, String path, Object body, Duration timeout, String... headers)
      throws IOException, InterruptedException {
    HttpRequest.Builder builder =
        HttpRequest.newBuilder(URI.create(base + path))
            .header("Authorization", basic(secretKey))
            .header("Content-Type", "application/json")
            .timeout(timeout)
            .POST(HttpRequest.BodyPublishers.ofString(json(body)));
    for (int i = 0; i < headers.length; i += 2) {
      builder.header(headers[i], headers[i + 1]);
    }
    HttpResponse<byte[]> response =
        client.send(builder.build(), HttpResponse.BodyHandlers.ofByteArray());
    return new Response(response.statusCode(), response.headers(), response.body());
  }

  Response get(String secretKey, String path, String... headers) {
    return send(
        HttpRequest.newBuilder(URI.create(base + path))
            .header("Authorization", basic(secretKey))
            .GET(),
        headers,
        Duration.ofSeconds(30));
  }

  Response delete(String secretKey, String path, String... headers) {
    return send(
        HttpRequest.newBuilder(URI.create(base + path))
            .header("Authorization", basic(secretKey))
            .DELETE(),
        headers,
        Duration.ofSeconds(30));
  }

  Response raw(String method, String path, String body, String... headers) {
    return send(
        HttpRequest.newBuilder(URI.create(base + path))
            .method(
                method,
                body.isEmpty()
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(body)),
        headers,
        Duration.ofSeconds(30));
  }

  Response form(String path, Map<String, String> fields) {
    String body =
        fields.entrySet().stream()
            .map(
                e ->
                    URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8)
                        + "="
                        + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
            .collect(Collectors.joining("&"));
    return send(
        HttpRequest.newBuilder(URI.create(base + path))
            .header("Content-Type", "application/x-www-form-urlencoded")
            .POST(HttpRequest.BodyPublishers.ofString(body)),
        new String[0],
        Duration.ofSeconds(30));
  }

  /** A control call with the installation's key. */
  Response control(String method, String path, Object body) {
    return control(installationSecretKey, method, path, body);
  }

  /** A control call with the given merchant's key. */
  Response control(String secretKey, String method, String path, Object body) {
    String text = body instanceof String s ? s : json(body);
    return send(
        HttpRequest.newBuilder(URI.create(base + path))
            .header("Authorization", basic(secretKey))
            .header("Content-Type", "application/json")
            .method(
                method,
                text.isEmpty()
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(text)),
        new String[0],
        Duration.ofSeconds(30));
  }

  private Response send(HttpRequest.Builder builder, String[] headers, Duration timeout) {
    for (int i = 0; i < headers.length; i += 2) {
      builder.header(headers[i], headers[i + 1]);
    }
    try {
      HttpResponse<byte[]> response =
          client.send(builder.timeout(timeout).build(), HttpResponse.BodyHandlers.ofByteArray());
      return new Response(response.statusCode(), response.headers(), response.body());
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  // ---- fixtures

  static Map<String, Object> card(String customerKey, String cardNumber) {
    return Map.of(
        "customerKey",
        customerKey,
        "cardNumber",
        cardNumber,
        "cardExpirationYear",
        "29",
        "cardExpirationMonth",
        "12",
        "customerIdentityNumber",
        "900101");
  }

  /** Registers a card through the card API and returns the billing key. */
  String billingKey(String secretKey, String customerKey, String cardNumber) {
    Response response =
        post(secretKey, "/v1/billing/authorizations/card", card(customerKey, cardNumber));
    if (response.status() != 200) {
      throw new IllegalStateException("card registration failed: " + response.body());
    }
    return response.json().get("billingKey").asString();
  }

  static Map<String, Object> charge(String customerKey, long amount, String orderId) {
    return Map.of(
        "customerKey", customerKey, "amount", amount, "orderId", orderId, "orderName", "토스 프라임 구독");
  }

  static String orderId() {
    return "order-" + UUID.randomUUID().toString().replace("-", "").substring(0, 16);
  }
}
