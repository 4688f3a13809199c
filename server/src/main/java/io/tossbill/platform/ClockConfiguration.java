package io.tossbill.platform;

import java.time.Clock;
import java.time.ZoneId;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The one source of "now": business dates are in Asia/Seoul. */
@Configuration(proxyBeanMethods = false)
class ClockConfiguration {

  /** The zone of every business date (billing anchors, periods, receipts). */
  static final ZoneId SEOUL = BusinessTime.ZONE;

  @Bean
  @ConditionalOnMissingBean
  Clock clock() {
    return Clock.system(SEOUL);
  }
}
