package io.tossbill.platform;

import org.springframework.http.HttpStatus;

/**
 * A refusal a person can act on: a stable code for programs, a Korean and an English message for
 * people. Rendered as RFC 9457 problem details; nothing has been changed when it is thrown.
 */
public class ApiException extends RuntimeException {
  private final HttpStatus status;
  private final String code;
  private final String messageKo;
  private final String messageEn;

  public ApiException(HttpStatus status, String code, String messageKo, String messageEn) {
    super(code + ": " + messageEn);
    if (!status.is4xxClientError()) {
      throw new IllegalArgumentException("an ApiException is a 4xx answer, was " + status);
    }
    this.status = status;
    this.code = code;
    this.messageKo = messageKo;
    this.messageEn = messageEn;
  }

  public static ApiException notFound(String code, String messageKo, String messageEn) {
    return new ApiException(HttpStatus.NOT_FOUND, code, messageKo, messageEn);
  }

  public static ApiException badRequest(String code, String messageKo, String messageEn) {
    return new ApiException(HttpStatus.BAD_REQUEST, code, messageKo, messageEn);
  }

  public static ApiException conflict(String code, String messageKo, String messageEn) {
    return new ApiException(HttpStatus.CONFLICT, code, messageKo, messageEn);
  }

  public HttpStatus status() {
    return status;
  }

  public String code() {
    return code;
  }

  public String messageKo() {
    return messageKo;
  }

  public String messageEn() {
    return messageEn;
  }
}
