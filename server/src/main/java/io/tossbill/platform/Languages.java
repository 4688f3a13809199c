package io.tossbill.platform;

import jakarta.servlet.http.HttpServletRequest;
import java.util.List;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * The languages tossbill speaks, Korean first and English on request, and how a request asks for
 * one with Accept-Language. Other languages are never chosen, so every text exists in the language
 * picked; a header that cannot be read or parsed asks for nothing.
 */
public final class Languages {

  public static final List<Locale> SUPPORTED = List.of(Locale.KOREAN, Locale.ENGLISH);

  private Languages() {}

  /** The supported language named {@code language} ({@code "en"}, {@code "KO"}), if any. */
  public static @Nullable Locale supported(@Nullable String language) {
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

  /** The first of Korean or English the request's Accept-Language names, if any. */
  public static @Nullable Locale asked(HttpServletRequest request) {
    String header;
    try {
      header = request.getHeader("Accept-Language");
    } catch (RuntimeException refused) {
      // the firewall will not hand out a value with bytes no client should send
      return null;
    }
    return asked(header);
  }

  /** The first of Korean or English {@code acceptLanguage} names, by weight; null if none. */
  public static @Nullable Locale asked(@Nullable String acceptLanguage) {
    if (acceptLanguage == null || acceptLanguage.isBlank()) {
      return null;
    }
    try {
      for (Locale.LanguageRange range : Locale.LanguageRange.parse(acceptLanguage)) {
        Locale supported = supported(range.getRange().split("-")[0]);
        if (supported != null) {
          return supported;
        }
      }
    } catch (IllegalArgumentException malformed) {
      // not a language list: asks for nothing
    }
    return null;
  }

  /** The language of an answer written for {@code request}: as asked, else Korean. */
  public static Locale of(HttpServletRequest request) {
    Locale asked = asked(request);
    return asked == null ? Locale.KOREAN : asked;
  }

  /** The language of an answer to {@code acceptLanguage}: as asked, else Korean. */
  public static Locale of(@Nullable String acceptLanguage) {
    Locale asked = asked(acceptLanguage);
    return asked == null ? Locale.KOREAN : asked;
  }
}
