package io.tossbill.webhook;

import com.github.kagkarlsson.scheduler.task.helper.RecurringTask;
import com.github.kagkarlsson.scheduler.task.helper.Tasks;
import com.github.kagkarlsson.scheduler.task.schedule.FixedDelay;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The cluster-wide job that retries read-backs and picks up deliveries whose processing was lost.
 */
@Configuration(proxyBeanMethods = false)
class WebhookConfiguration {

  static final String RETRY_TASK = "toss-webhook-retry";

  @Bean
  RecurringTask<Void> tossWebhookRetryTask(
      WebhookProcessor processor, WebhookProperties properties) {
    return Tasks.recurring(RETRY_TASK, FixedDelay.of(properties.pollInterval()))
        .execute(
            (instance, context) -> {
              // drain what is due, a batch at a time, without holding a transaction across Toss
              // calls
              while (processor.processDue() == properties.batchSize()) {
                if (Thread.currentThread().isInterrupted()) {
                  return;
                }
              }
            });
  }
}
