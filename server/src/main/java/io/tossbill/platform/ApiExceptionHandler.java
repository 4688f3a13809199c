package io.tossbill.platform;

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
    return problem(e.status(), e.code(), e.messageKo(), e.messageEn(), locale);
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
            "요청 값이 올바르지 않습니다: " + fields.keySet(),
            "Some fields are invalid: " + fields.keySet(),
            locale);
    problem.setProperty("fields", fields);
    return problem;
  }

  // Not IllegalArgumentException: thrown by our own code it is a bug (500, logged); input is
  // refused
  // with an ApiException that says what is wrong.
  @ExceptionHandler({
    HttpMessageNotReadableException.class,
    MethodArgumentTypeMismatchException.class,
    MissingServletRequestParameterException.class
  })
  ProblemDetail unreadable(Exception e, Locale locale) {
    return problem(
        HttpStatus.BAD_REQUEST,
        "INVALID_REQUEST",
        "요청을 읽을 수 없습니다. 값과 형식을 확인해 주세요.",
        "The request could not be read: check the values and their format.",
        locale);
  }

  @ExceptionHandler(HttpRequestMethodNotSupportedException.class)
  ProblemDetail method(HttpRequestMethodNotSupportedException e, Locale locale) {
    return problem(
        HttpStatus.METHOD_NOT_ALLOWED,
        "METHOD_NOT_ALLOWED",
        "이 주소는 " + e.getMethod() + " 요청을 받지 않습니다.",
        "This address does not accept " + e.getMethod() + ".",
        locale);
  }

  @ExceptionHandler(HttpMediaTypeNotSupportedException.class)
  ProblemDetail mediaType(HttpMediaTypeNotSupportedException e, Locale locale) {
    return problem(
        HttpStatus.UNSUPPORTED_MEDIA_TYPE,
        "UNSUPPORTED_MEDIA_TYPE",
        "JSON(application/json)으로 보내 주세요.",
        "Send the body as application/json.",
        locale);
  }

  @ExceptionHandler(NoResourceFoundException.class)
  ProblemDetail notFound(NoResourceFoundException e, Locale locale) {
    return problem(
        HttpStatus.NOT_FOUND,
        "NOT_FOUND",
        "요청한 주소를 찾을 수 없습니다.",
        "Nothing is at this address.",
        locale);
  }

  @ExceptionHandler(Exception.class)
  ProblemDetail unexpected(Exception e, Locale locale) {
    log.error("Unexpected error", e);
    return problem(
        HttpStatus.INTERNAL_SERVER_ERROR,
        "INTERNAL_ERROR",
        "일시적인 오류가 발생했습니다. 잠시 후 다시 시도해 주세요.",
        "Something went wrong on our side. Try again shortly.",
        locale);
  }

  static ProblemDetail problem(
      HttpStatus status, String code, String ko, String en, Locale locale) {
    boolean english = "en".equals(locale.getLanguage());
    ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, english ? en : ko);
    problem.setTitle(code);
    problem.setProperty("code", code);
    problem.setProperty("message_ko", ko);
    problem.setProperty("message_en", en);
    return problem;
  }
}
