package io.tossbill.platform;

import java.util.List;

/**
 * Which request paths answer in JSON (the merchant API, webhooks, the mounted sandbox, actuator,
 * the OpenAPI document) rather than as pages for people. Written once: the error answers, the
 * request guards and the page error rendering all ask here.
 */
public final class ApiPaths {

  /** Prefixes that never render a page. */
  public static final List<String> JSON_PREFIXES =
      List.of("/api/", "/actuator", "/toss-sandbox", "/webhooks/", "/v3/api-docs", "/swagger-ui");

  /** Prefixes of the merchant API and the webhook receiver: JSON in, JSON out. */
  public static final List<String> MERCHANT_PREFIXES = List.of("/api/", "/webhooks/");

  private ApiPaths() {}

  /** Whether {@code path} (without the context path) answers in JSON, never as a page. */
  public static boolean answersJson(String path) {
    return startsWithAny(path, JSON_PREFIXES);
  }

  /** Whether {@code path} is the merchant API or the webhook receiver. */
  public static boolean isMerchant(String path) {
    return startsWithAny(path, MERCHANT_PREFIXES);
  }

  // asked for every request: a loop, not a stream
  private static boolean startsWithAny(String path, List<String> prefixes) {
    for (String prefix : prefixes) {
      if (path.startsWith(prefix)) {
        return true;
      }
    }
    return false;
  }
}
