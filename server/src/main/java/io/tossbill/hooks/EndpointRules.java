package io.tossbill.hooks;

import io.tossbill.platform.ApiException;
import io.tossbill.platform.ApiMessages;
import java.net.IDN;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * What an endpoint may be: an absolute https URL (http only to this machine's loopback, for tests
 * and the default run), without user info or fragment; a selection of known event types; a short
 * description. Each refusal is a 400 naming the field.
 */
final class EndpointRules {

  static final int MAX_URL = 2000;
  static final int MAX_DESCRIPTION = 500;
  private static final Set<String> LOOPBACK = Set.of("127.0.0.1", "localhost", "[::1]");

  private EndpointRules() {}

  /** The URL as it will be called, or 400 {@code WEBHOOK_URL_INVALID} saying what is wrong. */
  static String url(@Nullable String url) {
    if (url == null || url.isBlank()) {
      throw urlInvalid("api.webhook.url.missing");
    }
    if (url.length() > MAX_URL) {
      throw urlInvalid("api.webhook.url.long", MAX_URL);
    }
    if (url.chars().anyMatch(c -> c <= ' ' || c == 0x7f || c > 0x7e)) {
      throw urlInvalid("api.webhook.url.characters");
    }
    URI uri;
    try {
      uri = new URI(url);
    } catch (URISyntaxException e) {
      throw urlInvalid("api.webhook.url.syntax");
    }
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    if (!uri.isAbsolute() || uri.isOpaque() || uri.getRawAuthority() == null) {
      throw urlInvalid("api.webhook.url.syntax");
    }
    if (!scheme.equals("https") && !scheme.equals("http")) {
      throw urlInvalid("api.webhook.url.scheme");
    }
    if (uri.getRawUserInfo() != null || uri.getRawAuthority().contains("@")) {
      throw urlInvalid("api.webhook.url.userinfo");
    }
    if (uri.getRawFragment() != null) {
      throw urlInvalid("api.webhook.url.fragment");
    }
    String host = uri.getHost();
    if (host == null || host.isEmpty() || !validHost(host)) {
      throw urlInvalid("api.webhook.url.host");
    }
    if (uri.getPort() == 0 || uri.getPort() > 65535) {
      throw urlInvalid("api.webhook.url.syntax");
    }
    if (scheme.equals("http") && !LOOPBACK.contains(host.toLowerCase(Locale.ROOT))) {
      throw urlInvalid("api.webhook.url.https");
    }
    return url;
  }

  /**
   * The selection as stored: {@code *} alone when everything is wanted (or nothing was said), else
   * the distinct names and group wildcards in the order given; 400 {@code
   * WEBHOOK_EVENT_TYPE_UNKNOWN} for one that does not exist.
   */
  static List<String> eventTypes(@Nullable List<@Nullable String> types) {
    if (types == null) {
      return List.of(HookEventType.ALL);
    }
    if (types.isEmpty()) {
      throw ApiException.badRequest("WEBHOOK_EVENT_TYPES_EMPTY", "api.WEBHOOK_EVENT_TYPES_EMPTY")
          .field("eventTypes");
    }
    if (types.size() > 100) {
      throw unknownType(types.get(100));
    }
    Set<String> chosen = new LinkedHashSet<>();
    for (String type : types) {
      if (type == null
          || !(type.equals(HookEventType.ALL)
              || HookEventType.byPublicName(type).isPresent()
              || HookEventType.groupWildcards().contains(type))) {
        throw unknownType(type);
      }
      chosen.add(type);
    }
    return chosen.contains(HookEventType.ALL) ? List.of(HookEventType.ALL) : List.copyOf(chosen);
  }

  static String description(@Nullable String description) {
    if (description == null) {
      return "";
    }
    String stripped = description.strip();
    if (stripped.length() > MAX_DESCRIPTION
        || stripped.chars().anyMatch(c -> Character.isISOControl(c))) {
      throw ApiException.badRequest(
              "WEBHOOK_DESCRIPTION_INVALID", "api.WEBHOOK_DESCRIPTION_INVALID", MAX_DESCRIPTION)
          .field("description");
    }
    return stripped;
  }

  /** The stored form of a selection. */
  static String join(List<String> types) {
    return String.join(",", types);
  }

  static List<String> split(String stored) {
    return new ArrayList<>(List.of(stored.split(",")));
  }

  /**
   * The URL to show where the whole one must not go (a mail, a log line): scheme, host, port and
   * path; a query string may hold a token.
   */
  static String shown(String url) {
    try {
      URI uri = new URI(url);
      return new URI(uri.getScheme(), null, uri.getHost(), uri.getPort(), uri.getPath(), null, null)
          .toString();
    } catch (URISyntaxException e) {
      return "(invalid URL)";
    }
  }

  private static boolean validHost(String host) {
    if (host.startsWith("[")) {
      return host.endsWith("]");
    }
    try {
      IDN.toASCII(host, IDN.USE_STD3_ASCII_RULES);
      return !host.endsWith(".") || host.length() > 1;
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  private static ApiException urlInvalid(String reason, Object... args) {
    return ApiException.badRequest(
            "WEBHOOK_URL_INVALID", "api.WEBHOOK_URL_INVALID", new ApiMessages.Part(reason, args))
        .field("url");
  }

  private static ApiException unknownType(@Nullable String type) {
    return ApiException.badRequest(
            "WEBHOOK_EVENT_TYPE_UNKNOWN",
            "api.WEBHOOK_EVENT_TYPE_UNKNOWN",
            String.valueOf(type),
            String.join(", ", HookEventType.groupWildcards()))
        .field("eventTypes");
  }
}
