package io.tossbill.sandbox;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Typed access to a JSON request body with Toss's errors: a missing or null required field is
 * INVALID_REQUIRED_PARAM, a field of the wrong type INVALID_REQUEST. Endpoints call {@link
 * #requirePresent} first, so a missing field wins over a wrongly typed one wherever they are.
 */
final class RequestBody {

  private final ObjectNode node;

  RequestBody(ObjectNode node) {
    this.node = node;
  }

  /**
   * @throws TossApiException INVALID_REQUIRED_PARAM when any of the fields is missing or null
   */
  void requirePresent(String... names) {
    for (String name : names) {
      JsonNode value = node.get(name);
      if (value == null || value.isNull()) {
        throw new TossApiException("INVALID_REQUIRED_PARAM");
      }
    }
  }

  String requiredString(String name) {
    String value = optionalString(name);
    if (value == null) {
      throw new TossApiException("INVALID_REQUIRED_PARAM");
    }
    return value;
  }

  @Nullable String optionalString(String name) {
    JsonNode value = node.get(name);
    if (value == null || value.isNull()) {
      return null;
    }
    if (value.isString()) {
      return value.stringValue();
    }
    if (value.isNumber()) {
      return value.asString();
    }
    throw new TossApiException("INVALID_REQUEST");
  }

  long requiredLong(String name) {
    Long value = optionalLong(name);
    if (value == null) {
      throw new TossApiException("INVALID_REQUIRED_PARAM");
    }
    return value;
  }

  /** An integral amount; a fraction, text or out-of-range number is INVALID_REQUEST. */
  @Nullable Long optionalLong(String name) {
    JsonNode value = node.get(name);
    if (value == null || value.isNull()) {
      return null;
    }
    if (value.isIntegralNumber() && value.canConvertToLong()) {
      return value.longValue();
    }
    if (value.isNumber()
        && value.canConvertToLong()
        && value.doubleValue() == Math.rint(value.doubleValue())) {
      return value.longValue();
    }
    throw new TossApiException("INVALID_REQUEST");
  }

  @Nullable Boolean optionalBoolean(String name) {
    JsonNode value = node.get(name);
    if (value == null || value.isNull()) {
      return null;
    }
    if (value.isBoolean()) {
      return value.booleanValue();
    }
    throw new TossApiException("INVALID_REQUEST");
  }
}
