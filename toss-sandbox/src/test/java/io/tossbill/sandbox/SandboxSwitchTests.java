package io.tossbill.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.context.annotation.ComponentScan;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.FilterType;
import org.springframework.context.annotation.Import;

class SandboxSwitchTests {

  /** A host whose component scan finds the sandbox's classes by itself. */
  @Configuration(proxyBeanMethods = false)
  @ComponentScan(
      basePackageClasses = TossSandboxConfiguration.class,
      useDefaultFilters = false,
      includeFilters =
          @ComponentScan.Filter(
              type = FilterType.ASSIGNABLE_TYPE,
              classes = {
                TossSandboxConfiguration.class,
                TossApiController.class,
                BillingWindowController.class,
                ControlsController.class,
                SandboxExceptionHandler.class
              }))
  static class BroadScanHost {}

  @Configuration(proxyBeanMethods = false)
  @Import(TossSandboxConfiguration.class)
  static class ImportingHost {}

  private final WebApplicationContextRunner runner = new WebApplicationContextRunner();

  @Test
  void mountsNothingWhenDisabledEvenIfScanned() {
    runner
        .withUserConfiguration(BroadScanHost.class)
        .withPropertyValues("toss-sandbox.enabled=false")
        .run(
            context -> {
              assertThat(context).hasNotFailed();
              assertThat(context).doesNotHaveBean("tossSandboxApiController");
              assertThat(context).doesNotHaveBean(SandboxClock.class);
            });
  }

  @Test
  void mountsEverythingByDefaultWithBeanNamesOfItsOwn() {
    runner
        .withUserConfiguration(ImportingHost.class)
        .run(
            context -> {
              assertThat(context).hasNotFailed();
              assertThat(context)
                  .hasBean("tossSandboxApiController")
                  .hasBean("tossSandboxClock")
                  .hasBean("tossSandboxControlsController")
                  .hasBean("tossSandboxBillingWindowController");
              assertThat(context).doesNotHaveBean(java.time.Clock.class);
              assertThat(context.getBeanNamesForType(Object.class))
                  .filteredOn(name -> name.startsWith("toss"))
                  .allMatch(
                      name -> name.startsWith("tossSandbox") || name.startsWith("toss-sandbox"));
            });
  }
}
