package io.tossbill.sandbox;

import jakarta.servlet.http.HttpServletRequest;
import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.ErrorResponse;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

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

  private final SandboxJson json;

  SandboxExceptionHandler(SandboxJson json) {
    this.json = json;
  }

  @ExceptionHandler(TossApiException.class)
  ResponseEntity<byte[]> toss(TossApiException e, HttpServletRequest request) {
    Lang lang = Lang.fromAcceptLanguage(request.getHeader("Accept-Language"));
    return body(HttpStatus.valueOf(e.error().status()), e.code(), e.error().message(lang));
  }

  @ExceptionHandler(ControlsController.ControlException.class)
  ResponseEntity<byte[]> control(ControlsController.ControlException e) {
    return body(HttpStatus.BAD_REQUEST, "INVALID_REQUEST", e.getMessage());
  }

  /**
   * Spring MVC's own refusals (wrong method, media type...) keep their 4xx status; the rest is a
   * 500.
   */
  @ExceptionHandler(Exception.class)
  ResponseEntity<byte[]> other(Exception e, HttpServletRequest request) {
    if (e instanceof ErrorResponse response && response.getStatusCode().is4xxClientError()) {
      ErrorCatalogue.Entry entry =
          ErrorCatalogue.get(
              response.getStatusCode().value() == 404 ? "NOT_FOUND" : "INVALID_REQUEST");
      Lang lang = Lang.fromAcceptLanguage(request.getHeader("Accept-Language"));
      return body(
          HttpStatus.valueOf(response.getStatusCode().value()), entry.code(), entry.message(lang));
    }
    log.warn("toss-sandbox: unexpected failure", e);
    ErrorCatalogue.Entry entry = ErrorCatalogue.get("FAILED_INTERNAL_SYSTEM_PROCESSING");
    return body(HttpStatus.INTERNAL_SERVER_ERROR, entry.code(), entry.korean());
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
