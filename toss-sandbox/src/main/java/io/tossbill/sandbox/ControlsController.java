package io.tossbill.sandbox;

import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.core.JacksonException;

/**
 * Test controls under {@code /_sandbox}: latency, faults, ledger, reset, clock, webhook targets and
 * deliveries. A merchant is named by {@code ?secretKey=} or by the API's Basic auth header.
 */
@RestController("tossSandboxControlsController")
@ConditionalOnBooleanProperty(name = "toss-sandbox.enabled", matchIfMissing = true)
@SandboxController
class ControlsController {

  private static final String FORM = "application/x-www-form-urlencoded";

  private final SandboxState state;
  private final IdempotencyStore idempotency;
  private final SandboxControls controls;
  private final SandboxClock clock;
  private final WebhookDispatcher webhooks;
  private final TossSandboxProperties properties;
  private final SandboxJson json;

  ControlsController(
      SandboxState state,
      IdempotencyStore idempotency,
      SandboxControls controls,
      SandboxClock clock,
      WebhookDispatcher webhooks,
      TossSandboxProperties properties,
      SandboxJson json) {
    this.state = state;
    this.idempotency = idempotency;
    this.controls = controls;
    this.clock = clock;
    this.webhooks = webhooks;
    this.properties = properties;
    this.json = json;
  }

  /** A control request the sandbox cannot carry out; answered 400 with code INVALID_REQUEST. */
  static final class ControlException extends RuntimeException {
    ControlException(String message) {
      super(message, null, false, false);
    }
  }

  @GetMapping("/_sandbox")
  ResponseEntity<byte[]> overview() {
    Map<String, @Nullable Object> body = new LinkedHashMap<>();
    body.put("clock", clockBody());
    body.put("latency", controls.latency());
    body.put("faults", controls.faults());
    body.put("merchants", state.merchants().size());
    body.put("hangDuration", properties.hangDuration().toString());
    body.put("delayedApprovalDuration", properties.delayedApprovalDuration().toString());
    body.put("defaultWebhookUrl", properties.webhookUrl());
    body.put("persistent", properties.dataDir() != null);
    return ok(body);
  }

  @GetMapping("/_sandbox/latency")
  ResponseEntity<byte[]> latency() {
    return ok(controls.latency());
  }

  @PutMapping("/_sandbox/latency")
  ResponseEntity<byte[]> setLatency(HttpServletRequest request) {
    controls.setLatency(read(request, SandboxControls.Latency.class));
    return ok(controls.latency());
  }

  @GetMapping("/_sandbox/faults")
  ResponseEntity<byte[]> faults() {
    return ok(controls.faults());
  }

  @PutMapping("/_sandbox/faults")
  ResponseEntity<byte[]> setFaults(HttpServletRequest request) {
    controls.setFaults(read(request, SandboxControls.Faults.class));
    return ok(controls.faults());
  }

  @GetMapping("/_sandbox/ledger")
  ResponseEntity<byte[]> ledger(HttpServletRequest request) {
    List<Map<String, @Nullable Object>> entries =
        state.ledger(merchantKey(request)).stream()
            .map(
                e -> {
                  Map<String, @Nullable Object> entry = new LinkedHashMap<>();
                  entry.put("sequence", e.sequence());
                  entry.put("type", e.type());
                  entry.put("mId", e.mId());
                  entry.put("at", Times.api(e.at()));
                  entry.put("paymentKey", e.paymentKey());
                  entry.put("orderId", e.orderId());
                  entry.put("billingKey", e.billingKey());
                  entry.put("customerKey", e.customerKey());
                  entry.put("amount", e.amount());
                  entry.put("status", e.status());
                  entry.put("failureCode", e.failureCode());
                  entry.put("transactionKey", e.transactionKey());
                  entry.put("cancelReason", e.cancelReason());
                  return entry;
                })
            .toList();
    return ok(entries);
  }

  @PostMapping("/_sandbox/reset")
  ResponseEntity<byte[]> reset(HttpServletRequest request) {
    String secretKey = merchantKey(request);
    state.reset(secretKey);
    idempotency.reset(secretKey);
    webhooks.reset(secretKey);
    if (secretKey == null) {
      controls.reset();
      clock.reset();
    }
    return ok(Map.of("reset", secretKey == null ? "all" : MerchantState.mIdOf(secretKey)));
  }

  @GetMapping("/_sandbox/clock")
  ResponseEntity<byte[]> clock() {
    return ok(clockBody());
  }

  /**
   * Body {@code {"duration": "PT1H"}} (ISO-8601) or {@code {"seconds": 3600}}, at most {@link
   * SandboxClock#MAX_MOVE} forward.
   */
  @PostMapping("/_sandbox/clock/advance")
  ResponseEntity<byte[]> advance(HttpServletRequest request) {
    Map<?, ?> body = read(request, Map.class);
    Duration amount;
    if (body.get("duration") instanceof String text) {
      try {
        amount = Duration.parse(text);
      } catch (DateTimeException | ArithmeticException e) {
        throw new ControlException(
            "duration must be ISO-8601 like PT1H or P1DT2H, but was " + text);
      }
    } else if (body.get("seconds") instanceof Number seconds) {
      amount = secondsToDuration(seconds);
    } else {
      throw new ControlException("give {\"duration\": \"PT1H\"} or {\"seconds\": 3600}");
    }
    try {
      clock.advance(amount);
    } catch (IllegalArgumentException e) {
      throw new ControlException(e.getMessage());
    }
    return ok(clockBody());
  }

  /** Body {@code {"instant": "2026-12-01T09:00:00+09:00"}}. */
  @PostMapping("/_sandbox/clock/set")
  ResponseEntity<byte[]> set(HttpServletRequest request) {
    Map<?, ?> body = read(request, Map.class);
    if (!(body.get("instant") instanceof String text)) {
      throw new ControlException("give {\"instant\": \"2026-12-01T09:00:00+09:00\"}");
    }
    Instant target;
    try {
      target = OffsetDateTime.parse(text).toInstant();
    } catch (DateTimeException e) {
      throw new ControlException(
          "instant must be ISO-8601 with an offset, like 2026-12-01T09:00:00+09:00, but was "
              + text);
    }
    try {
      clock.set(target);
    } catch (IllegalArgumentException e) {
      throw new ControlException(e.getMessage());
    }
    return ok(clockBody());
  }

  /** A number of seconds (fractions down to the millisecond) within the clock's largest move. */
  private static Duration secondsToDuration(Number seconds) {
    double value = seconds.doubleValue();
    if (!Double.isFinite(value) || value < 0 || value > SandboxClock.MAX_MOVE.getSeconds()) {
      throw new ControlException(
          "seconds must be a number from 0 to "
              + SandboxClock.MAX_MOVE.getSeconds()
              + " ("
              + SandboxClock.MAX_MOVE.toDays()
              + " days), but was "
              + seconds);
    }
    return Duration.ofMillis(Math.round(value * 1000));
  }

  @PostMapping("/_sandbox/clock/reset")
  ResponseEntity<byte[]> resetClock() {
    clock.reset();
    return ok(clockBody());
  }

  @GetMapping("/_sandbox/webhook")
  ResponseEntity<byte[]> webhook(HttpServletRequest request) {
    MerchantState merchant = state.merchant(requiredMerchantKey(request));
    return ok(webhookBody(merchant));
  }

  /** Body {@code {"url": "http://127.0.0.1:8080/webhooks/toss"}}. */
  @PutMapping("/_sandbox/webhook")
  ResponseEntity<byte[]> setWebhook(HttpServletRequest request) {
    MerchantState merchant = state.merchant(requiredMerchantKey(request));
    Map<?, ?> body = read(request, Map.class);
    if (!(body.get("url") instanceof String url)
        || !BillingWindowController.isAbsoluteHttpUrl(url)) {
      throw new ControlException("give {\"url\": \"http(s)://host/path\"}");
    }
    merchant.webhookUrl = url;
    state.changed();
    return ok(webhookBody(merchant));
  }

  @DeleteMapping("/_sandbox/webhook")
  ResponseEntity<byte[]> removeWebhook(HttpServletRequest request) {
    MerchantState merchant = state.merchant(requiredMerchantKey(request));
    merchant.webhookUrl = null;
    state.changed();
    return ok(webhookBody(merchant));
  }

  @GetMapping("/_sandbox/webhooks/deliveries")
  ResponseEntity<byte[]> deliveries(HttpServletRequest request) {
    List<Map<String, @Nullable Object>> list =
        webhooks.deliveries(merchantKey(request)).stream()
            .map(
                d -> {
                  Map<String, @Nullable Object> entry = new LinkedHashMap<>();
                  entry.put("transmissionId", d.transmissionId());
                  entry.put("mId", d.mId());
                  entry.put("eventType", d.eventType());
                  entry.put("url", d.url());
                  entry.put("status", d.status().name());
                  entry.put("createdAt", Times.api(d.createdAt()));
                  entry.put(
                      "nextAttemptAt",
                      d.nextAttemptAt() == null ? null : Times.api(d.nextAttemptAt()));
                  entry.put(
                      "attempts",
                      d.attempts().stream()
                          .map(
                              a -> {
                                Map<String, @Nullable Object> attempt = new LinkedHashMap<>();
                                attempt.put("retriedCount", a.retriedCount());
                                attempt.put("at", Times.api(a.at()));
                                attempt.put("statusCode", a.statusCode());
                                attempt.put("error", a.error());
                                attempt.put("durationMillis", a.durationMillis());
                                return attempt;
                              })
                          .toList());
                  entry.put(
                      "body", json.read(d.body().getBytes(StandardCharsets.UTF_8), Map.class));
                  return entry;
                })
            .toList();
    return ok(list);
  }

  @GetMapping("/_sandbox/idempotency")
  ResponseEntity<byte[]> idempotencyKeys(HttpServletRequest request) {
    return ok(idempotency.describe(merchantKey(request), clock.instant()));
  }

  @GetMapping("/_sandbox/test-cards")
  ResponseEntity<byte[]> testCards() {
    Map<String, @Nullable Object> body = new LinkedHashMap<>();
    body.put("refusedAtRegistration", new java.util.TreeMap<>(TestCards.REFUSED_AT_REGISTRATION));
    Map<String, String> special = new java.util.TreeMap<>();
    TestCards.SPECIAL.forEach(
        (number, behaviour) ->
            special.put(
                number,
                behaviour.declineCode() != null ? behaviour.declineCode() : behaviour.name()));
    body.put("atCharge", special);
    return ok(body);
  }

  private Map<String, @Nullable Object> clockBody() {
    Instant now = clock.instant();
    Map<String, @Nullable Object> body = new LinkedHashMap<>();
    body.put("now", Times.api(now));
    body.put("instant", now.toString());
    body.put("offset", clock.offset().toString());
    return body;
  }

  private Map<String, @Nullable Object> webhookBody(MerchantState merchant) {
    Map<String, @Nullable Object> body = new LinkedHashMap<>();
    body.put("mId", merchant.mId);
    body.put("url", merchant.webhookUrl);
    body.put(
        "effectiveUrl",
        merchant.webhookUrl != null ? merchant.webhookUrl : properties.webhookUrl());
    return body;
  }

  private String requiredMerchantKey(HttpServletRequest request) {
    String key = merchantKey(request);
    if (key == null) {
      throw new ControlException(
          "name the merchant with ?secretKey=test_sk_... or Basic auth like the API");
    }
    return key;
  }

  private static @Nullable String merchantKey(HttpServletRequest request) {
    String parameter = request.getParameter("secretKey");
    if (parameter != null && !parameter.isBlank()) {
      if (!ApiPipeline.isTestSecretKey(parameter.strip())) {
        throw new ControlException("secretKey must be a test secret key starting with test_sk_");
      }
      return parameter.strip();
    }
    String authorization = request.getHeader("Authorization");
    if (authorization == null) {
      return null;
    }
    try {
      return ApiPipeline.authenticate(authorization);
    } catch (TossApiException e) {
      throw new ControlException("the Authorization header must be Basic base64(test_sk_...:)");
    }
  }

  private <T> T read(HttpServletRequest request, Class<T> type) {
    try {
      byte[] body = request.getInputStream().readAllBytes();
      if (body.length == 0) {
        String contentType = request.getContentType();
        if (contentType != null
            && contentType.toLowerCase(java.util.Locale.ROOT).startsWith(FORM)) {
          // a mounted sandbox: the host's form filter read the body as form fields
          throw new ControlException(
              "send the JSON body with Content-Type: application/json, not " + FORM);
        }
        throw new ControlException("a JSON body is required");
      }
      return json.read(body, type);
    } catch (IOException | JacksonException e) {
      Throwable cause = e.getCause() instanceof IllegalArgumentException ? e.getCause() : e;
      throw new ControlException("cannot read the JSON body: " + firstLine(cause.getMessage()));
    }
  }

  private static String firstLine(@Nullable String message) {
    if (message == null) {
      return "malformed JSON";
    }
    int newline = message.indexOf('\n');
    return newline < 0 ? message : message.substring(0, newline);
  }

  private ResponseEntity<byte[]> ok(Object body) {
    return ResponseEntity.ok().contentType(MediaType.APPLICATION_JSON).body(json.writePretty(body));
  }
}
