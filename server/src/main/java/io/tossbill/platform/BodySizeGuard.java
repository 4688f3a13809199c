package io.tossbill.platform;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.jspecify.annotations.Nullable;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Refuses a merchant API request body larger than {@code tossbill.api.max-body-bytes} with 413: at
 * once when it says its length, and as soon as the limit is passed when it is sent in chunks (the
 * read then fails, which the API answers as 413 too). Nothing of such a request is handled.
 */
final class BodySizeGuard extends OncePerRequestFilter {

  /** Built once: Spring's default concatenates the name on every request. */
  private static final String FILTERED = BodySizeGuard.class.getName() + ALREADY_FILTERED_SUFFIX;

  private final int maxBytes;

  BodySizeGuard(int maxBytes) {
    this.maxBytes = maxBytes;
  }

  @Override
  protected String getAlreadyFilteredAttributeName() {
    return FILTERED;
  }

  @Override
  protected boolean shouldNotFilter(HttpServletRequest request) {
    return !RequestPaths.path(request).startsWith("/api/");
  }

  @Override
  protected void doFilterInternal(
      HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws ServletException, IOException {
    if (request.getContentLengthLong() > maxBytes) {
      ApiProblems.send(
          request,
          response,
          new BodyTooLargeException(maxBytes).problem(ApiProblems.language(request)));
      return;
    }
    if (hasNoBody(request)) {
      // nothing to count: no wrapper, whose delegation every later read of the request pays
      chain.doFilter(request, response);
      return;
    }
    chain.doFilter(new Limited(request, maxBytes), response);
  }

  /**
   * An HTTP/1.x request without {@code Content-Length} or with 0, and not chunked, has no body (RFC
   * 9112, 6.3): a GET of the API. Any other protocol is counted.
   */
  static boolean hasNoBody(HttpServletRequest request) {
    long length = request.getContentLengthLong();
    if (length > 0) {
      return false;
    }
    String protocol = request.getProtocol();
    return (protocol.equals("HTTP/1.1") || protocol.equals("HTTP/1.0"))
        && request.getHeader("Transfer-Encoding") == null;
  }

  private static final class Limited extends HttpServletRequestWrapper {

    private final int maxBytes;
    private @Nullable ServletInputStream in;

    Limited(HttpServletRequest request, int maxBytes) {
      super(request);
      this.maxBytes = maxBytes;
    }

    @Override
    public ServletInputStream getInputStream() throws IOException {
      if (in == null) {
        in = new Counting(super.getInputStream(), maxBytes);
      }
      return in;
    }
  }

  private static final class Counting extends ServletInputStream {

    private final ServletInputStream in;
    private final int maxBytes;
    private long read;

    Counting(ServletInputStream in, int maxBytes) {
      this.in = in;
      this.maxBytes = maxBytes;
    }

    @Override
    public int read() throws IOException {
      int b = in.read();
      if (b >= 0) {
        count(1);
      }
      return b;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
      int n = in.read(buffer, offset, length);
      if (n > 0) {
        count(n);
      }
      return n;
    }

    private void count(int n) throws IOException {
      read += n;
      if (read > maxBytes) {
        throw new BodyTooLargeException(maxBytes);
      }
    }

    @Override
    public boolean isFinished() {
      return in.isFinished();
    }

    @Override
    public boolean isReady() {
      return in.isReady();
    }

    @Override
    public void setReadListener(ReadListener listener) {
      in.setReadListener(listener);
    }
  }
}
