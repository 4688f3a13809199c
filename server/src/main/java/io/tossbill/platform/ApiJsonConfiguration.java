package io.tossbill.platform;

import org.springframework.boot.http.converter.autoconfigure.ServerHttpMessageConvertersCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.http.converter.json.JacksonJsonHttpMessageConverter;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * How the merchant API reads JSON: strictly. A field it does not know ({@code "emial"}) or a field
 * given twice is refused with a 400 that names it, instead of being dropped or silently replaced;
 * the rest of Spring Boot's JSON settings ({@code spring.jackson.*}) apply as they are. Only the
 * HTTP converter is strict: stored events keep Spring Boot's mapper.
 */
@Configuration(proxyBeanMethods = false)
class ApiJsonConfiguration {

  /**
   * Replaces the JSON converter Spring Boot's customizer (order 0) puts in place, keeping its place
   * among the converters (after the byte array one: the OpenAPI document is bytes).
   */
  @Bean
  @Order(1)
  ServerHttpMessageConvertersCustomizer strictApiJson(JsonMapper jsonMapper) {
    JsonMapper strict =
        jsonMapper
            .rebuild()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .build();
    return converters -> converters.withJsonConverter(new JacksonJsonHttpMessageConverter(strict));
  }
}
