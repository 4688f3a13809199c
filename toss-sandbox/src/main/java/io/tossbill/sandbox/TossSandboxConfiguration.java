package io.tossbill.sandbox;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.ComponentScan;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.FilterType;
import org.springframework.core.env.Environment;
import org.springframework.web.method.HandlerTypePredicate;
import org.springframework.web.servlet.config.annotation.PathMatchConfigurer;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * Everything the sandbox needs, for {@code @Import} into any Spring MVC application (the standalone
 * {@link TossSandboxApplication} and the billing server alike). Beans are named {@code
 * tossSandbox...} and none is of a type a host would inject by type (no Clock, JsonMapper,
 * RestClient). {@code toss-sandbox.enabled=false} turns it all off.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnBooleanProperty(name = "toss-sandbox.enabled", matchIfMissing = true)
@EnableConfigurationProperties(TossSandboxProperties.class)
@ComponentScan(
    basePackageClasses = TossSandboxConfiguration.class,
    useDefaultFilters = false,
    includeFilters =
        @ComponentScan.Filter(
            type = FilterType.ASSIGNABLE_TYPE,
            classes = {
              TossApiController.class,
              BillingWindowController.class,
              ControlsController.class,
              SandboxExceptionHandler.class
            }))
public class TossSandboxConfiguration {

  /** Its own time, or the host's when the host gives one ({@link SandboxClock.HostTime}). */
  @Bean
  SandboxClock tossSandboxClock(ObjectProvider<SandboxClock.HostTime> hostTime) {
    SandboxClock.HostTime host = hostTime.getIfUnique();
    return host == null ? new SandboxClock() : SandboxClock.following(host);
  }

  @Bean
  Changes tossSandboxChanges() {
    return new Changes();
  }

  @Bean
  SandboxJson tossSandboxJson() {
    return new SandboxJson();
  }

  /** The installation's key pair: configured, stored in the data folder, or generated. */
  @Bean
  TossSandboxKeys tossSandboxKeys(TossSandboxProperties properties) {
    return InstallationKeys.resolve(properties);
  }

  @Bean
  SandboxState tossSandboxState(Changes tossSandboxChanges, TossSandboxKeys tossSandboxKeys) {
    return new SandboxState(tossSandboxChanges, tossSandboxKeys);
  }

  @Bean
  IdempotencyStore tossSandboxIdempotencyStore(Changes tossSandboxChanges) {
    return new IdempotencyStore(tossSandboxChanges);
  }

  @Bean
  Pauses tossSandboxPauses() {
    return new Pauses();
  }

  @Bean
  SandboxControls tossSandboxControls() {
    return new SandboxControls();
  }

  @Bean
  WebhookDispatcher tossSandboxWebhookDispatcher(
      SandboxClock tossSandboxClock,
      TossSandboxProperties properties,
      SandboxJson tossSandboxJson,
      Changes tossSandboxChanges,
      Environment environment) {
    return new WebhookDispatcher(
        tossSandboxClock,
        properties,
        tossSandboxJson,
        tossSandboxChanges,
        new LocalServer(environment));
  }

  @Bean(destroyMethod = "close")
  SnapshotPersistence tossSandboxSnapshotPersistence(
      TossSandboxProperties properties,
      SandboxState tossSandboxState,
      IdempotencyStore tossSandboxIdempotencyStore,
      WebhookDispatcher tossSandboxWebhookDispatcher,
      SandboxClock tossSandboxClock,
      SandboxJson tossSandboxJson,
      Changes tossSandboxChanges) {
    return new SnapshotPersistence(
        properties,
        tossSandboxState,
        tossSandboxIdempotencyStore,
        tossSandboxWebhookDispatcher,
        tossSandboxClock,
        tossSandboxJson,
        tossSandboxChanges);
  }

  @Bean
  SandboxEngine tossSandboxEngine(
      SandboxState tossSandboxState,
      SandboxClock tossSandboxClock,
      TossSandboxProperties properties,
      WebhookDispatcher tossSandboxWebhookDispatcher,
      SnapshotPersistence tossSandboxSnapshotPersistence,
      Pauses tossSandboxPauses) {
    return new SandboxEngine(
        tossSandboxState,
        tossSandboxClock,
        properties,
        tossSandboxWebhookDispatcher,
        tossSandboxPauses);
  }

  @Bean
  ApiPipeline tossSandboxApiPipeline(
      SandboxState tossSandboxState,
      IdempotencyStore tossSandboxIdempotencyStore,
      SandboxControls tossSandboxControls,
      SandboxClock tossSandboxClock,
      TossSandboxProperties properties,
      SandboxJson tossSandboxJson,
      Pauses tossSandboxPauses) {
    return new ApiPipeline(
        tossSandboxState,
        tossSandboxIdempotencyStore,
        tossSandboxControls,
        tossSandboxClock,
        properties,
        tossSandboxJson,
        tossSandboxPauses);
  }

  /** Serves every sandbox controller under toss-sandbox.base-path, and nothing else of the host. */
  @Bean
  WebMvcConfigurer tossSandboxPathPrefix(TossSandboxProperties properties) {
    return new WebMvcConfigurer() {
      @Override
      public void configurePathMatch(PathMatchConfigurer configurer) {
        if (!properties.basePath().isEmpty()) {
          configurer.addPathPrefix(
              properties.basePath(), HandlerTypePredicate.forAnnotation(SandboxController.class));
        }
      }
    };
  }
}
