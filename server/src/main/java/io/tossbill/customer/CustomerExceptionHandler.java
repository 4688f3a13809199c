package io.tossbill.customer;

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
    String ko = "토스페이먼츠가 응답하지 않습니다. 잠시 후 다시 시도해 주세요.";
    String en = "TossPayments did not answer. Try again shortly.";
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
