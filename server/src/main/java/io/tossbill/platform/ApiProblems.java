package io.tossbill.platform;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;
import org.apache.tomcat.util.http.InvalidParameterException;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;

/**
 * Every refusal of the JSON endpoints in one shape: RFC 9457 problem details whose {@code title}
 * and {@code code} are a stable code for programs and whose {@code detail} (in the caller's
 * language), {@code message_ko} and {@code message_en} come from the API bundle. Also the answer to
 * a bare status, for refusals made before any controller ran (the servlet container, the firewall,
 * the request guards).
 */
public final class ApiProblems {

  public static final String MEDIA_TYPE = "application/problem+json";

  private ApiProblems() {}

  /** A problem whose messages are the bundle's {@code key} with its values. */
  public static ProblemDetail of(
      HttpStatus status, String code, String key, Locale locale, Object... args) {
    return of(
        status,
        code,
        ApiMessages.format(Locale.KOREAN, key, args),
        ApiMessages.format(Locale.ENGLISH, key, args),
        locale);
  }

  /** The problem for a refusal, naming its field when it has one. */
  public static ProblemDetail of(ApiException refusal, Locale locale) {
    ProblemDetail problem =
        of(refusal.status(), refusal.code(), refusal.messageKo(), refusal.messageEn(), locale);
    if (refusal.field() != null) {
      problem.setProperty("field", refusal.field());
    }
    return problem;
  }

  static ProblemDetail of(HttpStatus status, String code, String ko, String en, Locale locale) {
    boolean english = "en".equals(locale.getLanguage());
    ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, english ? en : ko);
    problem.setTitle(code);
    problem.setProperty("code", code);
    problem.setProperty("message_ko", ko);
    problem.setProperty("message_en", en);
    return problem;
  }

  /**
   * The problem for a bare HTTP status (a refusal that carried no reason of its own): {@code
   * method} is named by a 405.
   */
  public static ProblemDetail forStatus(int status, String method, Locale locale) {
    HttpStatus known = HttpStatus.resolve(status);
    if (known == null || status < 400) {
      known = HttpStatus.INTERNAL_SERVER_ERROR;
    }
    return switch (known) {
      case UNAUTHORIZED -> of(known, "UNAUTHORIZED", "api.unauthorized", locale);
      case FORBIDDEN -> of(known, "FORBIDDEN", "api.forbidden", locale);
      case NOT_FOUND -> of(known, "NOT_FOUND", "api.not.found", locale);
      case METHOD_NOT_ALLOWED ->
          of(known, "METHOD_NOT_ALLOWED", "api.method.not.allowed", locale, method);
      case NOT_ACCEPTABLE -> of(known, "NOT_ACCEPTABLE", "api.not.acceptable", locale);
      case CONTENT_TOO_LARGE -> of(known, "CONTENT_TOO_LARGE", "api.content.too.large", locale);
      case UNSUPPORTED_MEDIA_TYPE ->
          of(known, "UNSUPPORTED_MEDIA_TYPE", "api.media.type.unsupported", locale);
      case REQUEST_HEADER_FIELDS_TOO_LARGE ->
          of(known, "HEADERS_TOO_LARGE", "api.headers.too.large", locale);
      case SERVICE_UNAVAILABLE -> of(known, "SERVICE_UNAVAILABLE", "api.unavailable", locale);
      default ->
          known.is4xxClientError()
              ? of(known, known.name(), "api.bad.request", locale)
              : of(
                  HttpStatus.INTERNAL_SERVER_ERROR, "INTERNAL_ERROR", "api.internal.error", locale);
    };
  }

  /**
   * Whether {@code e} says the servlet container could not decode the request's parameters (e.g.
   * {@code ?limit=%zz}): the caller's mistake, a 400.
   */
  public static boolean badlyEncoded(Throwable e) {
    for (Throwable cause = e; cause != null; cause = cause.getCause()) {
      if (cause instanceof InvalidParameterException) {
        return true;
      }
    }
    return false;
  }

  /**
   * The language of a refusal written outside Spring MVC: Korean, unless the caller asks for
   * English first.
   */
  public static Locale language(HttpServletRequest request) {
    return Languages.of(request);
  }

  /** Writes {@code problem} as the whole answer (a filter's refusal); nothing if already sent. */
  public static void send(
      HttpServletRequest request, HttpServletResponse response, ProblemDetail problem)
      throws IOException {
    if (response.isCommitted()) {
      return;
    }
    byte[] body = json(problem, request.getRequestURI());
    response.setStatus(problem.getStatus());
    response.setContentType(MEDIA_TYPE);
    response.setContentLength(body.length);
    response.getOutputStream().write(body);
    response.getOutputStream().flush();
  }

  /** The problem as the bytes of its JSON, for answers written outside Spring MVC. */
  public static byte[] json(ProblemDetail problem, @Nullable String instance) {
    StringBuilder out = new StringBuilder(256).append('{');
    out.append("\"type\":\"about:blank\"");
    out.append(",\"title\":").append(quote(String.valueOf(problem.getTitle())));
    out.append(",\"status\":").append(problem.getStatus());
    out.append(",\"detail\":").append(quote(String.valueOf(problem.getDetail())));
    if (instance != null) {
      out.append(",\"instance\":").append(quote(instance));
    }
    Map<String, @Nullable Object> properties = problem.getProperties();
    if (properties != null) {
      for (Map.Entry<String, @Nullable Object> property : properties.entrySet()) {
        out.append(',')
            .append(quote(property.getKey()))
            .append(':')
            .append(quote(String.valueOf(property.getValue())));
      }
    }
    return out.append('}').toString().getBytes(StandardCharsets.UTF_8);
  }

  private static String quote(String value) {
    StringBuilder out = new StringBuilder(value.length() + 2).append('"');
    for (char c : value.toCharArray()) {
      switch (c) {
        case '"' -> out.append("\\\"");
        case '\\' -> out.append("\\\\");
        case '\n' -> out.append("\\n");
        case '\r' -> out.append("\\r");
        case '\t' -> out.append("\\t");
        default -> {
          if (c < 0x20 || c == 0x2028 || c == 0x2029) {
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
