package io.tossbill.hooks;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.List;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Standard Webhooks signatures: {@code v1,} + Base64 of HMAC-SHA256 over {@code id.timestamp.body},
 * keyed with the secret's decoded bytes (the part after {@code whsec_}). Several secrets (a rolled
 * one still overlapping) give several signatures, separated by spaces.
 */
final class HookSignature {

  static final String PREFIX = "whsec_";
  private static final int SECRET_BYTES = 32;
  private static final SecureRandom RANDOM = new SecureRandom();

  private HookSignature() {}

  /** A new secret: {@code whsec_} + Base64 of 32 random bytes. */
  static String newSecret() {
    byte[] key = new byte[SECRET_BYTES];
    RANDOM.nextBytes(key);
    return PREFIX + Base64.getEncoder().encodeToString(key);
  }

  /** The {@code webhook-signature} header's value for these secrets, in the order given. */
  static String header(List<String> secrets, String id, long timestamp, String body) {
    StringBuilder out = new StringBuilder();
    for (String secret : secrets) {
      if (!out.isEmpty()) {
        out.append(' ');
      }
      out.append("v1,").append(sign(secret, id, timestamp, body));
    }
    return out.toString();
  }

  /** Base64 of HMAC-SHA256({@code id.timestamp.body}) with the secret's key bytes. */
  static String sign(String secret, String id, long timestamp, String body) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(key(secret), "HmacSHA256"));
      byte[] signed =
          mac.doFinal((id + "." + timestamp + "." + body).getBytes(StandardCharsets.UTF_8));
      return Base64.getEncoder().encodeToString(signed);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HMAC-SHA256 is not available", e);
    }
  }

  private static byte[] key(String secret) {
    if (!secret.startsWith(PREFIX)) {
      throw new IllegalArgumentException("a signing secret starts with " + PREFIX);
    }
    return Base64.getDecoder().decode(secret.substring(PREFIX.length()));
  }
}
