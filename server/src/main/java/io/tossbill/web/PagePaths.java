package io.tossbill.web;

import io.tossbill.platform.ApiPaths;
import jakarta.servlet.http.HttpServletRequest;

/** Which requests are pages (HTML for people) rather than the API, the sandbox or webhooks. */
public final class PagePaths {

  private PagePaths() {}

  public static boolean isPage(HttpServletRequest request) {
    String path = request.getRequestURI().substring(request.getContextPath().length());
    return !ApiPaths.answersJson(path);
  }
}
