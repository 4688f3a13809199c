package io.tossbill.sandbox;

import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Properties;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * A sandbox merchant's key pair, like the pair Toss's developer center shows: the client key that
 * pages may show, and the secret key that only the merchant's server knows. The secret is random
 * and never derivable from the client key.
 *
 * @param clientKey {@code test_ck_...}, public
 * @param secretKey {@code test_sk_...}, for Basic auth on the API and the controls
 */
public record TossSandboxKeys(String clientKey, String secretKey) {

  /** The file a sandbox keeps its generated keys in, inside its data folder. */
  public static final String FILE_NAME = "keys.properties";

  private static final Pattern CLIENT_KEY = Pattern.compile("test_ck_[\\x21-\\x7e]{1,190}");
  private static final Pattern SECRET_KEY = Pattern.compile("test_sk_[\\x21-\\x7e]{1,192}");
  private static final String ALNUM =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
  private static final SecureRandom RANDOM = new SecureRandom();

  public TossSandboxKeys {
    if (clientKey == null || !CLIENT_KEY.matcher(clientKey).matches()) {
      throw new IllegalArgumentException(
          "a sandbox client key looks like test_ck_ followed by 1 to 190 visible ASCII characters,"
              + " but was '"
              + clientKey
              + "'");
    }
    if (secretKey == null || !isWellFormedSecretKey(secretKey)) {
      throw new IllegalArgumentException(
          "a sandbox secret key looks like test_sk_ followed by 1 to 192 visible ASCII characters");
    }
    if (suffix(clientKey).equals(suffix(secretKey))) {
      throw new IllegalArgumentException(
          "the sandbox secret key must not be derivable from its client key: test_ck_X and"
              + " test_sk_X share their suffix. Use an unrelated random secret key");
    }
  }

  /** A new random pair: 24 random characters after test_ck_, 32 after test_sk_. */
  public static TossSandboxKeys generate() {
    return new TossSandboxKeys("test_ck_" + random(24), "test_sk_" + random(32));
  }

  /**
   * The pair stored in {@code file}, or a new random pair written there first (readable by the
   * owner only where the file system allows it).
   *
   * @throws UncheckedIOException when the file cannot be read or created
   * @throws IllegalStateException when the file does not hold a valid pair
   */
  public static TossSandboxKeys readOrCreate(Path file) {
    try {
      if (Files.exists(file)) {
        return read(file);
      }
      Path parent = file.toAbsolutePath().getParent();
      if (parent != null) {
        Files.createDirectories(parent);
      }
      TossSandboxKeys keys = generate();
      try {
        Files.createFile(
            file,
            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
      } catch (UnsupportedOperationException e) {
        Files.createFile(file);
      } catch (FileAlreadyExistsException e) {
        return read(file); // another process made it first
      }
      Files.writeString(
          file,
          "# The Toss sandbox's merchant keys, generated once. The secret key authenticates the API"
              + " and the controls.\nclient-key="
              + keys.clientKey()
              + "\nsecret-key="
              + keys.secretKey()
              + "\n",
          StandardCharsets.UTF_8);
      return keys;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read or create the sandbox key file " + file, e);
    }
  }

  private static TossSandboxKeys read(Path file) throws IOException {
    Properties properties = new Properties();
    try (Reader reader = new StringReader(Files.readString(file, StandardCharsets.UTF_8))) {
      properties.load(reader);
    }
    String clientKey = properties.getProperty("client-key");
    String secretKey = properties.getProperty("secret-key");
    try {
      return new TossSandboxKeys(strip(clientKey), strip(secretKey));
    } catch (IllegalArgumentException e) {
      throw new IllegalStateException(
          "the sandbox key file "
              + file
              + " does not hold a valid client-key and secret-key ("
              + e.getMessage()
              + "); delete it to generate a new pair",
          e);
    }
  }

  static boolean isWellFormedSecretKey(String key) {
    return SECRET_KEY.matcher(key).matches();
  }

  private static String suffix(String key) {
    return key.substring("test_xx_".length());
  }

  private static @Nullable String strip(@Nullable String value) {
    return value == null ? null : value.strip();
  }

  private static String random(int length) {
    StringBuilder sb = new StringBuilder(length);
    for (int i = 0; i < length; i++) {
      sb.append(ALNUM.charAt(RANDOM.nextInt(ALNUM.length())));
    }
    return sb.toString();
  }

  /** Never shows the secret key. */
  @Override
  public String toString() {
    return "TossSandboxKeys[clientKey=" + clientKey + ", secretKey=test_sk_***]";
  }
}
