package io.tossbill.gateway;

import io.tossbill.sandbox.TossSandboxConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.core.env.Environment;
import org.springframework.security.config.annotation.web.configuration.WebSecurityCustomizer;

/** Wires the gateway, and mounts the Toss sandbox in this server when sandbox mode is on. */
@Configuration(proxyBeanMethods = false)
class GatewayConfiguration {

  @Bean
  PaymentGateway paymentGateway(TossProperties properties, Environment environment) {
    return new OutsideTransactionGateway(new TossGateway(properties, environment));
  }

  /** The sandbox's API, card window and controls under {@code toss-sandbox.base-path}. */
  @Configuration(proxyBeanMethods = false)
  @ConditionalOnProperty(
      name = "tossbill.toss.sandbox",
      havingValue = "true",
      matchIfMissing = true)
  @Import(TossSandboxConfiguration.class)
  static class MountedSandbox {

    /**
     * The mounted sandbox is a stand-in for a remote Toss: it checks its own keys as Toss does and
     * never sees the server's sessions, so the server's security filters are not run for it (each
     * sandbox call would otherwise pay for a dozen filters it has no use for).
     */
    @Bean
    WebSecurityCustomizer mountedSandboxOutsideServerSecurity(Environment environment) {
      String base = environment.getProperty("toss-sandbox.base-path", "/toss-sandbox");
      return web -> web.ignoring().requestMatchers(base + "/**");
    }
  }
}
