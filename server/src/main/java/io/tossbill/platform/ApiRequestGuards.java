package io.tossbill.platform;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The guards in front of the merchant API: they refuse what no controller could answer before any
 * controller (or the security chain) runs.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(ApiRequestProperties.class)
class ApiRequestGuards {

  /** Before Spring Security's chain (order -100): a refused request costs no key check. */
  static final int ORDER = -110;

  @Bean
  FilterRegistrationBean<AcceptGuard> acceptGuard() {
    FilterRegistrationBean<AcceptGuard> registration =
        new FilterRegistrationBean<>(new AcceptGuard());
    registration.setOrder(ORDER);
    return registration;
  }

  @Bean
  FilterRegistrationBean<BodySizeGuard> bodySizeGuard(ApiRequestProperties properties) {
    FilterRegistrationBean<BodySizeGuard> registration =
        new FilterRegistrationBean<>(new BodySizeGuard(properties.maxBodyBytes()));
    registration.setOrder(ORDER + 1);
    return registration;
  }
}
