package io.tossbill.customer;

import io.tossbill.platform.ApiMessages;
import java.util.Locale;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/** Toss not answering is neither the caller's fault nor a crash: 503, try again. */
@RestControllerAdvice(assignableTypes = CustomerController.class)
@Order(Ordered.HIGHEST_PRECEDENCE)
class CustomerExceptionHandler {

  @ExceptionHandler(CardService.TossUnavailableException.class)
  ProblemDetail tossUnavailable(CardService.TossUnavailableException e, Locale locale) {
    String ko = ApiMessages.format(Locale.KOREAN, "api.toss.unavailable");
    String en = ApiMessages.format(Locale.ENGLISH, "api.toss.unavailable");
    ProblemDetail problem =
        ProblemDetail.forStatusAndDetail(
            HttpStatus.SERVICE_UNAVAILABLE, "en".equals(locale.getLanguage()) ? en : ko);
    problem.setTitle("TOSS_UNAVAILABLE");
    problem.setProperty("code", "TOSS_UNAVAILABLE");
    problem.setProperty("message_ko", ko);
    problem.setProperty("message_en", en);
    return problem;
  }
}
