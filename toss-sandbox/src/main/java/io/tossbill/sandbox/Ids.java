package io.tossbill.sandbox;

import java.security.SecureRandom;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.Base64;
import java.util.HexFormat;

/** Random identifiers shaped like Toss's. */
final class Ids {

  // A few DRBGs, picked by thread: the platform default reads /dev/urandom under one lock shared
  // by every request, which serializes a busy sandbox (and requests run on virtual threads, so a
  // ThreadLocal would seed a new generator per request).
  private static final SecureRandom[] RANDOMS = new SecureRandom[16];

  static {
    for (int i = 0; i < RANDOMS.length; i++) {
      RANDOMS[i] = newRandom();
    }
  }

  private static SecureRandom random() {
    return RANDOMS[(int) (Thread.currentThread().threadId() & (RANDOMS.length - 1))];
  }

  private static final String ALNUM =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
  private static final String LOWER_ALNUM = "abcdefghijklmnopqrstuvwxyz0123456789";
  private static final DateTimeFormatter PAYMENT_KEY_TIME =
      DateTimeFormatter.ofPattern("yyyyMMddHHmmss").withZone(SandboxClock.SEOUL);

  private Ids() {}

  private static SecureRandom newRandom() {
    try {
      return SecureRandom.getInstance("DRBG");
    } catch (java.security.NoSuchAlgorithmException e) {
      return new SecureRandom();
    }
  }

  /** 44 characters: 32 random bytes in URL-safe base64 with padding, safe in a path. */
  static String billingKey() {
    byte[] bytes = new byte[32];
    random().nextBytes(bytes);
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
    return String.format("%08d", random().nextInt(100_000_000));
  }

  private static byte[] randomBytes(int n) {
    byte[] bytes = new byte[n];
    random().nextBytes(bytes);
    return bytes;
  }

  private static String random(String alphabet, int length) {
    StringBuilder sb = new StringBuilder(length);
    for (int i = 0; i < length; i++) {
      sb.append(alphabet.charAt(random().nextInt(alphabet.length())));
    }
    return sb.toString();
  }
}
