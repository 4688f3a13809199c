package io.tossbill.gateway;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.observation.ObservationPredicate;
import io.tossbill.sandbox.SandboxClock;
import io.tossbill.sandbox.TossSandboxConfiguration;
import java.time.Clock;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.core.env.Environment;
import org.springframework.http.server.observation.ServerRequestObservationContext;
import org.springframework.security.config.annotation.web.configuration.WebSecurityCustomizer;

/** Wires the gateway, and mounts the Toss sandbox in this server when sandbox mode is on. */
@Configuration(proxyBeanMethods = false)
class GatewayConfiguration {

  @Bean
  PaymentGateway paymentGateway(
      TossProperties properties,
      Environment environment,
      MeterRegistry meters,
      GatewayHealth tossHealthIndicator) {
    return new OutsideTransactionGateway(
        new MeteredGateway(new TossGateway(properties, environment), meters, tossHealthIndicator));
  }

  /** {@code toss} in /actuator/health: whether Toss answers the calls made anyway. */
  @Bean
  GatewayHealth tossHealthIndicator(Clock clock) {
    return new GatewayHealth(clock);
  }

  /** The sandbox's API, card window and controls under {@code toss-sandbox.base-path}. */
  @Configuration(proxyBeanMethods = false)
  @ConditionalOnProperty(
      name = "tossbill.toss.sandbox",
      havingValue = "true",
      matchIfMissing = true)
  @ConditionalOnProperty(name = "toss-sandbox.enabled", havingValue = "true", matchIfMissing = true)
  @Import(TossSandboxConfiguration.class)
  static class MountedSandbox {

    /**
     * In sandbox mode one clock: the mounted sandbox follows the server's (test) clock, so Toss's
     * approvedAt agrees with the server's time after the test clock moved.
     */
    @Bean
    SandboxClock.HostTime mountedSandboxFollowsServerClock(Clock clock) {
      return clock::instant;
    }

    /**
     * The mounted sandbox's requests are Toss's, not the server's: they are not observed as the
     * server's HTTP requests (no http.server.requests timer for them, and no cost per call).
     */
    @Bean
    ObservationPredicate mountedSandboxRequestsAreNotServerRequests(Environment environment) {
      String base = environment.getProperty("toss-sandbox.base-path", "/toss-sandbox");
      return (name, context) ->
          !(context instanceof ServerRequestObservationContext request
              && request.getCarrier().getRequestURI().startsWith(base + "/"));
    }

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
