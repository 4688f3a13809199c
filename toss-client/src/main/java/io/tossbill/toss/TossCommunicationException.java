package io.tossbill.toss;

/**
 * Toss could not be asked or did not answer usefully (timeout, connection, 5xx): try again later.
 */
public final class TossCommunicationException extends TossException {
  public TossCommunicationException(String message, Throwable cause) {
    super(message, cause);
  }

  public TossCommunicationException(String message) {
    super(message);
  }
}
