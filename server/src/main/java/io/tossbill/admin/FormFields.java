package io.tossbill.admin;

import io.tossbill.platform.ApiException;
import io.tossbill.web.Messages;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/** Reading the console's forms as typed: fields run through the module's rules one by one. */
final class FormFields {

  private FormFields() {}

  /** Runs one field's rule; a refusal is noted against the field and null is returned. */
  static <T> @Nullable T field(
      Messages messages, Map<String, String> errors, String field, Supplier<T> rule) {
    try {
      return rule.get();
    } catch (ApiException e) {
      errors.put(field, messages.refusal(e));
      return null;
    }
  }

  static @Nullable String blankToNull(@Nullable String value) {
    return value == null || value.isBlank() ? null : value.strip();
  }

  /**
   * A whole number as typed (commas allowed: 9,900); a non-number becomes -1, which rules refuse.
   */
  static @Nullable Long number(@Nullable String value) {
    if (value == null || value.isBlank()) {
      return null;
    }
    try {
      return Long.parseLong(value.strip().replace(",", ""));
    } catch (NumberFormatException e) {
      return -1L;
    }
  }

  static @Nullable Integer integer(@Nullable String value) {
    Long n = number(value);
    return n == null ? null : (n > Integer.MAX_VALUE || n < Integer.MIN_VALUE ? -1 : n.intValue());
  }

  /** One of an enum's names as typed (any case); null when it is none of them. */
  static <E extends Enum<E>> @Nullable E option(Class<E> type, @Nullable String value) {
    if (value == null) {
      return null;
    }
    try {
      return Enum.valueOf(type, value.strip().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      return null;
    }
  }
}
