package io.tossbill.web;

import jakarta.servlet.http.HttpServletRequest;
import java.util.List;

/** Which requests are pages (HTML for people) rather than the API, the sandbox or webhooks. */
public final class PagePaths {

  /** Prefixes served as JSON or by the sandbox: never rendered as a page. */
  static final List<String> NOT_PAGES =
      List.of("/api/", "/actuator", "/toss-sandbox", "/webhooks/", "/v3/api-docs", "/swagger-ui");

  private PagePaths() {}

  public static boolean isPage(HttpServletRequest request) {
    String path = request.getRequestURI().substring(request.getContextPath().length());
    return NOT_PAGES.stream().noneMatch(path::startsWith);
  }
}
