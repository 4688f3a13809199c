package io.tossbill.security;

import com.github.kagkarlsson.scheduler.task.helper.RecurringTask;
import com.github.kagkarlsson.scheduler.task.helper.Tasks;
import com.github.kagkarlsson.scheduler.task.schedule.FixedDelay;
import java.time.Clock;
import java.time.Duration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The security module's cluster-wide job (db-scheduler): removing expired Idempotency-Keys. */
@Configuration(proxyBeanMethods = false)
class SecurityJobs {

  private static final int BATCH = 1000;

  @Bean
  RecurringTask<Void> idempotencyKeyExpiryTask(IdempotencyStore store, Clock clock) {
    return Tasks.recurring("security-idempotency-key-expiry", FixedDelay.of(Duration.ofMinutes(10)))
        .execute(
            (instance, context) -> {
              while (store.deleteExpired(clock.instant(), BATCH) == BATCH
                  && !Thread.currentThread().isInterrupted()) {
                // a full batch: more may have expired
              }
            });
  }
}
