package io.tossbill.platform;

import com.github.kagkarlsson.scheduler.task.helper.RecurringTask;
import com.github.kagkarlsson.scheduler.task.helper.Tasks;
import com.github.kagkarlsson.scheduler.task.schedule.FixedDelay;
import java.time.Duration;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.modulith.events.CompletedEventPublications;
import org.springframework.modulith.events.IncompleteEventPublications;

/**
 * Hands events whose listeners did not finish to them again, on a running cluster (a cluster-wide
 * db-scheduler job: each run picked by one node). Spring Modulith does so only at a node's start
 * ({@code republish-outstanding-events-on-restart}); a listener that failed because PostgreSQL was
 * restarted under it (the receipt mail of a renewal, the refund notice) would otherwise wait for
 * the next deployment. Found by the fault trials (docs/reliability.md).
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(EventProperties.class)
class EventResubmission {

  @Bean
  RecurringTask<Void> eventResubmissionTask(
      IncompleteEventPublications publications, EventProperties properties) {
    return Tasks.recurring(
            "event-publication-resubmission", FixedDelay.of(properties.resubmitInterval()))
        .execute(
            (instance, context) ->
                publications.resubmitIncompletePublicationsOlderThan(properties.resubmitAfter()));
  }

  /**
   * Deletes completed publications older than {@code tossbill.events.archive-retention} from the
   * archive, once an hour (one node per run).
   */
  @Bean
  RecurringTask<Void> eventArchiveCleanupTask(
      CompletedEventPublications completed, EventProperties properties) {
    return Tasks.recurring("event-publication-archive-cleanup", FixedDelay.of(Duration.ofHours(1)))
        .execute(
            (instance, context) ->
                completed.deletePublicationsOlderThan(properties.archiveRetention()));
  }
}
