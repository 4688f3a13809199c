package io.tossbill.consent;

import com.github.kagkarlsson.scheduler.SchedulerClient;
import com.github.kagkarlsson.scheduler.task.helper.RecurringTask;
import com.github.kagkarlsson.scheduler.task.helper.Tasks;
import com.github.kagkarlsson.scheduler.task.schedule.FixedDelay;
import io.tossbill.platform.RecurringJobs;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.stereotype.Component;

/**
 * Sends consent requests when their window opens (and reminders): a cluster-wide db-scheduler job
 * run every poll interval by one node, and at once when the test clock moves.
 */
@Component
class ConsentSweeper {

  static final String TASK = "consent-send-requests";

  private final ObjectProvider<SchedulerClient> scheduler;
  private final ConsentProperties properties;

  ConsentSweeper(ObjectProvider<SchedulerClient> scheduler, ConsentProperties properties) {
    this.scheduler = scheduler;
    this.properties = properties;
  }

  /** Asks for a pass now (the clock moved): the job's next run is moved to now. */
  void wake() {
    SchedulerClient client = scheduler.getIfAvailable();
    if (client == null || !properties.worker().enabled()) {
      return;
    }
    RecurringJobs.runNow(client, TASK);
  }

  /** The job, when this node sends consent requests. */
  @Configuration(proxyBeanMethods = false)
  @ConditionalOnProperty(
      name = "tossbill.consent.worker.enabled",
      havingValue = "true",
      matchIfMissing = true)
  static class Job {

    @Bean
    RecurringTask<Void> consentSendRequestsTask(
        ConsentSender sender, ConsentProperties properties) {
      return Tasks.recurring(TASK, FixedDelay.of(properties.worker().pollInterval()))
          .execute((instance, context) -> sender.sendDue());
    }
  }
}
