package io.tossbill.customer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where the billing-key cipher gets its keys: the configuration, or in sandbox mode a key generated
 * once into a file. Outside sandbox mode a missing key stops the start.
 */
final class EncryptionKeys {

  private static final Logger log = LoggerFactory.getLogger(EncryptionKeys.class);

  private EncryptionKeys() {}

  static BillingKeyCipher cipher(CustomerProperties properties, boolean sandbox) {
    List<String> configured =
        properties.encryptionKeys().stream().filter(s -> !s.isBlank()).toList();
    if (!configured.isEmpty()) {
      return BillingKeyCipher.parse(configured);
    }
    if (!sandbox) {
      throw new IllegalStateException(
          "TOSSBILL_ENCRYPTION_KEYS is not set. Billing keys are encrypted at rest"
              + " with AES-256-GCM: set it to e.g. k1:<32 random bytes in Base64> (openssl rand -base64 32)."
              + " Keep every older key after the new first one when rotating.");
    }
    Path file = Path.of(properties.generatedKeyFile()).toAbsolutePath().normalize();
    String entry = readOrCreate(file);
    log.warn(
        "Billing keys are encrypted with a key generated for the sandbox in {}. Production must set"
            + " TOSSBILL_ENCRYPTION_KEYS (and keep it safe: without it stored billing keys cannot be read).",
        file);
    return BillingKeyCipher.parse(List.of(entry));
  }

  private static String readOrCreate(Path file) {
    try {
      if (Files.exists(file)) {
        return Files.readString(file, StandardCharsets.UTF_8).strip();
      }
      Files.createDirectories(file.getParent());
      String entry = BillingKeyCipher.newKeyEntry("local1");
      try {
        Files.createFile(
            file,
            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
      } catch (UnsupportedOperationException e) {
        Files.createFile(file);
      } catch (FileAlreadyExistsException e) {
        return Files.readString(file, StandardCharsets.UTF_8).strip();
      }
      Files.writeString(file, entry + "\n", StandardCharsets.UTF_8);
      return entry;
    } catch (IOException e) {
      throw new UncheckedIOException("could not read or create the encryption key file " + file, e);
    }
  }
}
