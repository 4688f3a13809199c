package io.tossbill.platform;

import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The merchant API's OpenAPI document (/v3/api-docs, /swagger-ui/index.html): its title and
 * version, and the API key as a bearer token, so the UI's "Authorize" works. The sandbox's own
 * paths are Toss's, not ours: they are left out (application.yml, springdoc.paths-to-match).
 */
@Configuration(proxyBeanMethods = false)
class OpenApiConfiguration {

  static final String API_KEY = "apiKey";

  @Bean
  OpenAPI tossbillOpenApi(@Value("${tossbill.version:dev}") String version) {
    return new OpenAPI()
        .info(
            new Info()
                .title("tossbill merchant API")
                .version(version)
                .description(
                    "Subscription billing on TossPayments: plans, customers and cards,"
                        + " subscriptions, payments and refunds, consent, API keys and the test"
                        + " clock. Every call needs an API key: Authorization: Bearer tb_test_…"
                        + " (admin paths need an admin key). Errors are RFC 9457 problems with a"
                        + " stable code and Korean and English messages."))
        .components(
            new Components()
                .addSecuritySchemes(
                    API_KEY,
                    new SecurityScheme()
                        .type(SecurityScheme.Type.HTTP)
                        .scheme("bearer")
                        .description("An API key: tb_test_… (sandbox) or tb_live_…")))
        .addSecurityItem(new SecurityRequirement().addList(API_KEY));
  }
}
