package io.tossbill.toss;

/**
 * The value of Toss's {@code Idempotency-Key} header: chosen by the caller, reused unchanged on
 * every retry of the same logical request.
 */
public record IdempotencyKey(String value) {
  /** Toss refuses longer keys with {@code INVALID_IDEMPOTENCY_KEY}. */
  public static final int MAX_LENGTH = 300;

  public IdempotencyKey {
    if (value == null || value.isBlank()) {
      throw new IllegalArgumentException("Idempotency-Key must not be blank");
    }
    if (value.length() > MAX_LENGTH) {
      throw new IllegalArgumentException(
          "Idempotency-Key must be at most " + MAX_LENGTH + " characters, was " + value.length());
    }
  }

  public static IdempotencyKey of(String value) {
    return new IdempotencyKey(value);
  }

  @Override
  public String toString() {
    return value;
  }
}
