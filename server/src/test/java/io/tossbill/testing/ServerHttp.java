package io.tossbill.testing;

import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A server as tests and benchmarks reach it over HTTP, all on 127.0.0.1: the merchant API with the
 * test admin key, the sandbox's card window (as a browser would submit it) and the sandbox's
 * controls and ledger. Every call has a timeout.
 */
public final class ServerHttp {

  public static final String ADMIN_KEY = "tb_test_admin_key";
  private static final String SANDBOX_CLIENT_KEY = TestSandbox.CLIENT_KEY;
  private static final Duration TIMEOUT = Duration.ofSeconds(60);
  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static final Pattern HIDDEN =
      Pattern.compile("<input type=\"hidden\" name=\"([^\"]+)\" value=\"([^\"]*)\">");
  private static final Pattern ACTION =
      Pattern.compile("<form method=\"post\" action=\"([^\"]+)\"");

  private final String base;
  private final HttpClient http =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(10))
          .followRedirects(HttpClient.Redirect.NEVER)
          .build();

  public ServerHttp(int port) {
    this.base = "http://127.0.0.1:" + port;
  }

  /** An admin API call that must answer 200 or 201; its JSON body. */
  public JsonNode api(String method, String path, @Nullable String body) {
    HttpResponse<String> response =
        send(
            HttpRequest.newBuilder(URI.create(base + path))
                .timeout(TIMEOUT)
                .header("Authorization", "Bearer " + ADMIN_KEY)
                .header("Content-Type", "application/json")
                .method(
                    method,
                    body == null
                        ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body))
                .build());
    if (response.statusCode() != 200 && response.statusCode() != 201) {
      throw new IllegalStateException(
          method + " " + path + " answered " + response.statusCode() + ": " + response.body());
    }
    return JSON.readTree(response.body());
  }

  /**
   * Registers a card in the sandbox's window for this customerKey, as the subscriber's browser
   * would: opens the window page, submits the form, and returns the authKey from the successUrl
   * redirect.
   */
  public String authorizeCardInWindow(String customerKey, String cardNumber) {
    String query =
        form(
            Map.of(
                "clientKey",
                SANDBOX_CLIENT_KEY,
                "customerKey",
                customerKey,
                "successUrl",
                base + "/billing/success",
                "failUrl",
                base + "/billing/fail"));
    HttpResponse<String> page =
        send(
            HttpRequest.newBuilder(
                    URI.create(base + "/toss-sandbox/_sandbox/billing-auth?" + query))
                .timeout(TIMEOUT)
                .build());
    if (page.statusCode() != 200) {
      throw new IllegalStateException("card window answered " + page.statusCode());
    }
    Map<String, String> fields = new LinkedHashMap<>();
    Matcher hidden = HIDDEN.matcher(page.body());
    while (hidden.find()) {
      fields.put(hidden.group(1), unescape(hidden.group(2)));
    }
    Matcher action = ACTION.matcher(page.body());
    if (!action.find()) {
      throw new IllegalStateException("no form in the card window");
    }
    fields.put("cardNumber", cardNumber);
    fields.put("expiry", "12/45");
    fields.put("identity", "900101");
    fields.put("agree", "true");
    fields.put("action", "register");
    HttpResponse<String> submitted =
        send(
            HttpRequest.newBuilder(URI.create(base + unescape(action.group(1))))
                .timeout(TIMEOUT)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form(fields)))
                .build());
    if (submitted.statusCode() != 303) {
      throw new IllegalStateException("card window submit answered " + submitted.statusCode());
    }
    URI success = URI.create(submitted.headers().firstValue("Location").orElseThrow());
    Map<String, String> params =
        Arrays.stream(success.getRawQuery().split("&"))
            .map(p -> p.split("=", 2))
            .collect(
                Collectors.toMap(p -> p[0], p -> URLDecoder.decode(p[1], StandardCharsets.UTF_8)));
    if (!customerKey.equals(params.get("customerKey")) || params.get("authKey") == null) {
      throw new IllegalStateException("card window redirected to " + success);
    }
    return params.get("authKey");
  }

  /** {@code PUT /toss-sandbox/_sandbox/latency}: a fixed latency, or none for 0. */
  public void sandboxLatency(int fixedMillis) {
    String body =
        fixedMillis == 0
            ? "{\"mode\":\"none\"}"
            : "{\"mode\":\"fixed\",\"fixedMillis\":" + fixedMillis + "}";
    HttpResponse<String> response =
        send(
            HttpRequest.newBuilder(URI.create(base + "/toss-sandbox/_sandbox/latency"))
                .timeout(TIMEOUT)
                .header("Authorization", TestSandbox.basicAuth())
                .header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(body))
                .build());
    if (response.statusCode() != 200) {
      throw new IllegalStateException(
          "sandbox latency answered " + response.statusCode() + ": " + response.body());
    }
  }

  /** The sandbox's ledger of the server's merchant: every charge and cancel, oldest first. */
  public JsonNode sandboxLedger() {
    HttpResponse<String> response =
        send(
            HttpRequest.newBuilder(URI.create(base + "/toss-sandbox/_sandbox/ledger"))
                .timeout(TIMEOUT)
                .header("Authorization", TestSandbox.basicAuth())
                .build());
    if (response.statusCode() != 200) {
      throw new IllegalStateException("sandbox ledger answered " + response.statusCode());
    }
    return JSON.readTree(response.body());
  }

  private HttpResponse<String> send(HttpRequest request) {
    try {
      return http.send(request, HttpResponse.BodyHandlers.ofString());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    } catch (java.io.IOException e) {
      throw new IllegalStateException(request.method() + " " + request.uri() + " failed", e);
    }
  }

  private static String form(Map<String, String> fields) {
    return fields.entrySet().stream()
        .map(
            e ->
                URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8)
                    + "="
                    + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
        .collect(Collectors.joining("&"));
  }

  private static String unescape(String html) {
    return html.replace("&amp;", "&")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&lt;", "<")
        .replace("&gt;", ">");
  }
}
