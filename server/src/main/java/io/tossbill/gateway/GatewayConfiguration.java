package io.tossbill.gateway;

import io.tossbill.sandbox.TossSandboxConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.core.env.Environment;

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
  static class MountedSandbox {}
}
