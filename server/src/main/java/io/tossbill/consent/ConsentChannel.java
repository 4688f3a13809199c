package io.tossbill.consent;

import io.tossbill.platform.ApiException;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;

/** Where the subscriber answered. */
public enum ConsentChannel {
  WEB,
  APP,
  EMAIL,
  SMS,
  KAKAO,
  PHONE,
  API;

  /** Parses a channel name; 400 {@code INVALID_CHANNEL} for anything else. */
  static ConsentChannel parse(@Nullable String value, @Nullable ConsentChannel fallback) {
    if (value == null || value.isBlank()) {
      if (fallback != null) {
        return fallback;
      }
      throw invalid("(없음)");
    }
    try {
      return valueOf(value.strip().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw invalid(value);
    }
  }

  private static ApiException invalid(String value) {
    String names = Arrays.stream(values()).map(Enum::name).collect(Collectors.joining(", "));
    return ApiException.badRequest("INVALID_CHANNEL", "api.INVALID_CHANNEL", names, value);
  }
}
