package io.tossbill.sandbox;

import jakarta.servlet.http.HttpServletRequest;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.TypeMismatchException;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.CacheControl;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.ErrorResponse;
import org.springframework.web.HttpRequestMethodNotSupportedException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.multipart.MultipartException;

/**
 * Error answers of the sandbox's own controllers only; the host application's error handling is
 * left alone. Toss's API paths answer in Toss's {@code {code, message}} shape, everything else
 * (controls, the SDK script) with RFC 9457 problem details. First in order, so a host's catch-all
 * advice never renders the sandbox's errors.
 */
@RestControllerAdvice(annotations = SandboxController.class)
@ConditionalOnBooleanProperty(name = "toss-sandbox.enabled", matchIfMissing = true)
@Order(Ordered.HIGHEST_PRECEDENCE)
class SandboxExceptionHandler {

  private static final Logger log = LoggerFactory.getLogger(SandboxExceptionHandler.class);

  /**
   * Refusals of unreadable requests named rather than imported, so the sandbox needs neither Tomcat
   * nor Spring Security: Tomcat's undecodable query or form parameters, and Spring Security's
   * firewall, which throws when a header value with a non-ASCII byte is read.
   */
  private static final String[] UNREADABLE_REQUEST_TYPES = {
    "org.apache.tomcat.util.http.InvalidParameterException",
    "org.springframework.security.web.firewall.RequestRejectedException"
  };

  private final SandboxJson json;

  SandboxExceptionHandler(SandboxJson json) {
    this.json = json;
  }

  @ExceptionHandler(TossApiException.class)
  ResponseEntity<byte[]> toss(TossApiException e, HttpServletRequest request) {
    return toss(HttpStatus.valueOf(e.error().status()), e.code(), e.error().message(lang(request)));
  }

  @ExceptionHandler(SandboxProblem.class)
  ResponseEntity<byte[]> problem(SandboxProblem e, HttpServletRequest request) {
    Lang lang = lang(request);
    return Problems.entity(json, e.status(), e.code(), e.message(lang), lang, path(request));
  }

  /**
   * Spring MVC's own refusals (wrong method, media type...) keep their 4xx status; a request the
   * container, the host or Spring cannot read (undecodable parameters, a header the host refuses, a
   * broken multipart or form body) is a 400; the rest is a 500.
   */
  @ExceptionHandler(Exception.class)
  ResponseEntity<byte[]> other(
      Exception e, HttpServletRequest request, @Nullable HandlerMethod handler) {
    Lang lang = lang(request);
    boolean api = handler != null && handler.getBeanType() == TossApiController.class;
    if (e instanceof ErrorResponse response && response.getStatusCode().is4xxClientError()) {
      int status = response.getStatusCode().value();
      if (api) {
        ErrorCatalogue.Entry entry =
            ErrorCatalogue.get(status == 404 ? "NOT_FOUND" : "INVALID_REQUEST");
        return toss(HttpStatus.valueOf(status), entry.code(), entry.message(lang));
      }
      String detail =
          e instanceof HttpRequestMethodNotSupportedException notSupported
              ? Messages.get(lang, "http.methodNotAllowed", notSupported.getMethod())
              : Messages.get(lang, Problems.messageKeyOf(status), status);
      return Problems.entity(json, status, Problems.codeOf(status), detail, lang, path(request));
    }
    if (isUnreadableRequest(e)) {
      log.debug("toss-sandbox: unreadable request: {}", e.toString());
      if (request.getRequestURI().endsWith(BillingWindowController.WINDOW_PATH)) {
        return ResponseEntity.status(HttpStatus.BAD_REQUEST)
            .contentType(new MediaType("text", "html", StandardCharsets.UTF_8))
            .cacheControl(CacheControl.noStore())
            .body(WindowPage.problem("요청 주소나 양식을 읽을 수 없습니다.").getBytes(StandardCharsets.UTF_8));
      }
      if (api) {
        ErrorCatalogue.Entry entry = ErrorCatalogue.get("INVALID_REQUEST");
        return toss(HttpStatus.BAD_REQUEST, entry.code(), entry.message(lang));
      }
      return Problems.entity(
          json, 400, "INVALID_REQUEST", Messages.get(lang, "http.unreadable"), lang, path(request));
    }
    log.warn("toss-sandbox: unexpected failure", e);
    if (api) {
      ErrorCatalogue.Entry entry = ErrorCatalogue.get("FAILED_INTERNAL_SYSTEM_PROCESSING");
      return toss(HttpStatus.INTERNAL_SERVER_ERROR, entry.code(), entry.message(lang));
    }
    return Problems.entity(
        json, 500, "INTERNAL_ERROR", Messages.get(lang, "internal"), lang, path(request));
  }

  static boolean isUnreadableRequest(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof HttpMessageNotReadableException
          || t instanceof MultipartException
          || t instanceof TypeMismatchException) {
        return true;
      }
      for (String name : UNREADABLE_REQUEST_TYPES) {
        if (isNamed(t.getClass(), name)) {
          return true;
        }
      }
      if (t.getCause() == t) {
        break;
      }
    }
    return false;
  }

  private static boolean isNamed(@Nullable Class<?> type, String name) {
    for (Class<?> c = type; c != null; c = c.getSuperclass()) {
      if (c.getName().equals(name)) {
        return true;
      }
    }
    return false;
  }

  private static Lang lang(HttpServletRequest request) {
    return Lang.of(request);
  }

  private static String path(HttpServletRequest request) {
    return request.getRequestURI();
  }

  private ResponseEntity<byte[]> toss(HttpStatus status, String code, String message) {
    Map<String, String> body = new LinkedHashMap<>();
    body.put("code", code);
    body.put("message", message);
    return ResponseEntity.status(status)
        .header("X-TossPayments-Trace-Id", Ids.traceId())
        .contentType(MediaType.APPLICATION_JSON)
        .body(json.write(body));
  }
}
