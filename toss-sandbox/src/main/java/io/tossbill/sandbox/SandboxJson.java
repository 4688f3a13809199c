package io.tossbill.sandbox;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.cfg.DateTimeFeature;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * The sandbox's own JSON mapper, so a host application's Jackson settings (null inclusion, naming,
 * date formats) never change what the sandbox answers.
 */
final class SandboxJson {

  private final JsonMapper mapper =
      JsonMapper.builder()
          .disable(DateTimeFeature.WRITE_DATES_AS_TIMESTAMPS)
          .disable(DateTimeFeature.WRITE_DURATIONS_AS_TIMESTAMPS)
          .disable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
          .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
          .build();

  byte[] write(Object value) {
    return mapper.writeValueAsBytes(value);
  }

  void write(java.io.OutputStream out, Object value) {
    mapper.writeValue(out, value);
  }

  String writeString(Object value) {
    return mapper.writeValueAsString(value);
  }

  byte[] writePretty(Object value) {
    return mapper.writerWithDefaultPrettyPrinter().writeValueAsBytes(value);
  }

  <T> T read(byte[] bytes, Class<T> type) {
    return mapper.readValue(bytes, type);
  }

  JsonNode readTree(byte[] bytes) {
    return mapper.readTree(bytes);
  }

  <T> T convert(JsonNode node, Class<T> type) {
    return mapper.treeToValue(node, type);
  }

  /**
   * A request body as a JSON object; an empty body counts as {@code {}}.
   *
   * @throws TossApiException INVALID_REQUEST when the body is not a JSON object
   */
  RequestBody requestBody(byte[] bytes) {
    if (bytes.length == 0 || new String(bytes, java.nio.charset.StandardCharsets.UTF_8).isBlank()) {
      return new RequestBody(mapper.createObjectNode());
    }
    JsonNode node;
    try {
      node = mapper.readTree(bytes);
    } catch (JacksonException e) {
      throw new TossApiException("INVALID_REQUEST");
    }
    if (node == null || !node.isObject()) {
      throw new TossApiException("INVALID_REQUEST");
    }
    return new RequestBody((ObjectNode) node);
  }
}
