package io.tossbill.platform;

import java.util.Arrays;
import java.util.Locale;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;

/**
 * A refusal a person can act on: a stable code for programs, and a message for people in Korean and
 * English from the bundle {@code messages/api} ({@link ApiMessages}), with the values it names.
 * Rendered as RFC 9457 problem details; nothing has been changed when it is thrown.
 */
public class ApiException extends RuntimeException {

  private final HttpStatus status;
  private final String code;
  private final String key;
  private final Object[] args;
  private @Nullable String field;

  /**
   * @param key the message in {@code messages/api.properties} (and {@code api_en})
   * @param args the values the message names, shown as text ({@code String.valueOf})
   */
  public ApiException(HttpStatus status, String code, String key, Object... args) {
    super(code + ": " + ApiMessages.format(Locale.ENGLISH, key, texts(args)));
    if (!status.is4xxClientError()) {
      throw new IllegalArgumentException("an ApiException is a 4xx answer, was " + status);
    }
    this.status = status;
    this.code = code;
    this.key = key;
    this.args = texts(args);
  }

  public static ApiException notFound(String code, String key, Object... args) {
    return new ApiException(HttpStatus.NOT_FOUND, code, key, args);
  }

  public static ApiException badRequest(String code, String key, Object... args) {
    return new ApiException(HttpStatus.BAD_REQUEST, code, key, args);
  }

  public static ApiException conflict(String code, String key, Object... args) {
    return new ApiException(HttpStatus.CONFLICT, code, key, args);
  }

  /** Names the request field that is wrong (shown as {@code field} in the problem); this. */
  public ApiException field(String name) {
    this.field = name;
    return this;
  }

  /** The request field that is wrong, when one is. */
  public @Nullable String field() {
    return field;
  }

  public HttpStatus status() {
    return status;
  }

  public String code() {
    return code;
  }

  /** The message's key in the {@code messages/api} bundle. */
  public String key() {
    return key;
  }

  /** The message in {@code locale} (Korean unless English is asked for). */
  public String message(Locale locale) {
    return ApiMessages.format(locale, key, args);
  }

  public String messageKo() {
    return message(Locale.KOREAN);
  }

  public String messageEn() {
    return message(Locale.ENGLISH);
  }

  /** The values as text now (a value must not change after the refusal), parts kept as they are. */
  private static Object[] texts(Object... args) {
    return Arrays.stream(args)
        .map(a -> a instanceof ApiMessages.Part ? a : String.valueOf(a))
        .toArray();
  }
}
