package io.tossbill.web;

import io.tossbill.platform.Languages;
import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.webmvc.error.ErrorController;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.servlet.ModelAndView;

/**
 * The error path, where the servlet container forwards what went wrong outside a controller (an
 * unknown path, a request the firewall refused, a {@code sendError}): the error page for pages,
 * problem details (or the sandbox's shape) for the JSON endpoints. Replaces Spring Boot's, which
 * answers with its own JSON or a whitelabel page.
 */
@Controller
class ErrorPageController implements ErrorController {

  private final ErrorAnswers answers;

  ErrorPageController(ErrorAnswers answers) {
    this.answers = answers;
  }

  @RequestMapping("${server.error.path:${error.path:/error}}")
  @Nullable ModelAndView error(HttpServletRequest request, HttpServletResponse response)
      throws IOException {
    int status =
        request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE) instanceof Integer code
            ? code
            : HttpStatus.INTERNAL_SERVER_ERROR.value();
    if (status < 400) {
      status = HttpStatus.INTERNAL_SERVER_ERROR.value();
    }
    String uri =
        request.getAttribute(RequestDispatcher.ERROR_REQUEST_URI) instanceof String original
            ? original.substring(Math.min(original.length(), request.getContextPath().length()))
            : null;
    if (ErrorAnswers.isPage(uri)) {
      ModelAndView page = new ModelAndView("error");
      page.setStatus(HttpStatusCode.valueOf(status));
      page.addObject("status", status);
      return page;
    }
    ErrorAnswers.Answer answer =
        answers.json(status, uri, request.getMethod(), Languages.of(request));
    response.setStatus(status);
    response.setContentType(answer.contentType());
    response.setContentLength(answer.body().length);
    response.getOutputStream().write(answer.body());
    return null;
  }
}
