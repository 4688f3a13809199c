package io.tossbill.entitlement;

import org.jspecify.annotations.Nullable;

/**
 * What a plan's feature value grants, read from the text a plan holds: {@code "true"} / {@code
 * "false"} switch a feature on or off, a whole number is a limit ({@code "3"} projects), {@code
 * "unlimited"} is no limit, any other text is a value the merchant's app reads ({@code "email"}
 * support). Pure: no Spring, no database.
 *
 * @param value the plan's text, as written
 * @param enabled whether the feature is on: not {@code "false"} and not a limit of 0
 * @param limit the limit, for a number; null otherwise
 * @param unlimited whether there is no limit
 */
public record Grant(String value, boolean enabled, @Nullable Long limit, boolean unlimited) {

  public static final String UNLIMITED = "unlimited";

  /** The grant a plan's feature value gives. */
  public static Grant of(String value) {
    String text = value.strip();
    if (text.equalsIgnoreCase("false")) {
      return new Grant(text, false, null, false);
    }
    if (text.equalsIgnoreCase("true")) {
      return new Grant(text, true, null, false);
    }
    if (text.equalsIgnoreCase(UNLIMITED)) {
      return new Grant(UNLIMITED, true, null, true);
    }
    if (text.matches("-?[0-9]{1,18}")) {
      long limit = Long.parseLong(text);
      return new Grant(text, limit > 0, limit, false);
    }
    return new Grant(text, true, null, false);
  }

  /**
   * The grant of two subscriptions' plans together, the more generous one: on beats off, no limit
   * beats a limit, a higher limit beats a lower one; between two texts the first (the newer
   * subscription's) is kept.
   */
  public Grant or(Grant other) {
    if (enabled != other.enabled) {
      return enabled ? this : other;
    }
    if (unlimited || other.unlimited) {
      return unlimited ? this : other;
    }
    if (limit != null && other.limit != null) {
      return limit >= other.limit ? this : other;
    }
    if (limit != null || other.limit != null) {
      // a number against a switch or a text: the number says more
      return limit != null ? this : other;
    }
    return this;
  }
}
