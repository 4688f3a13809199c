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
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.DatabindException;
import tools.jackson.databind.JsonNode;

/**
 * Test controls under {@code /_sandbox}: latency, faults, ledger, reset, clock, webhook targets,
 * deliveries and merchants. Every control needs a secret key the sandbox issued, sent like the API
 * sends it ({@code Authorization: Basic base64(secretKey + ":")}): a merchant's key reads and
 * resets that merchant's data; settings of the whole sandbox (latency, faults, clock, reset of
 * everything, new merchants) need the installation's key. No GET changes anything. Refusals are RFC
 * 9457 problem details.
 */
@RestController("tossSandboxControlsController")
@ConditionalOnBooleanProperty(name = "toss-sandbox.enabled", matchIfMissing = true)
@SandboxController
class ControlsController {

  /** Control bodies are a few dozen bytes; anything over this is refused unread. */
  static final int MAX_BODY_BYTES = 64 * 1024;

  private static final String FORM = "application/x-www-form-urlencoded";
  private static final Pattern KEY_IN_QUERY =
      Pattern.compile("(^|&)secretKey=", Pattern.CASE_INSENSITIVE);

  private final SandboxState state;
  private final IdempotencyStore idempotency;
  private final SandboxControls controls;
  private final SandboxClock clock;
  private final WebhookDispatcher webhooks;
  private final TossSandboxProperties properties;
  private final SandboxJson json;
  private final ApiPipeline pipeline;

  ControlsController(
      SandboxState state,
      IdempotencyStore idempotency,
      SandboxControls controls,
      SandboxClock clock,
      WebhookDispatcher webhooks,
      TossSandboxProperties properties,
      SandboxJson json,
      ApiPipeline pipeline) {
    this.state = state;
    this.idempotency = idempotency;
    this.controls = controls;
    this.clock = clock;
    this.webhooks = webhooks;
    this.properties = properties;
    this.json = json;
    this.pipeline = pipeline;
  }

  @GetMapping("/_sandbox")
  ResponseEntity<byte[]> overview(HttpServletRequest request) {
    MerchantState merchant = merchant(request);
    Map<String, @Nullable Object> body = new LinkedHashMap<>();
    body.put("mId", merchant.mId);
    body.put("clientKey", merchant.clientKey);
    body.put("installationKey", state.isInstallation(merchant));
    body.put("clock", clockBody());
    body.put("latency", controls.latency());
    body.put("faults", controls.faults());
    if (state.isInstallation(merchant)) {
      body.put("merchants", state.merchants().size());
    }
    body.put("hangDuration", properties.hangDuration().toString());
    body.put("delayedApprovalDuration", properties.delayedApprovalDuration().toString());
    body.put("defaultWebhookUrl", properties.webhookUrl());
    body.put("persistent", properties.dataDir() != null);
    return ok(body);
  }

  /**
   * A new merchant with a random key pair, isolated from every other merchant (tests use one each).
   * The only answer that shows a secret key.
   */
  @PostMapping("/_sandbox/merchants")
  ResponseEntity<byte[]> createMerchant(HttpServletRequest request) {
    installation(request);
    MerchantState merchant = state.createMerchant();
    Map<String, @Nullable Object> body = new LinkedHashMap<>();
    body.put("mId", merchant.mId);
    body.put("clientKey", merchant.clientKey);
    body.put("secretKey", merchant.secretKey);
    return ResponseEntity.status(HttpStatus.CREATED)
        .contentType(MediaType.APPLICATION_JSON)
        .body(json.writePretty(body));
  }

  @GetMapping("/_sandbox/latency")
  ResponseEntity<byte[]> latency(HttpServletRequest request) {
    merchant(request);
    return ok(controls.latency());
  }

  @PutMapping("/_sandbox/latency")
  ResponseEntity<byte[]> setLatency(HttpServletRequest request) {
    installation(request);
    controls.setLatency(read(request, SandboxControls.Latency.class));
    return ok(controls.latency());
  }

  @GetMapping("/_sandbox/faults")
  ResponseEntity<byte[]> faults(HttpServletRequest request) {
    merchant(request);
    return ok(controls.faults());
  }

  @PutMapping("/_sandbox/faults")
  ResponseEntity<byte[]> setFaults(HttpServletRequest request) {
    installation(request);
    controls.setFaults(read(request, SandboxControls.Faults.class));
    return ok(controls.faults());
  }

  @GetMapping("/_sandbox/ledger")
  ResponseEntity<byte[]> ledger(HttpServletRequest request) {
    MerchantState merchant = merchant(request);
    List<Map<String, @Nullable Object>> entries =
        state.ledger(merchant.secretKey).stream()
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

  /**
   * Forgets one merchant's data: billing keys, payments, authKeys, idempotency keys, ledger,
   * deliveries, webhook URL. Its keys stay valid.
   */
  @PostMapping("/_sandbox/reset")
  ResponseEntity<byte[]> reset(HttpServletRequest request) {
    MerchantState merchant = merchant(request);
    state.reset(merchant.secretKey);
    idempotency.reset(merchant.secretKey);
    webhooks.reset(merchant.secretKey);
    return ok(Map.of("reset", merchant.mId));
  }

  /** Forgets every merchant's data and resets latency, faults and the clock; keys stay valid. */
  @PostMapping("/_sandbox/reset/all")
  ResponseEntity<byte[]> resetAll(HttpServletRequest request) {
    installation(request);
    state.reset(null);
    idempotency.reset(null);
    webhooks.reset(null);
    controls.reset();
    clock.reset();
    return ok(Map.of("reset", "all"));
  }

  @GetMapping("/_sandbox/clock")
  ResponseEntity<byte[]> clock(HttpServletRequest request) {
    merchant(request);
    return ok(clockBody());
  }

  /**
   * Body {@code {"duration": "PT1H"}} (ISO-8601) or {@code {"seconds": 3600}}, at most {@link
   * SandboxClock#MAX_MOVE} forward.
   */
  @PostMapping("/_sandbox/clock/advance")
  ResponseEntity<byte[]> advance(HttpServletRequest request) {
    installation(request);
    JsonNode body = readObject(request);
    Duration amount;
    JsonNode duration = body.path("duration");
    JsonNode seconds = body.path("seconds");
    if (duration.isString()) {
      try {
        amount = Duration.parse(duration.asString());
      } catch (DateTimeException | ArithmeticException e) {
        throw SandboxProblem.invalid("clock.duration", duration.asString());
      }
    } else if (seconds.isNumber()) {
      amount = secondsToDuration(seconds);
    } else {
      throw SandboxProblem.invalid("clock.body");
    }
    if (amount.isNegative()) {
      throw SandboxProblem.invalid("clock.negative");
    }
    if (amount.compareTo(SandboxClock.MAX_MOVE) > 0) {
      throw SandboxProblem.invalid("clock.tooFar", SandboxClock.MAX_MOVE.toDays());
    }
    try {
      clock.advance(amount);
    } catch (IllegalArgumentException e) {
      throw outOfRange();
    }
    return ok(clockBody());
  }

  /** Body {@code {"instant": "2026-12-01T09:00:00+09:00"}}. */
  @PostMapping("/_sandbox/clock/set")
  ResponseEntity<byte[]> set(HttpServletRequest request) {
    installation(request);
    JsonNode instant = readObject(request).path("instant");
    if (!instant.isString()) {
      throw SandboxProblem.invalid("clock.instantBody");
    }
    Instant target;
    try {
      target = OffsetDateTime.parse(instant.asString()).toInstant();
    } catch (DateTimeException e) {
      throw SandboxProblem.invalid("clock.instant", instant.asString());
    }
    try {
      clock.set(target);
    } catch (IllegalArgumentException e) {
      throw outOfRange();
    }
    return ok(clockBody());
  }

  private static SandboxProblem outOfRange() {
    return SandboxProblem.invalid(
        "clock.range", SandboxClock.EARLIEST.toString(), SandboxClock.LATEST.toString());
  }

  /** A number of seconds (fractions down to the millisecond) within the clock's largest move. */
  private static Duration secondsToDuration(JsonNode seconds) {
    double value = seconds.doubleValue();
    if (!Double.isFinite(value) || value < 0 || value > SandboxClock.MAX_MOVE.getSeconds()) {
      throw SandboxProblem.invalid(
          "clock.seconds",
          SandboxClock.MAX_MOVE.getSeconds(),
          SandboxClock.MAX_MOVE.toDays(),
          seconds.asString());
    }
    return Duration.ofMillis(Math.round(value * 1000));
  }

  @PostMapping("/_sandbox/clock/reset")
  ResponseEntity<byte[]> resetClock(HttpServletRequest request) {
    installation(request);
    clock.reset();
    return ok(clockBody());
  }

  @GetMapping("/_sandbox/webhook")
  ResponseEntity<byte[]> webhook(HttpServletRequest request) {
    return ok(webhookBody(merchant(request)));
  }

  /** Body {@code {"url": "http://127.0.0.1:8080/webhooks/toss"}}. */
  @PutMapping("/_sandbox/webhook")
  ResponseEntity<byte[]> setWebhook(HttpServletRequest request) {
    MerchantState merchant = merchant(request);
    JsonNode url = readObject(request).path("url");
    if (!url.isString() || !BillingWindowController.isAbsoluteHttpUrl(url.asString())) {
      throw SandboxProblem.invalid("webhook.url");
    }
    merchant.webhookUrl = url.asString();
    state.changed();
    return ok(webhookBody(merchant));
  }

  @DeleteMapping("/_sandbox/webhook")
  ResponseEntity<byte[]> removeWebhook(HttpServletRequest request) {
    MerchantState merchant = merchant(request);
    merchant.webhookUrl = null;
    state.changed();
    return ok(webhookBody(merchant));
  }

  @GetMapping("/_sandbox/webhooks/deliveries")
  ResponseEntity<byte[]> deliveries(HttpServletRequest request) {
    MerchantState merchant = merchant(request);
    List<Map<String, @Nullable Object>> list =
        webhooks.deliveries(merchant.secretKey).stream()
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
    return ok(idempotency.describe(merchant(request), clock.instant()));
  }

  @GetMapping("/_sandbox/test-cards")
  ResponseEntity<byte[]> testCards(HttpServletRequest request) {
    merchant(request);
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

  /**
   * The merchant whose secret key the request sends by Basic auth.
   *
   * @throws SandboxProblem 400 when the key is in the URL, 401 UNAUTHORIZED_KEY without a key the
   *     sandbox knows
   */
  private MerchantState merchant(HttpServletRequest request) {
    String query = request.getQueryString();
    if (query != null && KEY_IN_QUERY.matcher(query).find()) {
      throw SandboxProblem.invalid("auth.keyInUrl");
    }
    String authorization = Headers.lenient(request, "Authorization");
    if (authorization == null || authorization.isBlank()) {
      throw new SandboxProblem(401, "UNAUTHORIZED_KEY", "auth.missing");
    }
    try {
      return pipeline.authenticate(authorization);
    } catch (TossApiException e) {
      throw new SandboxProblem(401, "UNAUTHORIZED_KEY", "auth.unknown");
    }
  }

  /**
   * The installation's merchant, for settings of the whole sandbox.
   *
   * @throws SandboxProblem 403 INSTALLATION_KEY_REQUIRED for another merchant's key
   */
  private MerchantState installation(HttpServletRequest request) {
    MerchantState merchant = merchant(request);
    if (!state.isInstallation(merchant)) {
      throw new SandboxProblem(403, "INSTALLATION_KEY_REQUIRED", "auth.installation");
    }
    return merchant;
  }

  /** The body as a JSON object; anything else (nothing, null, an array, broken JSON) is a 400. */
  private JsonNode readObject(HttpServletRequest request) {
    byte[] body;
    try {
      body = Headers.body(request, MAX_BODY_BYTES);
    } catch (IOException e) {
      throw SandboxProblem.invalid("http.unreadable");
    }
    if (body == null) {
      throw new SandboxProblem(413, "BODY_TOO_LARGE", "body.tooLarge", MAX_BODY_BYTES);
    }
    if (body.length == 0) {
      String contentType = Headers.contentType(request);
      if (contentType != null && contentType.toLowerCase(Locale.ROOT).startsWith(FORM)) {
        // a mounted sandbox: the host's form filter read the body as form fields
        throw SandboxProblem.invalid("body.form", FORM);
      }
      throw SandboxProblem.invalid("body.required");
    }
    JsonNode node;
    try {
      node = json.readTree(body);
    } catch (JacksonException e) {
      throw SandboxProblem.invalid("body.malformed");
    }
    if (node == null || node.isMissingNode() || node.isNull()) {
      throw SandboxProblem.invalid("body.required");
    }
    if (!node.isObject()) {
      throw SandboxProblem.invalid("body.object");
    }
    return node;
  }

  /** The body as a settings record; a wrong field names the field, a bad value says why. */
  private <T> T read(HttpServletRequest request, Class<T> type) {
    JsonNode node = readObject(request);
    try {
      return json.convert(node, type);
    } catch (JacksonException e) {
      for (Throwable t = e; t != null && t.getCause() != t; t = t.getCause()) {
        if (t instanceof SandboxProblem problem) {
          throw problem;
        }
      }
      String field =
          e instanceof DatabindException bad
              ? bad.getPath().stream()
                  .map(
                      r ->
                          r.getPropertyName() != null
                              ? r.getPropertyName()
                              : "[" + r.getIndex() + "]")
                  .collect(Collectors.joining("."))
              : "";
      throw SandboxProblem.invalid("body.field", field.isEmpty() ? "?" : field);
    }
  }

  private ResponseEntity<byte[]> ok(Object body) {
    return ResponseEntity.ok().contentType(MediaType.APPLICATION_JSON).body(json.writePretty(body));
  }
}
