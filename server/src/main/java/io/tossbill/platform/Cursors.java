package io.tossbill.platform;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * Cursors of the merchant API's lists: opaque to a caller ({@code c1_} and base64url), an item's id
 * inside. A cursor not made here is refused with 400 {@code INVALID_CURSOR}.
 */
final class Cursors {

  private static final String PREFIX = "c1_";

  private Cursors() {}

  static String encode(long id) {
    return PREFIX
        + Base64.getUrlEncoder()
            .withoutPadding()
            .encodeToString(("id:" + id).getBytes(StandardCharsets.US_ASCII));
  }

  static long decode(String cursor) {
    if (!cursor.startsWith(PREFIX) || cursor.length() > 64) {
      throw invalid();
    }
    String text;
    try {
      text =
          new String(
              Base64.getUrlDecoder().decode(cursor.substring(PREFIX.length())),
              StandardCharsets.US_ASCII);
    } catch (IllegalArgumentException e) {
      throw invalid();
    }
    if (!text.matches("id:[1-9][0-9]{0,17}")) {
      throw invalid();
    }
    return Long.parseLong(text.substring(3));
  }

  private static ApiException invalid() {
    return ApiException.badRequest("INVALID_CURSOR", "api.INVALID_CURSOR").field("cursor");
  }
}
