package io.tossbill.web;

import io.tossbill.platform.ApiPaths;
import io.tossbill.platform.ApiProblems;
import io.tossbill.sandbox.TossSandboxErrors;
import io.tossbill.sandbox.TossSandboxProperties;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;
import org.springframework.web.util.HtmlUtils;

/**
 * The answer to a refusal that no controller gave (the servlet container's, the firewall's, an
 * unknown path), in the shape of the path it was for: problem details for the JSON endpoints, the
 * sandbox's own shape under the mounted sandbox, a page in the reader's language for everything
 * else. Never a stack trace, never the container's HTML report.
 */
@Component
class ErrorAnswers {

  /** An answer: media type and body. */
  record Answer(String contentType, byte[] body) {}

  private final Messages messages;
  private final @Nullable String sandboxBasePath;

  ErrorAnswers(Messages messages, ObjectProvider<TossSandboxProperties> sandbox) {
    this.messages = messages;
    TossSandboxProperties mounted = sandbox.getIfAvailable();
    this.sandboxBasePath = mounted == null ? null : mounted.basePath();
  }

  /** Whether {@code path} is answered as a page (HTML for people). */
  static boolean isPage(@Nullable String path) {
    return path == null || !ApiPaths.answersJson(path);
  }

  /** The JSON answer to {@code status} for {@code path}, which is not a page. */
  Answer json(int status, @Nullable String path, String method, Locale locale) {
    if (sandboxBasePath != null && TossSandboxErrors.isSandboxPath(path, sandboxBasePath)) {
      TossSandboxErrors.Answer answer =
          TossSandboxErrors.answer(status, path, sandboxBasePath, locale.getLanguage());
      return new Answer(answer.contentType(), answer.body());
    }
    return new Answer(
        ApiProblems.MEDIA_TYPE,
        ApiProblems.json(ApiProblems.forStatus(status, method, locale), path));
  }

  /**
   * A page for a refusal made where no template can be rendered (inside the servlet container): the
   * same words as the error page, without its layout.
   */
  Answer page(int status, Locale locale) {
    String html =
        "<!DOCTYPE html><html lang=\""
            + locale.getLanguage()
            + "\"><head><meta charset=\"utf-8\"><title>"
            + escape(messages.text(locale, "error.title"))
            + "</title></head><body><main><h1>"
            + escape(messages.text(locale, "error.title"))
            + "</h1><p>"
            + escape(messages.text(locale, pageMessageKey(status)))
            + "</p><p>"
            + escape(messages.text(locale, "error.status", status))
            + "</p><p><a href=\"/\">"
            + escape(messages.text(locale, "error.home"))
            + "</a></p></main></body></html>";
    return new Answer("text/html;charset=UTF-8", html.getBytes(StandardCharsets.UTF_8));
  }

  /** The page sentence for {@code status}. */
  static String pageMessageKey(int status) {
    return switch (status) {
      case 403 -> "error.page.403";
      case 404 -> "error.page.404";
      case 405 -> "error.page.405";
      default -> status >= 400 && status < 500 ? "error.page.400" : "error.page.500";
    };
  }

  private static String escape(String text) {
    return HtmlUtils.htmlEscape(text, "UTF-8");
  }
}
