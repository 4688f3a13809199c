package io.tossbill.web;

import jakarta.servlet.http.HttpServletRequest;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.util.UriComponentsBuilder;

/** What every page's layout needs: links to this page in the other language. */
@ControllerAdvice(annotations = PageController.class)
class PageModel {

  @ModelAttribute("langKo")
  String langKo(HttpServletRequest request) {
    return sameWithLanguage(request, "ko");
  }

  @ModelAttribute("langEn")
  String langEn(HttpServletRequest request) {
    return sameWithLanguage(request, "en");
  }

  /** This page's path and query with {@code lang} replaced (GET pages only; forms go home). */
  static String sameWithLanguage(HttpServletRequest request, String language) {
    String path = request.getRequestURI().substring(request.getContextPath().length());
    UriComponentsBuilder uri =
        "GET".equals(request.getMethod())
            ? UriComponentsBuilder.fromPath(path).query(request.getQueryString())
            : UriComponentsBuilder.fromPath("/");
    return uri.replaceQueryParam("lang", language).build().toUriString();
  }
}
