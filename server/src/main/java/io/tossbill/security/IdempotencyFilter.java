package io.tossbill.security;

import io.tossbill.platform.ApiException;
import io.tossbill.platform.ApiProblems;
import io.tossbill.platform.BodyTooLargeException;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Optional;
import java.util.regex.Pattern;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.util.ContentCachingResponseWrapper;

/**
 * {@code Idempotency-Key} on the merchant API's POSTs, with Stripe's semantics. The first request
 * with a key (per API key) claims it in PostgreSQL and runs; its answer (any status below 500) is
 * kept and replayed, status, body and {@code Location}, to a later request with the same key and
 * the same request (method, path, query and body), marked {@code Idempotent-Replayed: true}. The
 * same key with another request is refused (422 {@code IDEMPOTENCY_KEY_REUSED}); a request while
 * the first still runs gets 409 {@code IDEMPOTENCY_KEY_IN_USE}. A 5xx keeps nothing, so a retry
 * runs again; so does a request whose node died, once its lease has passed. Keys are kept for
 * {@code tossbill.security.idempotency.retention} (24 hours by default).
 */
final class IdempotencyFilter extends OncePerRequestFilter {

  /** Built once: Spring's default concatenates the name on every request. */
  private static final String FILTERED =
      IdempotencyFilter.class.getName() + ALREADY_FILTERED_SUFFIX;

  static final String HEADER = "Idempotency-Key";
  static final String REPLAYED = "Idempotent-Replayed";
  private static final Pattern VALID = Pattern.compile("[\\x21-\\x7e]{1,255}");

  private final IdempotencyStore store;
  private final SecurityModuleProperties.Idempotency settings;
  private final Clock clock;

  IdempotencyFilter(
      IdempotencyStore store, SecurityModuleProperties.Idempotency settings, Clock clock) {
    this.store = store;
    this.settings = settings;
    this.clock = clock;
  }

  @Override
  protected String getAlreadyFilteredAttributeName() {
    return FILTERED;
  }

  @Override
  protected boolean shouldNotFilter(HttpServletRequest request) {
    return !"POST".equals(request.getMethod()) || request.getHeader(HEADER) == null;
  }

  @Override
  protected void doFilterInternal(
      HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws ServletException, IOException {
    Optional<Long> caller = apiKeyId();
    if (caller.isEmpty()) {
      chain.doFilter(request, response);
      return;
    }
    long apiKeyId = caller.get();
    String key = request.getHeader(HEADER);
    if (!VALID.matcher(key).matches()) {
      refuse(
          request,
          response,
          ApiException.badRequest("INVALID_IDEMPOTENCY_KEY", "api.INVALID_IDEMPOTENCY_KEY", 255));
      return;
    }
    byte[] body;
    try {
      body = request.getInputStream().readAllBytes();
    } catch (BodyTooLargeException tooLarge) {
      ApiProblems.send(request, response, tooLarge.problem(ApiProblems.language(request)));
      return;
    }
    String fingerprint = fingerprint(request, body);

    Instant now = clock.instant();
    boolean owner =
        store.claim(
            apiKeyId,
            key,
            fingerprint,
            now,
            now.plus(settings.lease()),
            now.plus(settings.retention()));
    if (!owner && store.deleteIfExpired(apiKeyId, key, now)) {
      owner =
          store.claim(
              apiKeyId,
              key,
              fingerprint,
              now,
              now.plus(settings.lease()),
              now.plus(settings.retention()));
    }
    if (!owner) {
      Optional<IdempotencyStore.Stored> stored = store.find(apiKeyId, key);
      if (stored.isEmpty()) {
        // released by a failed first request a moment ago: this one may try again
        refuse(request, response, inUse());
        return;
      }
      IdempotencyStore.Stored first = stored.get();
      if (!first.fingerprint().equals(fingerprint)) {
        refuse(
            request,
            response,
            new ApiException(
                HttpStatus.UNPROCESSABLE_CONTENT,
                "IDEMPOTENCY_KEY_REUSED",
                "api.IDEMPOTENCY_KEY_REUSED"));
        return;
      }
      if (first.done() && first.answer() != null) {
        replay(response, first.answer());
        return;
      }
      if (!store.takeOver(apiKeyId, key, fingerprint, now, now.plus(settings.lease()))) {
        refuse(request, response, inUse());
        return;
      }
    }
    run(new CachedBody(request, body), response, chain, apiKeyId, key);
  }

  private void run(
      HttpServletRequest request,
      HttpServletResponse response,
      FilterChain chain,
      long apiKeyId,
      String key)
      throws ServletException, IOException {
    ContentCachingResponseWrapper answer = new ContentCachingResponseWrapper(response);
    boolean kept = false;
    try {
      chain.doFilter(request, answer);
      if (answer.getStatus() < 500) {
        store.done(
            apiKeyId,
            key,
            new IdempotencyStore.Answer(
                answer.getStatus(),
                answer.getContentType(),
                answer.getHeader("Location"),
                answer.getContentAsByteArray()));
        kept = true;
      }
    } finally {
      if (!kept) {
        store.release(apiKeyId, key);
      }
      answer.copyBodyToResponse();
    }
  }

  private static void replay(HttpServletResponse response, IdempotencyStore.Answer answer)
      throws IOException {
    response.setStatus(answer.status());
    if (answer.contentType() != null) {
      response.setContentType(answer.contentType());
    }
    if (answer.location() != null) {
      response.setHeader("Location", answer.location());
    }
    response.setHeader(REPLAYED, "true");
    response.setContentLength(answer.body().length);
    response.getOutputStream().write(answer.body());
  }

  private static ApiException inUse() {
    return ApiException.conflict("IDEMPOTENCY_KEY_IN_USE", "api.IDEMPOTENCY_KEY_IN_USE");
  }

  private static void refuse(
      HttpServletRequest request, HttpServletResponse response, ApiException refusal)
      throws IOException {
    ApiProblems.send(
        request, response, ApiProblems.of(refusal.field(HEADER), ApiProblems.language(request)));
  }

  /** The API key that calls: idempotency keys are kept per API key. */
  private static Optional<Long> apiKeyId() {
    Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
    return authentication != null && authentication.getPrincipal() instanceof ApiKeyPrincipal key
        ? Optional.of(key.keyId())
        : Optional.empty();
  }

  /** The request as Stripe compares it: method, path, query and the body's bytes. */
  static String fingerprint(HttpServletRequest request, byte[] body) {
    try {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      sha.update(request.getMethod().getBytes(StandardCharsets.UTF_8));
      sha.update((byte) ' ');
      sha.update(request.getRequestURI().getBytes(StandardCharsets.UTF_8));
      sha.update((byte) '?');
      String query = request.getQueryString();
      sha.update((query == null ? "" : query).getBytes(StandardCharsets.UTF_8));
      sha.update((byte) '\n');
      sha.update(body);
      return HexFormat.of().formatHex(sha.digest());
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
    }
  }

  /** The request with its body read once, readable again by the controller. */
  private static final class CachedBody extends HttpServletRequestWrapper {

    private final byte[] body;

    CachedBody(HttpServletRequest request, byte[] body) {
      super(request);
      this.body = body;
    }

    @Override
    public ServletInputStream getInputStream() {
      ByteArrayInputStream in = new ByteArrayInputStream(body);
      return new ServletInputStream() {
        @Override
        public int read() {
          return in.read();
        }

        @Override
        public int read(byte[] buffer, int offset, int length) {
          return in.read(buffer, offset, length);
        }

        @Override
        public boolean isFinished() {
          return in.available() == 0;
        }

        @Override
        public boolean isReady() {
          return true;
        }

        @Override
        public void setReadListener(ReadListener listener) {
          throw new UnsupportedOperationException("the body is already read");
        }
      };
    }

    @Override
    public int getContentLength() {
      return body.length;
    }

    @Override
    public long getContentLengthLong() {
      return body.length;
    }
  }
}
