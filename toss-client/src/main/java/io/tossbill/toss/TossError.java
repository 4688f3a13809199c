package io.tossbill.toss;

/**
 * The {@code {code, message}} pair Toss returns on a refused request or stores on a failed payment.
 */
public record TossError(String code, String message) {
  public TossError {
    if (code == null || code.isBlank()) {
      throw new IllegalArgumentException("Toss error code must not be blank, was: " + code);
    }
    message = message == null ? "" : message;
  }
}
