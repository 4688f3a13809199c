package io.tossbill.sandbox;

import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.io.InputStream;
import org.jspecify.annotations.Nullable;

/**
 * Reading a request defensively. A host may refuse to hand out a header value (Spring Security's
 * firewall throws for a value with a non-ASCII byte, when the value is read), and a body may be of
 * any size: neither may turn into a 500.
 */
final class Headers {

  private Headers() {}

  /** The header's value; one the host refuses to hand out counts as absent. */
  static @Nullable String lenient(HttpServletRequest request, String name) {
    try {
      return request.getHeader(name);
    } catch (RuntimeException e) {
      return null;
    }
  }

  /**
   * The header's value for Toss's API.
   *
   * @throws TossApiException with {@code codeIfUnreadable} when the host refuses to hand it out
   */
  static @Nullable String forApi(HttpServletRequest request, String name, String codeIfUnreadable) {
    try {
      return request.getHeader(name);
    } catch (RuntimeException e) {
      throw new TossApiException(codeIfUnreadable);
    }
  }

  /** The request's content type; one the host refuses to hand out counts as absent. */
  static @Nullable String contentType(HttpServletRequest request) {
    try {
      return request.getContentType();
    } catch (RuntimeException e) {
      return null;
    }
  }

  /** The whole body, or null when it is longer than {@code maxBytes}; nothing more is read. */
  static byte @Nullable [] body(HttpServletRequest request, int maxBytes) throws IOException {
    try (InputStream in = request.getInputStream()) {
      byte[] body = in.readNBytes(maxBytes + 1);
      return body.length > maxBytes ? null : body;
    }
  }
}
