package io.tossbill.sandbox;

import java.util.LinkedHashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;

/**
 * RFC 9457 problem details for every sandbox answer that is not Toss's API: {@code type}, {@code
 * title}, {@code status}, {@code detail}, a stable {@code code} and the {@code instance} path, in
 * Korean unless the request asks for English. Toss's API paths answer in Toss's own {@code {code,
 * message}} shape instead.
 */
final class Problems {

  static final String MEDIA_TYPE = "application/problem+json";

  private Problems() {}

  static Map<String, @Nullable Object> body(
      int status, String code, String detail, Lang lang, @Nullable String instance) {
    Map<String, @Nullable Object> body = new LinkedHashMap<>();
    body.put("type", "about:blank");
    body.put("title", title(status, lang));
    body.put("status", status);
    body.put("detail", detail);
    body.put("code", code);
    if (instance != null) {
      body.put("instance", instance);
    }
    return body;
  }

  static ResponseEntity<byte[]> entity(
      SandboxJson json,
      int status,
      String code,
      String detail,
      Lang lang,
      @Nullable String instance) {
    ResponseEntity.BodyBuilder builder =
        ResponseEntity.status(status)
            .header("X-TossPayments-Trace-Id", Ids.traceId())
            .contentType(MediaType.parseMediaType(MEDIA_TYPE));
    if (status == 401) {
      builder.header(HttpHeaders.WWW_AUTHENTICATE, "Basic realm=\"toss-sandbox\"");
    }
    return builder.body(json.write(body(status, code, detail, lang, instance)));
  }

  static String title(int status, Lang lang) {
    String key = "title." + status;
    return Messages.has(key) ? Messages.get(lang, key) : Messages.get(lang, "title.other");
  }

  /** The stable code of a refusal by status alone (the servlet container's and Spring's own). */
  static String codeOf(int status) {
    return switch (status) {
      case 400 -> "INVALID_REQUEST";
      case 401 -> "UNAUTHORIZED_KEY";
      case 404 -> "NOT_FOUND";
      case 405 -> "METHOD_NOT_ALLOWED";
      case 406 -> "NOT_ACCEPTABLE";
      case 413 -> "BODY_TOO_LARGE";
      case 415 -> "UNSUPPORTED_MEDIA_TYPE";
      case 417 -> "EXPECTATION_FAILED";
      case 501 -> "NOT_IMPLEMENTED";
      default -> status >= 500 ? "INTERNAL_ERROR" : "HTTP_" + status;
    };
  }

  /** The bundle key of the detail for a refusal by status alone. */
  static String messageKeyOf(int status) {
    return switch (status) {
      case 400 -> "http.unreadable";
      case 404 -> "path.notFound";
      case 406 -> "http.notAcceptable";
      case 413 -> "http.other";
      case 415 -> "http.unsupportedMediaType";
      case 417 -> "http.expectation";
      case 501 -> "http.other";
      default -> status >= 500 ? "internal" : "http.other";
    };
  }

  /** Whether a path inside the application is one of Toss's API paths under the base path. */
  static boolean isApiPath(@Nullable String path, String basePath) {
    if (path == null) {
      return false;
    }
    String api = basePath + "/v1";
    return path.equals(api) || path.startsWith(api + "/");
  }
}
