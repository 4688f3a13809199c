package io.tossbill.platform;

import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Optional;

/**
 * What a password must be, for staff and subscribers alike: 10 to 64 characters and at most 72
 * bytes in UTF-8 (bcrypt reads no further), no control characters, not the login name itself.
 */
public final class PasswordRule {

  public static final int MIN_LENGTH = 10;
  public static final int MAX_LENGTH = 64;
  public static final int MAX_BYTES = 72;

  /** Why a password is refused; the bundles hold {@code password.<name>} for each. */
  public enum Problem {
    TOO_SHORT,
    TOO_LONG,
    CONTROL_CHARACTERS,
    SAME_AS_LOGIN
  }

  private PasswordRule() {}

  /** Empty when the password is acceptable for this login name. */
  public static Optional<Problem> check(String password, String login) {
    if (password.codePointCount(0, password.length()) < MIN_LENGTH) {
      return Optional.of(Problem.TOO_SHORT);
    }
    if (password.codePointCount(0, password.length()) > MAX_LENGTH
        || password.getBytes(StandardCharsets.UTF_8).length > MAX_BYTES) {
      return Optional.of(Problem.TOO_LONG);
    }
    if (Text.hasControlCharacters(password)) {
      return Optional.of(Problem.CONTROL_CHARACTERS);
    }
    if (password.strip().toLowerCase(Locale.ROOT).equals(login.strip().toLowerCase(Locale.ROOT))) {
      return Optional.of(Problem.SAME_AS_LOGIN);
    }
    return Optional.empty();
  }
}
