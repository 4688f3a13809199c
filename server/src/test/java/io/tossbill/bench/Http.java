package io.tossbill.bench;

import java.io.IOException;
import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * HTTP to processes a benchmark started, all on 127.0.0.1: a server node's merchant API (admin API
 * key), and a standalone Toss sandbox (Toss's paths at the root; its card window as a browser
 * submits it, its controls and ledger with the installation's secret key). Every call has a
 * timeout.
 */
final class Http {

  static final JsonMapper JSON = JsonMapper.builder().build();
  private static final Duration TIMEOUT = Duration.ofSeconds(60);
  private static final Pattern HIDDEN =
      Pattern.compile("<input type=\"hidden\" name=\"([^\"]+)\" value=\"([^\"]*)\">");
  private static final Pattern ACTION =
      Pattern.compile("<form method=\"post\" action=\"([^\"]+)\"");

  private final HttpClient http =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(10))
          .followRedirects(HttpClient.Redirect.NEVER)
          .build();

  private final String adminKey;
  private final String sandboxBase;
  private final String sandboxSecretKey;
  private final String sandboxClientKey;

  Http(String adminKey, int sandboxPort, String sandboxSecretKey, String sandboxClientKey) {
    this.adminKey = adminKey;
    this.sandboxBase = "http://127.0.0.1:" + sandboxPort;
    this.sandboxSecretKey = sandboxSecretKey;
    this.sandboxClientKey = sandboxClientKey;
  }

  /** An admin API call to a node that must answer 200 or 201; its JSON body. */
  JsonNode api(int port, String method, String path, String body) {
    HttpResponse<String> response =
        send(
            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(TIMEOUT)
                .header("Authorization", "Bearer " + adminKey)
                .header("Content-Type", "application/json")
                .method(
                    method,
                    body == null
                        ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body)));
    if (response.statusCode() != 200 && response.statusCode() != 201) {
      throw new IllegalStateException(
          method + " " + path + " answered " + response.statusCode() + ": " + response.body());
    }
    return JSON.readTree(response.body());
  }

  /** A GET without credentials: its status, or -1 when nothing answers. */
  int status(String url) {
    try {
      return http.send(
              HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(5)).build(),
              HttpResponse.BodyHandlers.discarding())
          .statusCode();
    } catch (IOException e) {
      return -1;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** A GET whose redirect is not followed: {Location, the Cookie header to send back}. */
  String[] redirect(String url) {
    HttpResponse<String> response = send(HttpRequest.newBuilder(URI.create(url)).timeout(TIMEOUT));
    String location = response.headers().firstValue("Location").orElseThrow();
    String cookie =
        response.headers().allValues("Set-Cookie").stream()
            .map(c -> c.split(";", 2)[0])
            .collect(Collectors.joining("; "));
    return new String[] {location, cookie};
  }

  /**
   * Registers a card in the sandbox's window for this customerKey, as the subscriber's browser
   * would: opens the window page, submits the form, returns the authKey of the success redirect.
   */
  String authorizeCardInWindow(String customerKey, String cardNumber) {
    String query =
        form(
            Map.of(
                "clientKey",
                sandboxClientKey,
                "customerKey",
                customerKey,
                "successUrl",
                "http://127.0.0.1/billing/success",
                "failUrl",
                "http://127.0.0.1/billing/fail"));
    HttpResponse<String> page =
        send(
            HttpRequest.newBuilder(URI.create(sandboxBase + "/_sandbox/billing-auth?" + query))
                .timeout(TIMEOUT));
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
            HttpRequest.newBuilder(URI.create(sandboxBase + unescape(action.group(1))))
                .timeout(TIMEOUT)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form(fields))));
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

  /** {@code PUT /_sandbox/latency}: a fixed latency of every /v1 call, or none for 0. */
  void sandboxLatency(int fixedMillis) {
    String body =
        fixedMillis == 0
            ? "{\"mode\":\"none\"}"
            : "{\"mode\":\"fixed\",\"fixedMillis\":" + fixedMillis + "}";
    sandbox("PUT", "/_sandbox/latency", body);
  }

  /** The sandbox's ledger of the installation's merchant: every charge and cancel. */
  JsonNode sandboxLedger() {
    return JSON.readTree(sandbox("GET", "/_sandbox/ledger", null));
  }

  /** Whether the sandbox answers its controls with the installation's key. */
  boolean sandboxUp() {
    try {
      sandbox("GET", "/_sandbox", null);
      return true;
    } catch (IllegalStateException e) {
      return false;
    }
  }

  private String sandbox(String method, String path, String body) {
    HttpResponse<String> response =
        send(
            HttpRequest.newBuilder(URI.create(sandboxBase + path))
                .timeout(TIMEOUT)
                .header(
                    "Authorization",
                    "Basic "
                        + Base64.getEncoder()
                            .encodeToString(
                                (sandboxSecretKey + ":").getBytes(StandardCharsets.UTF_8)))
                .header("Content-Type", "application/json")
                .method(
                    method,
                    body == null
                        ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body)));
    if (response.statusCode() != 200) {
      throw new IllegalStateException(
          "sandbox " + method + " " + path + " answered " + response.statusCode());
    }
    return response.body();
  }

  private HttpResponse<String> send(HttpRequest.Builder request) {
    HttpRequest built = request.build();
    try {
      return http.send(built, HttpResponse.BodyHandlers.ofString());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    } catch (IOException e) {
      throw new IllegalStateException(built.method() + " " + built.uri() + " failed", e);
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
