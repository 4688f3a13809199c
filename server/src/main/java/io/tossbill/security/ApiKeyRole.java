package io.tossbill.security;

/** What an API key may do: the merchant API, or also {@code /api/v1/admin/**}. */
public enum ApiKeyRole {
  MERCHANT,
  ADMIN;

  String authority() {
    return "ROLE_" + name();
  }
}
