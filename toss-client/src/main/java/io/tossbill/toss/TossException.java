package io.tossbill.toss;

/** Base of the client's exceptions; messages never contain keys or card data. */
public abstract sealed class TossException extends RuntimeException
    permits TossApiException, TossCommunicationException {
  protected TossException(String message, Throwable cause) {
    super(message, cause);
  }

  protected TossException(String message) {
    super(message);
  }
}
