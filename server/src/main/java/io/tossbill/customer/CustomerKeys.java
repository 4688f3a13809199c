package io.tossbill.customer;

import java.security.SecureRandom;
import java.util.Base64;

/**
 * Makes customerKeys: 24 random bytes as 32 URL-safe characters, within Toss's pattern {@code
 * ^[a-zA-Z0-9\-_=.@]{2,300}$}, unguessable so nobody can pose as another customer.
 */
final class CustomerKeys {

  private static final SecureRandom RANDOM = new SecureRandom();

  private CustomerKeys() {}

  static String next() {
    byte[] bytes = new byte[24];
    RANDOM.nextBytes(bytes);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }
}
