package io.tossbill.customer;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Customer and card settings.
 *
 * @param encryptionKeys keys that encrypt billing keys, {@code k2:BASE64,k1:BASE64} (from
 *     TOSSBILL_ENCRYPTION_KEYS): the first encrypts, all decrypt; each is 32 random bytes
 * @param generatedKeyFile where sandbox mode keeps a generated key when none is configured
 * @param keyDeletionRetry how long after a failed attempt a replaced card's key is deleted at Toss
 *     again
 */
@ConfigurationProperties("tossbill.customer")
record CustomerProperties(
    @DefaultValue List<String> encryptionKeys,
    @DefaultValue("./data/encryption.key") String generatedKeyFile,
    @DefaultValue("15m") Duration keyDeletionRetry) {

  /** Shows which key ids are configured, never the keys. */
  @Override
  public String toString() {
    return "CustomerProperties[encryptionKeys="
        + encryptionKeys.stream()
            .flatMap(entry -> Arrays.stream(entry.split(",")))
            .map(String::strip)
            .filter(item -> !item.isEmpty())
            .map(CustomerProperties::keyId)
            .toList()
        + ", generatedKeyFile="
        + generatedKeyFile
        + ", keyDeletionRetry="
        + keyDeletionRetry
        + "]";
  }

  private static String keyId(String entry) {
    int colon = entry.indexOf(':');
    String id = colon > 0 ? entry.substring(0, colon) : "";
    return id.matches("[A-Za-z0-9_-]{1,40}") ? id + ":***" : "***";
  }
}
