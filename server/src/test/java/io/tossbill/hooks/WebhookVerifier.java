package io.tossbill.hooks;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** Checks that a webhook came from tossbill (Standard Webhooks, signature scheme v1). */
public final class WebhookVerifier {

  private static final Duration TOLERANCE = Duration.ofMinutes(5);

  private final byte[] key;

  /** {@code secret}: the endpoint's signing secret, {@code whsec_...}. */
  public WebhookVerifier(String secret) {
    String encoded = secret.startsWith("whsec_") ? secret.substring("whsec_".length()) : secret;
    this.key = Base64.getDecoder().decode(encoded);
  }

  /**
   * Returns when one of the signatures in {@code webhookSignature} was made with this secret over
   * this id, timestamp and body, and the timestamp is within five minutes of {@code now}; throws
   * SecurityException otherwise. {@code body} is the request body exactly as received (its bytes
   * read as UTF-8), before any JSON parsing.
   */
  public void verify(
      String webhookId,
      String webhookTimestamp,
      String webhookSignature,
      String body,
      Instant now) {
    long timestamp;
    try {
      timestamp = Long.parseLong(webhookTimestamp);
    } catch (NumberFormatException e) {
      throw new SecurityException("webhook-timestamp is not a number");
    }
    if (Math.abs(now.getEpochSecond() - timestamp) > TOLERANCE.toSeconds()) {
      throw new SecurityException("webhook-timestamp is too far from now");
    }
    byte[] expected = hmac(webhookId + "." + webhookTimestamp + "." + body);
    for (String signature : webhookSignature.split(" ")) {
      int comma = signature.indexOf(',');
      if (comma < 0 || !signature.substring(0, comma).equals("v1")) {
        continue;
      }
      byte[] given;
      try {
        given = Base64.getDecoder().decode(signature.substring(comma + 1));
      } catch (IllegalArgumentException e) {
        continue;
      }
      if (MessageDigest.isEqual(expected, given)) {
        return;
      }
    }
    throw new SecurityException("no valid signature");
  }

  private byte[] hmac(String signed) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(key, "HmacSHA256"));
      return mac.doFinal(signed.getBytes(StandardCharsets.UTF_8));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is missing from this JVM", e);
    }
  }
}
