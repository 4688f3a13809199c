package io.tossbill.web;

import io.tossbill.platform.ApiPaths;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.webmvc.autoconfigure.WebMvcRegistrations;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.servlet.LocaleResolver;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;
import org.springframework.web.servlet.i18n.LocaleChangeInterceptor;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

/**
 * The language of a request, {@code ?lang=} on pages, page error rendering, and the handler
 * mapping.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(WebProperties.class)
class WebConfiguration implements WebMvcConfigurer {

  /** Named {@code localeResolver}: replaces Boot's Accept-Language-only resolver. */
  @Bean
  LocaleResolver localeResolver() {
    return new LanguageResolver();
  }

  @Bean
  PageExceptionResolver pageExceptionResolver(Messages messages) {
    return new PageExceptionResolver(messages);
  }

  /** Spring MVC's handler mapping, with a quick refusal of routes whose literal start differs. */
  @Bean
  WebMvcRegistrations literalPrefixHandlerMapping() {
    return new WebMvcRegistrations() {
      @Override
      public RequestMappingHandlerMapping getRequestMappingHandlerMapping() {
        return new LiteralPrefixHandlerMapping();
      }
    };
  }

  @Override
  public void addInterceptors(InterceptorRegistry registry) {
    LocaleChangeInterceptor language = new LocaleChangeInterceptor();
    language.setParamName("lang");
    language.setIgnoreInvalidLocale(true);
    registry
        .addInterceptor(language)
        .excludePathPatterns(
            ApiPaths.JSON_PREFIXES.stream()
                .map(prefix -> prefix.endsWith("/") ? prefix + "**" : prefix + "/**")
                .toList());
  }
}
