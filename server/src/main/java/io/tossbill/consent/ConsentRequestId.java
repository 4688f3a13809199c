package io.tossbill.consent;

/** The identity of a consent request. */
public record ConsentRequestId(long value) {

  public ConsentRequestId {
    if (value <= 0) {
      throw new IllegalArgumentException("a consent request id is positive, was " + value);
    }
  }
}
