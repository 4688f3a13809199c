package io.tossbill.platform;

import jakarta.servlet.http.HttpServletRequest;

/** The path of a request inside this application, as the request guards match it. */
final class RequestPaths {

  private RequestPaths() {}

  static String path(HttpServletRequest request) {
    return request.getRequestURI().substring(request.getContextPath().length());
  }
}
