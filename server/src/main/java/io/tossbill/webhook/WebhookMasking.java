package io.tossbill.webhook;

/** Shows enough of a secret to recognise it, never enough to use it. */
final class WebhookMasking {

  private WebhookMasking() {}

  static String mask(String secret) {
    if (secret.length() <= 8) {
      return "****";
    }
    return secret.substring(0, 4) + "****" + secret.substring(secret.length() - 4);
  }
}
