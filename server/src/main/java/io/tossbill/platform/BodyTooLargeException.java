package io.tossbill.platform;

import java.io.IOException;
import java.util.Locale;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;

/**
 * Reading a merchant API request body failed because it is larger than {@code
 * tossbill.api.max-body-bytes}: answered 413 {@code CONTENT_TOO_LARGE}.
 */
public final class BodyTooLargeException extends IOException {

  private final int maxBytes;

  BodyTooLargeException(int maxBytes) {
    super("body larger than " + maxBytes + " bytes");
    this.maxBytes = maxBytes;
  }

  /** The refusal, in {@code locale}. */
  public ProblemDetail problem(Locale locale) {
    return ApiProblems.of(
        HttpStatus.CONTENT_TOO_LARGE, "CONTENT_TOO_LARGE", "api.body.too.large", locale, maxBytes);
  }
}
