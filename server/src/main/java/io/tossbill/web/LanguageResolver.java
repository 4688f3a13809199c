package io.tossbill.web;

import io.tossbill.platform.Languages;
import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.util.Locale;
import org.jspecify.annotations.Nullable;
import org.springframework.web.servlet.LocaleResolver;

/**
 * Korean first, English on request: the {@code lang} cookie (set by {@code ?lang=en} on any page)
 * wins, then the first of Korean or English in Accept-Language, then Korean. Other languages are
 * never chosen, so every text exists in the language picked.
 */
final class LanguageResolver implements LocaleResolver {

  static final String COOKIE = "lang";
  private static final String CHOSEN = LanguageResolver.class.getName() + ".chosen";

  @Override
  public Locale resolveLocale(HttpServletRequest request) {
    Locale chosen = request.getAttribute(CHOSEN) instanceof Locale now ? now : fromCookie(request);
    if (chosen != null) {
      return chosen;
    }
    return Languages.of(request);
  }

  @Override
  public void setLocale(
      HttpServletRequest request, @Nullable HttpServletResponse response, @Nullable Locale locale) {
    Locale supported = locale == null ? null : supported(locale.getLanguage());
    if (supported == null) {
      return;
    }
    // this request already speaks the new language; the cookie carries it to the next ones
    request.setAttribute(CHOSEN, supported);
    if (response == null) {
      return;
    }
    Cookie cookie = new Cookie(COOKIE, supported.getLanguage());
    cookie.setPath("/");
    cookie.setMaxAge(60 * 60 * 24 * 365);
    cookie.setHttpOnly(true);
    cookie.setAttribute("SameSite", "Lax");
    response.addCookie(cookie);
  }

  private static @Nullable Locale fromCookie(HttpServletRequest request) {
    Cookie[] cookies = request.getCookies();
    if (cookies == null) {
      return null;
    }
    for (Cookie cookie : cookies) {
      if (COOKIE.equals(cookie.getName())) {
        return supported(cookie.getValue());
      }
    }
    return null;
  }

  static @Nullable Locale supported(@Nullable String language) {
    return Languages.supported(language);
  }
}
