package io.tossbill.mail;

import com.github.kagkarlsson.scheduler.task.helper.RecurringTask;
import com.github.kagkarlsson.scheduler.task.helper.Tasks;
import com.github.kagkarlsson.scheduler.task.schedule.FixedDelay;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The mail outbox's cluster-wide job (db-scheduler: each run picked by one node): retries due,
 * queued mails left over by their event, sends abandoned by a stopped node.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(name = "tossbill.mail.worker", havingValue = "true", matchIfMissing = true)
class MailJobs {

  @Bean
  RecurringTask<Void> mailOutboxTask(MailDelivery delivery, MailProperties properties) {
    return Tasks.recurring("mail-outbox", FixedDelay.of(properties.pollInterval()))
        .execute((instance, context) -> delivery.runPass());
  }
}
