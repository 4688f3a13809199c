package io.tossbill.platform;

import jakarta.servlet.http.HttpServletRequest;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.security.web.firewall.RequestRejectedException;
import org.springframework.web.ErrorResponse;
import org.springframework.web.HttpMediaTypeNotAcceptableException;
import org.springframework.web.HttpMediaTypeNotSupportedException;
import org.springframework.web.HttpRequestMethodNotSupportedException;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.MissingServletRequestParameterException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.servlet.resource.NoResourceFoundException;

/**
 * Turns every failure of the server's JSON endpoints into problem details with a stable {@code
 * code} and messages in Korean and English; never a stack trace. Page controllers render their own
 * errors.
 */
@RestControllerAdvice
@Order(Ordered.LOWEST_PRECEDENCE)
class ApiExceptionHandler {

  private static final Logger log = LoggerFactory.getLogger(ApiExceptionHandler.class);

  @ExceptionHandler(ApiException.class)
  ProblemDetail refused(ApiException e, Locale locale) {
    return ApiProblems.of(e, locale);
  }

  @ExceptionHandler(MethodArgumentNotValidException.class)
  ProblemDetail invalid(MethodArgumentNotValidException e, Locale locale) {
    Map<String, String> fields =
        e.getBindingResult().getFieldErrors().stream()
            .collect(
                Collectors.toMap(
                    f -> f.getField(), f -> String.valueOf(f.getDefaultMessage()), (a, b) -> a));
    ProblemDetail problem =
        problem(
            HttpStatus.BAD_REQUEST,
            "INVALID_REQUEST",
            "api.fields.invalid",
            locale,
            fields.keySet());
    problem.setProperty("fields", fields);
    return problem;
  }

  // Not IllegalArgumentException: thrown by our own code it is a bug (500, logged); input is
  // refused with an ApiException that says what is wrong.
  @ExceptionHandler({
    HttpMessageNotReadableException.class,
    MethodArgumentTypeMismatchException.class,
    MissingServletRequestParameterException.class
  })
  ProblemDetail unreadable(Exception e, Locale locale) {
    return UnreadableRequests.explain(e, locale);
  }

  @ExceptionHandler(HttpRequestMethodNotSupportedException.class)
  ProblemDetail method(HttpRequestMethodNotSupportedException e, Locale locale) {
    return problem(
        HttpStatus.METHOD_NOT_ALLOWED,
        "METHOD_NOT_ALLOWED",
        "api.method.not.allowed",
        locale,
        e.getMethod());
  }

  @ExceptionHandler(HttpMediaTypeNotSupportedException.class)
  ProblemDetail mediaType(HttpMediaTypeNotSupportedException e, Locale locale) {
    return problem(
        HttpStatus.UNSUPPORTED_MEDIA_TYPE,
        "UNSUPPORTED_MEDIA_TYPE",
        "api.media.type.unsupported",
        locale);
  }

  @ExceptionHandler(HttpMediaTypeNotAcceptableException.class)
  ProblemDetail notAcceptable(HttpMediaTypeNotAcceptableException e, Locale locale) {
    return problem(HttpStatus.NOT_ACCEPTABLE, "NOT_ACCEPTABLE", "api.not.acceptable", locale);
  }

  /** A header the firewall will not hand out, read by a controller (the webhook keeps headers). */
  @ExceptionHandler(RequestRejectedException.class)
  ProblemDetail rejected(RequestRejectedException e, Locale locale) {
    return problem(HttpStatus.BAD_REQUEST, "REQUEST_REJECTED", "api.request.rejected", locale);
  }

  @ExceptionHandler(NoResourceFoundException.class)
  ProblemDetail notFound(NoResourceFoundException e, Locale locale) {
    return problem(HttpStatus.NOT_FOUND, "NOT_FOUND", "api.not.found", locale);
  }

  @ExceptionHandler(Exception.class)
  ProblemDetail unexpected(Exception e, HttpServletRequest request, Locale locale) {
    if (ApiProblems.badlyEncoded(e)) {
      return problem(HttpStatus.BAD_REQUEST, "INVALID_REQUEST", "api.request.unreadable", locale);
    }
    // any other refusal Spring MVC names a 4xx for (a missing header, a body too large...)
    if (e instanceof ErrorResponse refusal && refusal.getStatusCode().is4xxClientError()) {
      return ApiProblems.forStatus(refusal.getStatusCode().value(), request.getMethod(), locale);
    }
    log.error("Unexpected error", e);
    return problem(
        HttpStatus.INTERNAL_SERVER_ERROR, "INTERNAL_ERROR", "api.internal.error", locale);
  }

  /** A problem whose messages are the bundle's {@code key} with its values. */
  static ProblemDetail problem(
      HttpStatus status, String code, String key, Locale locale, Object... args) {
    return ApiProblems.of(status, code, key, locale, args);
  }

  static ProblemDetail problem(
      HttpStatus status, String code, String ko, String en, Locale locale) {
    return ApiProblems.of(status, code, ko, en, locale);
  }
}
