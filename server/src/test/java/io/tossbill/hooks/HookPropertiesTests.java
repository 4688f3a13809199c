package io.tossbill.hooks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

class HookPropertiesTests {

  @Test
  void theDefaultScheduleRetriesForMoreThanThreeDays() {
    HookProperties defaults = bind(Map.of());

    assertThat(defaults.triesPerDelivery()).isEqualTo(11);
    assertThat(defaults.scheduleSpan())
        .isGreaterThanOrEqualTo(Duration.ofDays(3))
        .isEqualTo(Duration.ofHours(75).plusMinutes(36));
    assertThat(defaults.retryAfter(1)).contains(Duration.ofMinutes(1));
    assertThat(defaults.retryAfter(2)).contains(Duration.ofMinutes(5));
    assertThat(defaults.retryAfter(10)).contains(Duration.ofHours(20));
    assertThat(defaults.retryAfter(11)).isEmpty();
    // the last try of a delivery that always fails comes after disable-after: the endpoint is
    // disabled by then
    assertThat(defaults.scheduleSpan()).isGreaterThan(defaults.disableAfter());
    assertThat(defaults.triesPerDelivery()).isGreaterThanOrEqualTo(defaults.disableAfterFailures());
    assertThat(defaults.connectTimeout()).isEqualTo(Duration.ofSeconds(5));
    assertThat(defaults.responseTimeout()).isEqualTo(Duration.ofSeconds(10));
  }

  @Test
  void refusesAnEmptyScheduleABadAddressAndALeaseShorterThanTwoTries() {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> bind(Map.of("tossbill.hooks.alert-email", "not an address")))
        .withMessageContaining("alert-email");
    assertThatIllegalArgumentException()
        .isThrownBy(() -> bind(Map.of("tossbill.hooks.claim-lease", "20s")))
        .withMessageContaining("claim-lease");
    assertThatIllegalArgumentException()
        .isThrownBy(() -> bind(Map.of("tossbill.hooks.retry-schedule", "1m,0s")))
        .withMessageContaining("retry-schedule");
    assertThatIllegalArgumentException()
        .isThrownBy(() -> bind(Map.of("tossbill.hooks.alert-locale", "fr")))
        .withMessageContaining("alert-locale");
  }

  private static HookProperties bind(Map<String, String> values) {
    try {
      return new Binder(new MapConfigurationPropertySource(values))
          .bindOrCreate("tossbill.hooks", HookProperties.class);
    } catch (RuntimeException e) {
      Throwable cause = e;
      while (cause.getCause() != null && !(cause instanceof IllegalArgumentException)) {
        cause = cause.getCause();
      }
      if (cause instanceof IllegalArgumentException refused) {
        throw refused;
      }
      throw e;
    }
  }
}
