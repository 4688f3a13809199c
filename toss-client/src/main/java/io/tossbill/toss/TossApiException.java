package io.tossbill.toss;

/** Toss answered with an error body: a refused request, or an integration mistake to fix. */
public final class TossApiException extends TossException {
  private final int httpStatus;
  private final TossError error;

  public TossApiException(int httpStatus, TossError error, String hint) {
    super(
        "Toss refused the request: HTTP "
            + httpStatus
            + " "
            + error.code()
            + " ("
            + error.message()
            + ")"
            + (hint.isEmpty() ? "" : ". " + hint));
    this.httpStatus = httpStatus;
    this.error = error;
  }

  public int httpStatus() {
    return httpStatus;
  }

  public TossError error() {
    return error;
  }

  public String code() {
    return error.code();
  }
}
