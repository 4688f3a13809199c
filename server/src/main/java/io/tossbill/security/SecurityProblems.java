package io.tossbill.security;

import io.tossbill.platform.ApiProblems;
import io.tossbill.platform.Languages;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Locale;
import org.springframework.http.HttpStatus;

/**
 * 401 and 403 as RFC 9457 problem details in the same shape as every other refusal ({@code title} =
 * code, {@code detail}, {@code code}, {@code message_ko}, {@code message_en}).
 */
final class SecurityProblems {

  private SecurityProblems() {}

  static void unauthorized(HttpServletRequest request, HttpServletResponse response)
      throws IOException {
    response.setHeader("WWW-Authenticate", "Bearer");
    write(request, response, HttpStatus.UNAUTHORIZED);
  }

  static void forbidden(HttpServletRequest request, HttpServletResponse response)
      throws IOException {
    write(request, response, HttpStatus.FORBIDDEN);
  }

  private static void write(
      HttpServletRequest request, HttpServletResponse response, HttpStatus status)
      throws IOException {
    if (response.isCommitted()) {
      return;
    }
    // Korean first: English only when the caller asks for it.
    Locale locale = Languages.of(request);
    byte[] body =
        ApiProblems.json(
            ApiProblems.forStatus(status.value(), request.getMethod(), locale),
            request.getRequestURI());
    response.setStatus(status.value());
    response.setContentType(ApiProblems.MEDIA_TYPE);
    response.setContentLength(body.length);
    response.getOutputStream().write(body);
    response.getOutputStream().flush();
  }
}
