package io.tossbill.sandbox;

/**
 * A refusal outside Toss's API (controls, unknown paths...), answered as RFC 9457 problem details
 * with a stable {@code code} and a message from the bundle, in the request's language.
 */
final class SandboxProblem extends RuntimeException {

  private final int status;
  private final String code;
  private final String messageKey;
  private final Object[] args;

  SandboxProblem(int status, String code, String messageKey, Object... args) {
    super(code + " " + messageKey, null, false, false);
    this.status = status;
    this.code = code;
    this.messageKey = messageKey;
    this.args = args.clone();
  }

  /** 400 INVALID_REQUEST: a control request the sandbox cannot carry out. */
  static SandboxProblem invalid(String messageKey, Object... args) {
    return new SandboxProblem(400, "INVALID_REQUEST", messageKey, args);
  }

  int status() {
    return status;
  }

  String code() {
    return code;
  }

  String message(Lang lang) {
    return Messages.get(lang, messageKey, args);
  }
}
