package io.tossbill.sandbox;

import java.security.SecureRandom;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.Base64;
import java.util.HexFormat;

/** Random identifiers shaped like Toss's. */
final class Ids {

  private static final SecureRandom RANDOM = new SecureRandom();
  private static final String ALNUM =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
  private static final String LOWER_ALNUM = "abcdefghijklmnopqrstuvwxyz0123456789";
  private static final DateTimeFormatter PAYMENT_KEY_TIME =
      DateTimeFormatter.ofPattern("yyyyMMddHHmmss").withZone(SandboxClock.SEOUL);

  private Ids() {}

  /** 44 characters: 32 random bytes in URL-safe base64 with padding, safe in a path. */
  static String billingKey() {
    byte[] bytes = new byte[32];
    RANDOM.nextBytes(bytes);
    return Base64.getUrlEncoder().encodeToString(bytes);
  }

  static String authKey() {
    return "bln_" + random(ALNUM, 40);
  }

  /** Like the observed {@code {mId prefix}{yyyyMMddHHmmss}{random}} keys. */
  static String paymentKey(String mId, Instant now) {
    return mId.substring(0, 5) + PAYMENT_KEY_TIME.format(now) + random(ALNUM, 6);
  }

  static String transactionKey() {
    return HexFormat.of().withUpperCase().formatHex(randomBytes(16));
  }

  static String traceId() {
    return HexFormat.of().formatHex(randomBytes(16));
  }

  static String transmissionId() {
    return "whtrans_" + random(LOWER_ALNUM, 26);
  }

  static String approveNo() {
    return String.format("%08d", RANDOM.nextInt(100_000_000));
  }

  private static byte[] randomBytes(int n) {
    byte[] bytes = new byte[n];
    RANDOM.nextBytes(bytes);
    return bytes;
  }

  private static String random(String alphabet, int length) {
    StringBuilder sb = new StringBuilder(length);
    for (int i = 0; i < length; i++) {
      sb.append(alphabet.charAt(RANDOM.nextInt(alphabet.length())));
    }
    return sb.toString();
  }
}
