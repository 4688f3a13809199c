package io.tossbill.toss;

import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Client of the TossPayments billing API. Thread-safe; build one per secret key and share it.
 *
 * <p>A charge never throws for a decline or an unknown result: it answers a sealed {@link
 * ChargeOutcome} classified by Toss's error code ({@link ErrorCategory}). It throws {@link
 * TossApiException} only for integration mistakes that a retry cannot fix. The client does not
 * retry by itself: the caller owns the {@link IdempotencyKey} and decides when to try again.
 */
public final class TossClient implements AutoCloseable {

  /** Toss's production API host. */
  public static final URI DEFAULT_BASE_URI = URI.create("https://api.tosspayments.com");

  /** Toss: "자동결제 승인은 최대 60초가 소요됩니다. 타임아웃 값을 최소 60초로 설정하세요." */
  static final Duration MINIMUM_CHARGE_READ_TIMEOUT = Duration.ofSeconds(60);

  static final String TRACE_ID_HEADER = "X-TossPayments-Trace-Id";

  private static final Logger log = LoggerFactory.getLogger(TossClient.class);

  /** Cancel errors after which the same cancel will not succeed; other codes are read back. */
  private static final Set<String> CANCEL_REFUSALS =
      Set.of(
          "NOT_CANCELABLE_AMOUNT",
          "NOT_CANCELABLE_PAYMENT",
          "EXCEED_MAX_REFUND_DUE",
          "EXCEED_MAX_REFUND_AMOUNT",
          "NOT_ALLOWED_PARTIAL_REFUND",
          "NOT_ALLOWED_PARTIAL_REFUND_WAITING_DEPOSIT",
          "REFUND_REJECTED",
          "EXCEED_CANCEL_LIMIT",
          "EXCEED_CANCEL_AMOUNT_DISCOUNT_AMOUNT",
          "NOT_CANCELABLE_PAYMENT_FOR_DORMANT_USER",
          "NOT_SUPPORTED_REFUND",
          "INVALID_REFUND_AMOUNT",
          "NOT_FOUND_PAYMENT");

  /**
   * Cancel errors that describe the payment's state rather than refuse the request (§7.3): an
   * earlier attempt of this very cancel may be what canceled it, so the caller reads it back.
   */
  private static final Set<String> CANCEL_STATE_CODES =
      Set.of("ALREADY_CANCELED_PAYMENT", "ALREADY_REFUND_PAYMENT", "NOT_MATCHES_REFUNDABLE_AMOUNT");

  private final String authorization;
  private final String base;
  private final Duration readTimeout;
  private final Duration chargeReadTimeout;
  private final @Nullable String acceptLanguage;
  private final HttpClient http;
  private final boolean ownsHttpClient;

  private TossClient(Builder builder) {
    this.authorization = basicAuthorization(builder.secretKey);
    this.base = baseOf(builder.baseUri);
    this.readTimeout = positive(builder.readTimeout, "readTimeout");
    this.chargeReadTimeout = positive(builder.chargeReadTimeout, "chargeReadTimeout");
    positive(builder.connectTimeout, "connectTimeout");
    this.acceptLanguage =
        builder.acceptLanguage == null || builder.acceptLanguage.isBlank()
            ? null
            : builder.acceptLanguage.strip();
    if (acceptLanguage != null) {
      // fail at startup rather than on the first charge
      HttpRequest.newBuilder().header("Accept-Language", acceptLanguage);
    }
    if (builder.httpClient != null) {
      this.http = builder.httpClient;
      this.ownsHttpClient = false;
    } else {
      this.http =
          HttpClient.newBuilder()
              .version(HttpClient.Version.HTTP_1_1)
              .connectTimeout(builder.connectTimeout)
              .followRedirects(HttpClient.Redirect.NEVER)
              .build();
      this.ownsHttpClient = true;
    }
    if (chargeReadTimeout.compareTo(MINIMUM_CHARGE_READ_TIMEOUT) < 0) {
      log.warn(
          "Toss charge read timeout is {} ms; Toss asks for at least 60 s, so shorter timeouts"
              + " turn slow approvals into unknown outcomes",
          chargeReadTimeout.toMillis());
    }
  }

  public static Builder builder() {
    return new Builder();
  }

  /** {@code POST /v1/billing/authorizations/issue}: one-time authKey to billing key. */
  public Billing issueBillingKey(
      String authKey, String customerKey, IdempotencyKey idempotencyKey) {
    requireText(authKey, "authKey");
    requireText(customerKey, "customerKey");
    Objects.requireNonNull(idempotencyKey, "idempotencyKey");
    Map<String, String> body = new LinkedHashMap<>();
    body.put("authKey", authKey);
    body.put("customerKey", customerKey);
    String path = "/v1/billing/authorizations/issue";
    return issue(send("POST", path, path, TossJson.write(body), idempotencyKey, readTimeout));
  }

  /** {@code POST /v1/billing/authorizations/card}: card data to billing key (special contract). */
  public Billing issueBillingKeyWithCard(
      CardBillingRequest request, IdempotencyKey idempotencyKey) {
    Objects.requireNonNull(request, "request");
    Objects.requireNonNull(idempotencyKey, "idempotencyKey");
    String path = "/v1/billing/authorizations/card";
    return issue(send("POST", path, path, TossJson.write(request), idempotencyKey, readTimeout));
  }

  /** {@code POST /v1/billing/{billingKey}}: never throws for a decline or an unknown result. */
  public ChargeOutcome charge(
      String billingKey, ChargeRequest request, IdempotencyKey idempotencyKey) {
    requireText(billingKey, "billingKey");
    Objects.requireNonNull(request, "request");
    Objects.requireNonNull(idempotencyKey, "idempotencyKey");
    Exchange exchange =
        send(
            "POST",
            "/v1/billing/" + segment(billingKey),
            "/v1/billing/" + mask(billingKey),
            TossJson.write(request),
            idempotencyKey,
            chargeReadTimeout);
    return switch (exchange) {
      case Failed failed ->
          new ChargeOutcome.Unknown(
              failed.reason(chargeReadTimeout)
                  + "; read the payment back by orderId "
                  + request.orderId()
                  + " before retrying with the same Idempotency-Key",
              null);
      case Answered answered when answered.isSuccess() -> approved(answered, request);
      case Answered answered -> chargeError(answered, request);
    };
  }

  /** {@code GET /v1/payments/{paymentKey}}; empty on 404 NOT_FOUND_PAYMENT. */
  public Optional<Payment> findPayment(String paymentKey) {
    requireText(paymentKey, "paymentKey");
    String path = "/v1/payments/" + segment(paymentKey);
    return lookup(send("GET", path, path, null, null, readTimeout));
  }

  /** {@code GET /v1/payments/orders/{orderId}}; empty on 404 NOT_FOUND_PAYMENT. */
  public Optional<Payment> findPaymentByOrderId(String orderId) {
    requireText(orderId, "orderId");
    String path = "/v1/payments/orders/" + segment(orderId);
    return lookup(send("GET", path, path, null, null, readTimeout));
  }

  /** {@code POST /v1/payments/{paymentKey}/cancel}: full when the request has no amount. */
  public CancelOutcome cancel(
      String paymentKey, CancelRequest request, IdempotencyKey idempotencyKey) {
    requireText(paymentKey, "paymentKey");
    Objects.requireNonNull(request, "request");
    Objects.requireNonNull(idempotencyKey, "idempotencyKey");
    String path = "/v1/payments/" + segment(paymentKey) + "/cancel";
    Exchange exchange =
        send("POST", path, path, TossJson.write(request), idempotencyKey, readTimeout);
    return switch (exchange) {
      case Failed failed ->
          new CancelOutcome.Unknown(
              failed.reason(readTimeout)
                  + "; read the payment back before retrying with the same Idempotency-Key",
              null);
      case Answered answered when answered.isSuccess() -> canceled(answered, paymentKey, request);
      case Answered answered -> cancelError(answered);
    };
  }

  /** {@code DELETE /v1/billing/{billingKey}}. */
  public void deleteBillingKey(String billingKey) {
    requireText(billingKey, "billingKey");
    // Toss documents Idempotency-Key for POST only; a DELETE is idempotent by itself.
    Exchange exchange =
        send(
            "DELETE",
            "/v1/billing/" + segment(billingKey),
            "/v1/billing/" + mask(billingKey),
            null,
            null,
            readTimeout);
    Answered answered = answeredOrThrow(exchange, readTimeout);
    if (!answered.isSuccess()) {
      throw errorException(answered);
    }
  }

  /** Closes the HTTP client this client built; one passed to the builder is left to its owner. */
  @Override
  public void close() {
    if (ownsHttpClient) {
      http.close();
    }
  }

  /** Shows where the client points, never the key. */
  @Override
  public String toString() {
    return "TossClient[" + base + "]";
  }

  private ChargeOutcome approved(Answered answered, ChargeRequest request) {
    Payment payment = TossJson.readPayment(answered.body());
    if (payment == null) {
      return new ChargeOutcome.Unknown(
          "Toss answered HTTP "
              + answered.status()
              + " but the body is not a readable Payment"
              + answered.trace()
              + "; read the payment back by orderId "
              + request.orderId(),
          null);
    }
    if (!payment.orderId().equals(request.orderId()) || payment.totalAmount() != request.amount()) {
      // Toss replays the first answer for a reused Idempotency-Key whatever the new body says
      // (toss-api.md §6), so this is another charge's payment, not proof that this one happened.
      log.warn(
          "Toss answered a charge of orderId {} with the payment of orderId {} ({} won instead"
              + " of {}): an Idempotency-Key was reused for a different charge",
          request.orderId(),
          payment.orderId(),
          payment.totalAmount(),
          request.amount());
      return new ChargeOutcome.Unknown(
          "Toss answered with the payment of orderId "
              + payment.orderId()
              + " ("
              + payment.totalAmount()
              + " won), not of the requested orderId "
              + request.orderId()
              + " ("
              + request.amount()
              + " won): the Idempotency-Key was used"
              + " before for another charge on this billing key, so Toss replayed that answer"
              + answered.trace()
              + "; use one Idempotency-Key per orderId",
          null);
    }
    if (payment.status() != PaymentStatus.DONE) {
      return new ChargeOutcome.Unknown(
          "Toss answered HTTP "
              + answered.status()
              + " with a payment in status "
              + payment.status()
              + " instead of DONE"
              + answered.trace()
              + "; read the payment back by orderId "
              + request.orderId(),
          null);
    }
    return new ChargeOutcome.Approved(payment);
  }

  private ChargeOutcome chargeError(Answered answered, ChargeRequest request) {
    String readBack =
        "; read the payment back by orderId "
            + request.orderId()
            + " before retrying with the same Idempotency-Key";
    TossError error = TossJson.readError(answered.body());
    if (error == null) {
      return new ChargeOutcome.Unknown(
          "Toss answered HTTP "
              + answered.status()
              + " without a readable error body"
              + answered.trace()
              + readBack,
          null,
          answered.status());
    }
    String what =
        "HTTP "
            + answered.status()
            + " "
            + error.code()
            + " ("
            + error.message()
            + ")"
            + answered.trace();
    if (answered.status() == 429) {
      return new ChargeOutcome.Unknown(
          "Toss is rate limiting: " + what + readBack, error, answered.status());
    }
    if (answered.status() >= 500) {
      return new ChargeOutcome.Unknown("Toss failed: " + what + readBack, error, answered.status());
    }
    ErrorCategory category = ErrorCategory.of(error.code());
    return switch (category) {
      case HARD_DECLINE -> new ChargeOutcome.Declined(error, DeclineKind.HARD);
      case SOFT_DECLINE -> new ChargeOutcome.Declined(error, DeclineKind.SOFT);
      case INTEGRATION ->
          throw new TossApiException(answered.status(), error, hint(error, answered));
      case TRANSIENT ->
          new ChargeOutcome.Unknown(
              "Toss or the card company had a transient error: " + what + readBack,
              error,
              answered.status());
      case UNCERTAIN ->
          new ChargeOutcome.Unknown(
              "Toss says the order may already be in progress or done: " + what + readBack,
              error,
              answered.status());
      case UNKNOWN_CODE -> {
        log.warn(
            "Toss answered a charge with an error code this client does not know: HTTP {} {};"
                + " treated as unknown, add it to ErrorCategory",
            answered.status(),
            error.code());
        yield new ChargeOutcome.Unknown(
            "Toss answered with an error code this client does not classify: " + what + readBack,
            error,
            answered.status());
      }
    };
  }

  private CancelOutcome canceled(Answered answered, String paymentKey, CancelRequest request) {
    Payment payment = TossJson.readPayment(answered.body());
    if (payment == null) {
      return new CancelOutcome.Unknown(
          "Toss answered HTTP "
              + answered.status()
              + " but the body is not a readable Payment"
              + answered.trace()
              + "; read the payment back",
          null);
    }
    String mismatch = cancelMismatch(payment, paymentKey, request);
    if (mismatch != null) {
      // Toss replays the first answer for a reused Idempotency-Key on the same URL whatever the
      // new body says (toss-api.md §6), so this may be an earlier cancel's answer, not this one's.
      log.warn(
          "Toss answered a cancel of payment {} with a payment that does not show it ({}):"
              + " an Idempotency-Key may have been reused for a different cancel",
          paymentKey,
          mismatch);
      return new CancelOutcome.Unknown(
          "Toss answered HTTP "
              + answered.status()
              + " but "
              + mismatch
              + answered.trace()
              + ": the Idempotency-Key may have been used before for another cancel of"
              + " this payment, so Toss replayed that answer; read the payment back, and use one"
              + " Idempotency-Key per cancel",
          null);
    }
    return new CancelOutcome.Canceled(payment);
  }

  /** Why the payment does not show the requested cancel, or null when it does. */
  private static @Nullable String cancelMismatch(
      Payment payment, String paymentKey, CancelRequest request) {
    if (!payment.paymentKey().equals(paymentKey)) {
      return "the payment is " + payment.paymentKey() + ", not the one canceled";
    }
    Long amount = request.cancelAmount();
    if (amount == null) {
      return payment.status() == PaymentStatus.CANCELED && payment.balanceAmount() == 0
          ? null
          : "the payment is "
              + payment.status()
              + " with a balance of "
              + payment.balanceAmount()
              + " won, not CANCELED with 0 won left";
    }
    List<Payment.Cancel> cancels = payment.cancelsOrEmpty();
    if (cancels.isEmpty()) {
      return "the payment has no cancels, not one of " + amount + " won";
    }
    long newest = cancels.getLast().cancelAmount();
    return newest == amount
        ? null
        : "its newest cancel is of " + newest + " won, not of the requested " + amount + " won";
  }

  private CancelOutcome cancelError(Answered answered) {
    String readBack = "; read the payment back before retrying with the same Idempotency-Key";
    TossError error = TossJson.readError(answered.body());
    if (error == null) {
      return new CancelOutcome.Unknown(
          "Toss answered HTTP "
              + answered.status()
              + " without a readable error body"
              + answered.trace()
              + readBack,
          null);
    }
    String what =
        "HTTP "
            + answered.status()
            + " "
            + error.code()
            + " ("
            + error.message()
            + ")"
            + answered.trace();
    if (answered.status() == 429 || answered.status() >= 500) {
      return new CancelOutcome.Unknown("Toss could not cancel now: " + what + readBack, error);
    }
    if (CANCEL_STATE_CODES.contains(error.code())) {
      return new CancelOutcome.Unknown(
          "Toss says the payment's cancel state does not allow this"
              + " cancel: "
              + what
              + "; an earlier attempt of this cancel may have gone through, read"
              + " the payment back",
          error);
    }
    if (CANCEL_REFUSALS.contains(error.code())) {
      return new CancelOutcome.Refused(error);
    }
    if (ErrorCategory.of(error.code()) == ErrorCategory.INTEGRATION) {
      throw new TossApiException(answered.status(), error, hint(error, answered));
    }
    return new CancelOutcome.Unknown("Toss did not cancel: " + what + readBack, error);
  }

  private Billing issue(Exchange exchange) {
    Answered answered = answeredOrThrow(exchange, readTimeout);
    if (!answered.isSuccess()) {
      throw errorException(answered);
    }
    Billing billing = TossJson.readBilling(answered.body());
    if (billing == null) {
      throw new TossCommunicationException(
          "Toss answered HTTP "
              + answered.status()
              + " but the body is not a readable Billing"
              + answered.trace()
              + "; retrying with the same Idempotency-Key replays the answer");
    }
    return billing;
  }

  private Optional<Payment> lookup(Exchange exchange) {
    Answered answered = answeredOrThrow(exchange, readTimeout);
    if (answered.isSuccess()) {
      Payment payment = TossJson.readPayment(answered.body());
      if (payment == null) {
        throw new TossCommunicationException(
            "Toss answered HTTP "
                + answered.status()
                + " but the body is not a readable Payment"
                + answered.trace());
      }
      return Optional.of(payment);
    }
    TossError error = TossJson.readError(answered.body());
    // Only Toss's own "no such payment" is an answer; a bare 404 (wrong base URI, proxy) is not,
    // because reading it as "never charged" would make the caller charge again.
    if (answered.status() == 404 && error != null && error.code().equals("NOT_FOUND_PAYMENT")) {
      return Optional.empty();
    }
    throw errorException(answered);
  }

  /** The exception for an error answer outside charge and cancel. */
  private TossException errorException(Answered answered) {
    TossError error = TossJson.readError(answered.body());
    if (error == null) {
      return new TossCommunicationException(
          "Toss answered HTTP "
              + answered.status()
              + " without a readable error body"
              + answered.trace()
              + (answered.status() == 404 ? "; check the base URI " + base : ""));
    }
    ErrorCategory category = ErrorCategory.of(error.code());
    if (answered.status() == 429
        || answered.status() >= 500
        || category == ErrorCategory.TRANSIENT
        || error.code().equals("IDEMPOTENT_REQUEST_PROCESSING")) {
      return new TossCommunicationException(
          "Toss could not answer now: HTTP "
              + answered.status()
              + " "
              + error.code()
              + " ("
              + error.message()
              + ")"
              + answered.trace()
              + "; try again later");
    }
    return new TossApiException(answered.status(), error, hint(error, answered));
  }

  private static String hint(TossError error, Answered answered) {
    String hint = Hints.forCode(error.code());
    return hint.isEmpty() ? answered.trace().strip() : hint + answered.trace();
  }

  private Answered answeredOrThrow(Exchange exchange, Duration timeout) {
    return switch (exchange) {
      case Answered answered -> answered;
      case Failed failed ->
          throw new TossCommunicationException(failed.reason(timeout), failed.cause());
    };
  }

  /** One HTTP exchange; never throws for transport trouble, which becomes {@link Failed}. */
  private Exchange send(
      String method,
      String path,
      String logPath,
      byte @Nullable [] body,
      @Nullable IdempotencyKey idempotencyKey,
      Duration timeout) {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(base + path))
            .timeout(timeout)
            .header("Authorization", authorization)
            .header("Accept", "application/json");
    if (acceptLanguage != null) {
      request.header("Accept-Language", acceptLanguage);
    }
    if (idempotencyKey != null) {
      request.header("Idempotency-Key", idempotencyKey.value());
    }
    if (body != null) {
      request
          .header("Content-Type", "application/json")
          .method(method, HttpRequest.BodyPublishers.ofByteArray(body));
    } else {
      request.method(method, HttpRequest.BodyPublishers.noBody());
    }
    long started = System.nanoTime();
    CompletableFuture<HttpResponse<byte[]>> future =
        http.sendAsync(request.build(), HttpResponse.BodyHandlers.ofByteArray());
    try {
      // HttpRequest.timeout only covers the wait for the response headers; this bounds the body
      // too.
      HttpResponse<byte[]> response = future.get(timeout.toMillis() + 1000, TimeUnit.MILLISECONDS);
      String traceId = response.headers().firstValue(TRACE_ID_HEADER).orElse(null);
      if (log.isDebugEnabled()) {
        log.debug(
            "Toss {} {} -> {} in {} ms, trace id {}",
            method,
            logPath,
            response.statusCode(),
            millisSince(started),
            traceId);
      }
      return new Answered(response.statusCode(), response.body(), traceId);
    } catch (TimeoutException e) {
      future.cancel(true);
      return failed(method, path, logPath, started, FailureKind.TIMEOUT, e);
    } catch (InterruptedException e) {
      future.cancel(true);
      Thread.currentThread().interrupt();
      return failed(method, path, logPath, started, FailureKind.INTERRUPTED, e);
    } catch (ExecutionException | CompletionException e) {
      Throwable cause = e.getCause() == null ? e : e.getCause();
      return failed(method, path, logPath, started, kindOf(cause), cause);
    }
  }

  private Failed failed(
      String method, String path, String logPath, long started, FailureKind kind, Throwable cause) {
    // Transport messages may quote the URI, and the URI of a charge holds the billing key.
    String description = String.valueOf(cause).replace(path, logPath);
    if (log.isDebugEnabled()) {
      log.debug(
          "Toss {} {} -> {} after {} ms: {}",
          method,
          logPath,
          kind,
          millisSince(started),
          description);
    }
    return new Failed(kind, description, cause);
  }

  private static FailureKind kindOf(Throwable cause) {
    for (Throwable t = cause; t != null; t = t.getCause()) {
      if (t instanceof HttpConnectTimeoutException || t instanceof ConnectException) {
        return FailureKind.NOT_SENT;
      }
      if (t instanceof HttpTimeoutException) {
        return FailureKind.TIMEOUT;
      }
    }
    return FailureKind.BROKEN;
  }

  private static long millisSince(long started) {
    return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
  }

  private static String basicAuthorization(@Nullable String secretKey) {
    if (secretKey == null || secretKey.isBlank()) {
      throw new IllegalArgumentException("Toss secretKey must not be blank: set TOSS_SECRET_KEY");
    }
    // Toss's docs warn that a pasted BOM or stray whitespace silently breaks the Basic header.
    if (secretKey
        .chars()
        .anyMatch(c -> Character.isWhitespace(c) || c == '\uFEFF' || Character.isISOControl(c))) {
      throw new IllegalArgumentException(
          "Toss secretKey contains whitespace, a control character or"
              + " a byte-order mark; check how TOSS_SECRET_KEY is set");
    }
    // The trailing colon is the empty password; without it Toss answers
    // INCORRECT_BASIC_AUTH_FORMAT.
    return "Basic "
        + Base64.getEncoder().encodeToString((secretKey + ":").getBytes(StandardCharsets.UTF_8));
  }

  private static String baseOf(URI baseUri) {
    Objects.requireNonNull(baseUri, "baseUri");
    String scheme = baseUri.getScheme();
    if (!baseUri.isAbsolute()
        || !("https".equalsIgnoreCase(scheme) || "http".equalsIgnoreCase(scheme))
        || baseUri.getRawQuery() != null
        || baseUri.getRawFragment() != null) {
      throw new IllegalArgumentException(
          "Toss baseUri must be an absolute http(s) URI without query or fragment, was " + baseUri);
    }
    String text = baseUri.toString();
    while (text.endsWith("/")) {
      text = text.substring(0, text.length() - 1);
    }
    return text;
  }

  private static Duration positive(Duration duration, String name) {
    Objects.requireNonNull(duration, name);
    if (duration.isNegative() || duration.isZero()) {
      throw new IllegalArgumentException(name + " must be positive, was " + duration);
    }
    return duration;
  }

  private static void requireText(@Nullable String value, String name) {
    if (value == null || value.isBlank()) {
      throw new IllegalArgumentException(name + " must not be blank");
    }
  }

  /** A path segment: billing keys are base64 and may hold {@code + / =}. */
  static String segment(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
  }

  /** Enough of a billing key to tell two apart in a log, not enough to charge with. */
  static String mask(String billingKey) {
    return billingKey.length() <= 8 ? "****" : billingKey.substring(0, 4) + "****";
  }

  private enum FailureKind {
    NOT_SENT,
    TIMEOUT,
    BROKEN,
    INTERRUPTED
  }

  private sealed interface Exchange permits Answered, Failed {}

  private record Answered(int status, byte[] body, @Nullable String traceId) implements Exchange {
    boolean isSuccess() {
      return status >= 200 && status < 300;
    }

    String trace() {
      return traceId == null ? "" : " [trace id " + traceId + "]";
    }
  }

  private record Failed(FailureKind kind, String description, Throwable cause) implements Exchange {
    String reason(Duration timeout) {
      return switch (kind) {
        case NOT_SENT ->
            "could not connect to Toss ("
                + description
                + "): the request was never sent,"
                + " so Toss cannot have carried it out";
        case TIMEOUT ->
            "no answer from Toss within "
                + timeout.toMillis()
                + " ms: the request may or"
                + " may not have been carried out";
        case BROKEN ->
            "the connection to Toss failed after the request was sent ("
                + description
                + "): the request may or may not have been carried out";
        case INTERRUPTED ->
            "interrupted while waiting for Toss: the request may or may not have"
                + " been carried out";
      };
    }
  }

  /** Settings of a client; only the secret key is required. */
  public static final class Builder {
    @Nullable String secretKey;
    URI baseUri = DEFAULT_BASE_URI;
    Duration connectTimeout = Duration.ofSeconds(5);
    Duration readTimeout = Duration.ofSeconds(30);
    Duration chargeReadTimeout = MINIMUM_CHARGE_READ_TIMEOUT;
    @Nullable String acceptLanguage;
    @Nullable HttpClient httpClient;

    private Builder() {}

    public Builder secretKey(String secretKey) {
      this.secretKey = secretKey;
      return this;
    }

    /**
     * Where Toss is: the real host by default, or a sandbox ({@code
     * http://127.0.0.1:8080/toss-sandbox}).
     */
    public Builder baseUri(URI baseUri) {
      this.baseUri = baseUri;
      return this;
    }

    /** Connect timeout of the HTTP client the builder makes; ignored with {@link #httpClient}. */
    public Builder connectTimeout(Duration connectTimeout) {
      this.connectTimeout = connectTimeout;
      return this;
    }

    /** Read timeout of lookups, cancels and key calls. */
    public Builder readTimeout(Duration readTimeout) {
      this.readTimeout = readTimeout;
      return this;
    }

    /**
     * Read timeout of a charge; Toss asks for at least 60 s, which is the default. Shorter values
     * (for tests) are accepted with a warning.
     */
    public Builder chargeReadTimeout(Duration chargeReadTimeout) {
      this.chargeReadTimeout = chargeReadTimeout;
      return this;
    }

    /** {@code ko-KR} (Toss's default) or {@code en-US}. */
    public Builder acceptLanguage(@Nullable String acceptLanguage) {
      this.acceptLanguage = acceptLanguage;
      return this;
    }

    /** An HTTP client to use instead of the one the builder makes; its owner closes it. */
    public Builder httpClient(HttpClient httpClient) {
      this.httpClient = httpClient;
      return this;
    }

    public TossClient build() {
      return new TossClient(this);
    }
  }
}
