package io.tossbill.platform;

import org.jspecify.annotations.Nullable;

/**
 * Checks of free text from requests. PostgreSQL refuses NUL in text, so one that slipped through
 * would fail the insert with a 500; other control characters would let input forge log lines.
 */
public final class Text {

  private Text() {}

  /**
   * The value unchanged when it holds no control character; otherwise a 400 INVALID_REQUEST naming
   * the field. Null passes, so optional fields need no extra check.
   */
  public static @Nullable String requirePrintable(String field, @Nullable String value) {
    if (value != null && value.chars().anyMatch(Character::isISOControl)) {
      throw refused(field);
    }
    return value;
  }

  /**
   * Like {@link #requirePrintable} but allows tab, line feed and carriage return (descriptions).
   */
  public static @Nullable String requirePrintableMultiline(String field, @Nullable String value) {
    if (value != null
        && value
            .chars()
            .anyMatch(c -> Character.isISOControl(c) && c != '\t' && c != '\n' && c != '\r')) {
      throw refused(field);
    }
    return value;
  }

  /** Whether the value holds a control character; for input that is dropped rather than refused. */
  public static boolean hasControlCharacters(String value) {
    return value.chars().anyMatch(Character::isISOControl);
  }

  /**
   * Text from outside (a webhook's ids, a forged body's values) made safe for one log line: every
   * control or non-printable character shown as {@code ?}, at most {@code max} characters, so a
   * request can neither forge log lines nor flood the log.
   */
  public static String forLog(@Nullable String value, int max) {
    if (value == null) {
      return "null";
    }
    StringBuilder out = new StringBuilder(Math.min(value.length(), max) + 16);
    int shown = 0;
    int i = 0;
    for (; i < value.length() && shown < max; shown++) {
      int cp = value.codePointAt(i);
      i += Character.charCount(cp);
      int type = Character.getType(cp);
      boolean unsafe =
          Character.isISOControl(cp)
              || type == Character.FORMAT // bidi overrides, zero-width characters
              || type == Character.LINE_SEPARATOR
              || type == Character.PARAGRAPH_SEPARATOR
              || type == Character.SURROGATE; // a half of a pair, alone
      if (unsafe) {
        out.append('?');
      } else {
        out.appendCodePoint(cp);
      }
    }
    if (i < value.length()) {
      out.append("…(").append(value.length()).append(" chars)");
    }
    return out.toString();
  }

  private static ApiException refused(String field) {
    return ApiException.badRequest("INVALID_REQUEST", "api.INVALID_REQUEST.2", field);
  }
}
