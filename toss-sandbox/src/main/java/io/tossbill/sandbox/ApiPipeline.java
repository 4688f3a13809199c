package io.tossbill.sandbox;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What every Toss API call goes through, in Toss's order: Basic auth, TossPayments-Test-Code,
 * Idempotency-Key, injected latency and faults, the endpoint itself, then the response with its
 * trace id. Responses are written as bytes by the sandbox itself, so replays are byte for byte.
 */
final class ApiPipeline {

  private static final Logger log = LoggerFactory.getLogger(ApiPipeline.class);
  private static final String JSON = "application/json";

  /** Toss's request bodies are a few hundred bytes; anything over this is refused unread. */
  static final int MAX_BODY_BYTES = 1 << 20;

  /** One endpoint's work. */
  @FunctionalInterface
  interface Handler {
    Outcome handle(MerchantState merchant, byte[] body, Lang lang);
  }

  /**
   * An endpoint's answer, how long to hold it before sending it, and what an Idempotency-Key keeps
   * of it for a replay: the body's bytes, or what renders them again (see {@link #rendered}).
   */
  record Outcome(int status, byte[] body, Duration hold, Supplier<byte[]> replay) {
    Outcome(int status, byte[] body, Duration hold) {
      this(status, body, hold, IdempotencyStore.bytes(body));
    }

    static Outcome ok(byte[] body) {
      return new Outcome(200, body, Duration.ZERO);
    }

    /**
     * An answer rendered from values that never change (an immutable payment or billing key as it
     * was answered): the body is rendered now, and a replay renders the same bytes again, so the 15
     * days of replays hold no copy of the JSON.
     */
    static Outcome rendered(int status, Supplier<byte[]> render, Duration hold) {
      return new Outcome(status, render.get(), hold, render);
    }
  }

  private final SandboxState state;
  private final IdempotencyStore idempotency;
  private final SandboxControls controls;
  private final SandboxClock clock;
  private final TossSandboxProperties properties;
  private final SandboxJson json;
  private final Pauses pauses;
  private final List<Map<ErrorCatalogue.Entry, byte[]>> errorBodies =
      Stream.of(Lang.values())
          .<Map<ErrorCatalogue.Entry, byte[]>>map(lang -> new ConcurrentHashMap<>())
          .toList();

  ApiPipeline(
      SandboxState state,
      IdempotencyStore idempotency,
      SandboxControls controls,
      SandboxClock clock,
      TossSandboxProperties properties,
      SandboxJson json,
      Pauses pauses) {
    this.state = state;
    this.idempotency = idempotency;
    this.controls = controls;
    this.clock = clock;
    this.properties = properties;
    this.json = json;
    this.pauses = pauses;
  }

  void run(HttpServletRequest request, HttpServletResponse response, String path, Handler handler) {
    response.setHeader("X-TossPayments-Trace-Id", Ids.traceId());
    Lang lang = Lang.of(request);
    try {
      MerchantState merchant =
          authenticate(Headers.forApi(request, "Authorization", "UNAUTHORIZED_KEY"));
      String secretKey = merchant.secretKey;
      String testCode = Headers.forApi(request, "TossPayments-Test-Code", "INVALID_TEST_CODE");
      if (testCode != null && !testCode.isBlank()) {
        String code = testCode.strip();
        throw new TossApiException(
            ErrorCatalogue.find(code).isPresent() ? code : "INVALID_TEST_CODE");
      }
      IdempotencyStore.Key key = idempotencyKey(request, secretKey, path);
      Instant startedAt = clock.instant();
      if (key != null) {
        switch (idempotency.begin(key, startedAt)) {
          case IdempotencyStore.Replay replay -> {
            write(response, replay.status(), replay.body().get());
            return;
          }
          case IdempotencyStore.InFlight inFlight ->
              throw new TossApiException("IDEMPOTENT_REQUEST_PROCESSING");
          case IdempotencyStore.Started started -> {}
        }
      }
      boolean stored = false;
      @Nullable Outcome outcome = null;
      try {
        pauses.sleep(controls.sampleLatency());
        SandboxControls.Fault fault = controls.rollFault();
        if (fault == SandboxControls.Fault.INTERNAL_ERROR) {
          writeError(response, new TossApiException("FAILED_INTERNAL_SYSTEM_PROCESSING"), lang);
          return;
        }
        if (fault == SandboxControls.Fault.CONNECTION_RESET) {
          abort(response);
          return;
        }
        byte[] body = Headers.body(request, MAX_BODY_BYTES);
        if (body == null) {
          throw new TossApiException("INVALID_REQUEST");
        }
        try {
          outcome = handler.handle(merchant, body, lang);
        } catch (TossApiException e) {
          outcome = new Outcome(e.error().status(), errorBody(e, lang), Duration.ZERO);
        }
        // The charge is in the ledger already; the key stays in flight until the answer is
        // released,
        // because Toss answers a same-key retry with 409 IDEMPOTENT_REQUEST_PROCESSING until then.
        Duration hold =
            fault == SandboxControls.Fault.TIMEOUT_AFTER_CHARGE
                ? max(outcome.hold(), properties.hangDuration())
                : outcome.hold();
        pauses.sleep(hold);
        if (key != null) {
          idempotency.complete(key, startedAt, outcome.status(), outcome.replay());
          stored = true;
        }
        if (fault == SandboxControls.Fault.RESET_AFTER_CHARGE) {
          abort(response);
          return;
        }
        write(response, outcome.status(), outcome.body());
      } finally {
        if (key != null && !stored) {
          if (outcome != null) {
            // the endpoint did its work, so a retry must see its answer even if the hold ended
            // early
            idempotency.complete(key, startedAt, outcome.status(), outcome.replay());
          } else {
            idempotency.abandon(key);
          }
        }
      }
    } catch (TossApiException e) {
      writeError(response, e, lang);
    } catch (IOException e) {
      log.debug("client went away during a sandbox API call: {}", e.toString());
    }
  }

  private IdempotencyStore.@Nullable Key idempotencyKey(
      HttpServletRequest request, String secretKey, String path) {
    if (!"POST".equals(request.getMethod())) {
      return null;
    }
    String header = Headers.forApi(request, "Idempotency-Key", "INVALID_IDEMPOTENCY_KEY");
    if (header == null || header.isEmpty()) {
      return null;
    }
    if (header.length() > IdempotencyStore.MAX_KEY_LENGTH
        || !header.chars().allMatch(c -> c >= 0x20 && c < 0x7f)) {
      throw new TossApiException("INVALID_IDEMPOTENCY_KEY");
    }
    return new IdempotencyStore.Key(secretKey, request.getMethod(), path, header);
  }

  /**
   * The merchant of {@code Basic base64(secretKey + ":")}, as Toss checks it.
   *
   * @throws TossApiException UNAUTHORIZED_KEY for a missing header or a key the sandbox does not
   *     know, INCORRECT_BASIC_AUTH_FORMAT when the decoded value has no colon
   */
  MerchantState authenticate(@Nullable String authorization) {
    return state
        .merchant(secretKeyOf(authorization))
        .orElseThrow(() -> new TossApiException("UNAUTHORIZED_KEY"));
  }

  /** The secret key sent in a Basic header, well-formed but not yet known to be anyone's. */
  static String secretKeyOf(@Nullable String authorization) {
    if (authorization == null || !authorization.regionMatches(true, 0, "Basic ", 0, 6)) {
      throw new TossApiException("UNAUTHORIZED_KEY");
    }
    String decoded;
    try {
      decoded =
          new String(
              Base64.getDecoder().decode(authorization.substring(6).strip()),
              StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      throw new TossApiException("UNAUTHORIZED_KEY");
    }
    int colon = decoded.indexOf(':');
    if (colon < 0) {
      throw new TossApiException("INCORRECT_BASIC_AUTH_FORMAT");
    }
    String secretKey = decoded.substring(0, colon);
    if (!TossSandboxKeys.isWellFormedSecretKey(secretKey)) {
      throw new TossApiException("UNAUTHORIZED_KEY");
    }
    return secretKey;
  }

  /**
   * The body of an error: the same for every answer with that code and language, so it is made once
   * and shared by every response and every stored replay of it (never changed once made).
   */
  private byte[] errorBody(TossApiException e, Lang lang) {
    return errorBodies
        .get(lang.ordinal())
        .computeIfAbsent(e.error(), entry -> json.write(Representations.error(entry, lang)));
  }

  private void writeError(HttpServletResponse response, TossApiException e, Lang lang) {
    try {
      write(response, e.error().status(), errorBody(e, lang));
    } catch (IOException io) {
      log.debug("client went away during a sandbox API call: {}", io.toString());
    }
  }

  private static void write(HttpServletResponse response, int status, byte[] body)
      throws IOException {
    response.setStatus(status);
    if (body.length > 0) {
      response.setContentType(JSON);
      response.setCharacterEncoding(StandardCharsets.UTF_8);
    }
    response.setContentLength(body.length);
    OutputStream out = response.getOutputStream();
    out.write(body);
    out.flush();
  }

  /**
   * An abrupt close: the status line and the first bytes of a promised longer body, then the
   * connection is closed, so the client sees a truncated response it cannot use.
   */
  private static void abort(HttpServletResponse response) throws IOException {
    response.setStatus(200);
    response.setContentType(JSON);
    response.setHeader("Connection", "close");
    response.setContentLength(4096);
    OutputStream out = response.getOutputStream();
    out.write("{\"mId\":".getBytes(StandardCharsets.UTF_8));
    out.flush();
  }

  private static Duration max(Duration a, Duration b) {
    return a.compareTo(b) >= 0 ? a : b;
  }
}
