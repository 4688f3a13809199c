package io.tossbill.security;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;

/**
 * 401 and 403 as RFC 9457 problem details in the same shape as every other refusal ({@code title} =
 * code, {@code detail}, {@code code}, {@code message_ko}, {@code message_en}).
 */
final class SecurityProblems {

  private SecurityProblems() {}

  static void unauthorized(HttpServletRequest request, HttpServletResponse response)
      throws IOException {
    response.setHeader("WWW-Authenticate", "Bearer");
    write(
        request,
        response,
        HttpStatus.UNAUTHORIZED,
        "UNAUTHORIZED",
        "API 키가 필요합니다. Authorization: Bearer <API 키> 헤더로 유효한 키를 보내 주세요.",
        "An API key is required: send a valid key as 'Authorization: Bearer <api key>'.");
  }

  static void forbidden(HttpServletRequest request, HttpServletResponse response)
      throws IOException {
    write(
        request,
        response,
        HttpStatus.FORBIDDEN,
        "FORBIDDEN",
        "이 API 키로는 이 요청을 할 수 없습니다. 관리자 키가 필요합니다.",
        "This API key may not make this request: it needs an admin key.");
  }

  private static void write(
      HttpServletRequest request,
      HttpServletResponse response,
      HttpStatus status,
      String code,
      String ko,
      String en)
      throws IOException {
    if (response.isCommitted()) {
      return;
    }
    // Korean first: English only when the caller asks for it.
    String acceptLanguage = request.getHeader("Accept-Language");
    boolean english = acceptLanguage != null && "en".equals(request.getLocale().getLanguage());
    String body =
        "{"
            + "\"type\":\"about:blank\","
            + "\"title\":"
            + json(code)
            + ","
            + "\"status\":"
            + status.value()
            + ","
            + "\"detail\":"
            + json(english ? en : ko)
            + ","
            + "\"instance\":"
            + json(request.getRequestURI())
            + ","
            + "\"code\":"
            + json(code)
            + ","
            + "\"message_ko\":"
            + json(ko)
            + ","
            + "\"message_en\":"
            + json(en)
            + "}";
    response.setStatus(status.value());
    response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
    response.setCharacterEncoding(StandardCharsets.UTF_8.name());
    response.getWriter().write(body);
    response.getWriter().flush();
  }

  static String json(String value) {
    StringBuilder out = new StringBuilder(value.length() + 2).append('"');
    for (char c : value.toCharArray()) {
      switch (c) {
        case '"' -> out.append("\\\"");
        case '\\' -> out.append("\\\\");
        case '\n' -> out.append("\\n");
        case '\r' -> out.append("\\r");
        case '\t' -> out.append("\\t");
        default -> {
          if (c < 0x20) {
            out.append(String.format("\\u%04x", (int) c));
          } else {
            out.append(c);
          }
        }
      }
    }
    return out.append('"').toString();
  }
}
