package io.tossbill.hooks;

import com.github.kagkarlsson.scheduler.task.helper.RecurringTask;
import com.github.kagkarlsson.scheduler.task.helper.Tasks;
import com.github.kagkarlsson.scheduler.task.schedule.FixedDelay;
import java.time.Clock;
import java.time.Duration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The outgoing webhooks' cluster-wide jobs (db-scheduler: each run picked by one node): deliveries
 * that are due (retries, and whatever a wake-up after commit missed), and the deletion of finished
 * events older than the retention. Every node also sends right after its own commits.
 */
@Configuration(proxyBeanMethods = false)
class HookJobs {

  @Bean
  @ConditionalOnProperty(
      name = "tossbill.hooks.worker",
      havingValue = "true",
      matchIfMissing = true)
  RecurringTask<Void> webhookDeliveryTask(HookDispatcher dispatcher, HookProperties properties) {
    return Tasks.recurring("webhook-out-delivery", FixedDelay.of(properties.pollInterval()))
        .execute((instance, context) -> dispatcher.drain());
  }

  @Bean
  @ConditionalOnProperty(
      name = "tossbill.hooks.worker",
      havingValue = "true",
      matchIfMissing = true)
  RecurringTask<Void> webhookRetentionTask(
      HookRepository repository, HookProperties properties, Clock clock) {
    return Tasks.recurring("webhook-out-retention", FixedDelay.of(Duration.ofHours(1)))
        .execute(
            (instance, context) -> {
              var before = clock.instant().minus(properties.retention());
              while (repository.deleteExpiredEvents(before, 1000) == 1000
                  && !Thread.currentThread().isInterrupted()) {
                // a full batch: there may be more
              }
            });
  }
}
