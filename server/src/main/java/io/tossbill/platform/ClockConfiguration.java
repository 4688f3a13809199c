package io.tossbill.platform;

import java.time.Clock;
import java.time.ZoneId;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The one source of "now": business dates are in Asia/Seoul. It is a {@link MovableClock} so the
 * test clock (sandbox mode only) can move the whole server forward.
 */
@Configuration(proxyBeanMethods = false)
class ClockConfiguration {

  /** The zone of every business date (billing anchors, periods, receipts). */
  static final ZoneId SEOUL = BusinessTime.ZONE;

  @Bean
  @ConditionalOnMissingBean
  MovableClock clock() {
    return new MovableClock(Clock.system(SEOUL));
  }
}
