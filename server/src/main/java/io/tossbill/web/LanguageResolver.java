package io.tossbill.web;

import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.util.Collections;
import java.util.List;
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
  static final List<Locale> SUPPORTED = List.of(Locale.KOREAN, Locale.ENGLISH);

  @Override
  public Locale resolveLocale(HttpServletRequest request) {
    Locale chosen = request.getAttribute(CHOSEN) instanceof Locale now ? now : fromCookie(request);
    if (chosen != null) {
      return chosen;
    }
    if (request.getHeader("Accept-Language") != null) {
      for (Locale asked : Collections.list(request.getLocales())) {
        Locale supported = supported(asked.getLanguage());
        if (supported != null) {
          return supported;
        }
      }
    }
    return Locale.KOREAN;
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
    if (language == null) {
      return null;
    }
    for (Locale locale : SUPPORTED) {
      if (locale.getLanguage().equalsIgnoreCase(language.strip())) {
        return locale;
      }
    }
    return null;
  }
}
