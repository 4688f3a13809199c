package io.tossbill.sandbox;

import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;

/** Toss's two timestamp formats. */
final class Times {

  private static final DateTimeFormatter API =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ssXXX").withZone(SandboxClock.SEOUL);
  private static final DateTimeFormatter WEBHOOK =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSS").withZone(SandboxClock.SEOUL);

  private Times() {}

  /** {@code 2022-06-08T15:40:09+09:00}, as in API responses and webhook headers. */
  static String api(Instant instant) {
    return API.format(instant.truncatedTo(ChronoUnit.SECONDS));
  }

  /**
   * {@code 2022-01-01T00:00:00.000000}, as in a webhook body's createdAt (Seoul time, no offset).
   */
  static String webhookCreatedAt(Instant instant) {
    return WEBHOOK.format(instant);
  }
}
