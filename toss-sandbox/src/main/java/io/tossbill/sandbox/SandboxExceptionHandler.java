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
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.multipart.MultipartException;

/**
 * Error answers of the sandbox's own controllers only, in Toss's {@code {code, message}} shape; the
 * host application's error handling is left alone. First in order, so a host's catch-all advice
 * never renders the sandbox's errors.
 */
@RestControllerAdvice(annotations = SandboxController.class)
@ConditionalOnBooleanProperty(name = "toss-sandbox.enabled", matchIfMissing = true)
@Order(Ordered.HIGHEST_PRECEDENCE)
class SandboxExceptionHandler {

  private static final Logger log = LoggerFactory.getLogger(SandboxExceptionHandler.class);

  /**
   * Tomcat's refusal of undecodable query or form parameters, named rather than imported so the
   * sandbox also runs on another servlet container.
   */
  private static final String TOMCAT_INVALID_PARAMETER =
      "org.apache.tomcat.util.http.InvalidParameterException";

  private final SandboxJson json;

  SandboxExceptionHandler(SandboxJson json) {
    this.json = json;
  }

  @ExceptionHandler(TossApiException.class)
  ResponseEntity<byte[]> toss(TossApiException e, HttpServletRequest request) {
    return body(HttpStatus.valueOf(e.error().status()), e.code(), e.error().message(lang(request)));
  }

  @ExceptionHandler(ControlsController.ControlException.class)
  ResponseEntity<byte[]> control(ControlsController.ControlException e) {
    return body(HttpStatus.BAD_REQUEST, "INVALID_REQUEST", e.getMessage());
  }

  /**
   * Spring MVC's own refusals (wrong method, media type...) keep their 4xx status; a request the
   * container or Spring cannot read (undecodable parameters, a broken multipart or form body) is
   * Toss's 400 INVALID_REQUEST; the rest is a 500.
   */
  @ExceptionHandler(Exception.class)
  ResponseEntity<byte[]> other(Exception e, HttpServletRequest request) {
    Lang lang = lang(request);
    if (e instanceof ErrorResponse response && response.getStatusCode().is4xxClientError()) {
      ErrorCatalogue.Entry entry =
          ErrorCatalogue.get(
              response.getStatusCode().value() == 404 ? "NOT_FOUND" : "INVALID_REQUEST");
      return body(
          HttpStatus.valueOf(response.getStatusCode().value()), entry.code(), entry.message(lang));
    }
    if (isUnreadableRequest(e)) {
      log.debug("toss-sandbox: unreadable request: {}", e.toString());
      if (request.getRequestURI().endsWith(BillingWindowController.WINDOW_PATH)) {
        return ResponseEntity.status(HttpStatus.BAD_REQUEST)
            .contentType(new MediaType("text", "html", StandardCharsets.UTF_8))
            .cacheControl(CacheControl.noStore())
            .body(WindowPage.problem("요청 주소나 양식을 읽을 수 없습니다.").getBytes(StandardCharsets.UTF_8));
      }
      ErrorCatalogue.Entry entry = ErrorCatalogue.get("INVALID_REQUEST");
      return body(HttpStatus.BAD_REQUEST, entry.code(), entry.message(lang));
    }
    log.warn("toss-sandbox: unexpected failure", e);
    ErrorCatalogue.Entry entry = ErrorCatalogue.get("FAILED_INTERNAL_SYSTEM_PROCESSING");
    return body(HttpStatus.INTERNAL_SERVER_ERROR, entry.code(), entry.message(lang));
  }

  private static boolean isUnreadableRequest(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof HttpMessageNotReadableException
          || t instanceof MultipartException
          || t instanceof TypeMismatchException
          || isNamed(t.getClass(), TOMCAT_INVALID_PARAMETER)) {
        return true;
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
    return Lang.fromAcceptLanguage(request.getHeader("Accept-Language"));
  }

  private ResponseEntity<byte[]> body(HttpStatus status, String code, String message) {
    Map<String, String> body = new LinkedHashMap<>();
    body.put("code", code);
    body.put("message", message);
    return ResponseEntity.status(status)
        .header("X-TossPayments-Trace-Id", Ids.traceId())
        .contentType(MediaType.APPLICATION_JSON)
        .body(json.write(body));
  }
}
