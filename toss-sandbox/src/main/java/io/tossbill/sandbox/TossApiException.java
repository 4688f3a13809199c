package io.tossbill.sandbox;

/** A refusal the sandbox answers with Toss's {@code {code, message}} body and the code's status. */
final class TossApiException extends RuntimeException {

  private final ErrorCatalogue.Entry error;

  TossApiException(String code) {
    super(code, null, false, false);
    this.error = ErrorCatalogue.get(code);
  }

  ErrorCatalogue.Entry error() {
    return error;
  }

  String code() {
    return error.code();
  }
}
