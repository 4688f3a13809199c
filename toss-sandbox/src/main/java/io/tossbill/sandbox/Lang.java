package io.tossbill.sandbox;

import org.jspecify.annotations.Nullable;

/** The language of messages: Korean unless the request asks for English with Accept-Language. */
enum Lang {
  KO,
  EN;

  /** The language a request asks for; a header the host refuses to hand out counts as none. */
  static Lang of(jakarta.servlet.http.HttpServletRequest request) {
    return fromAcceptLanguage(Headers.lenient(request, "Accept-Language"));
  }

  static Lang fromAcceptLanguage(@Nullable String header) {
    if (header == null || header.isBlank()) {
      return KO;
    }
    String first = header.split(",")[0].strip().toLowerCase(java.util.Locale.ROOT);
    return first.startsWith("en") ? EN : KO;
  }
}
