package io.tossbill.notice;

import com.github.kagkarlsson.scheduler.SchedulerClient;
import com.github.kagkarlsson.scheduler.task.helper.RecurringTask;
import com.github.kagkarlsson.scheduler.task.helper.Tasks;
import com.github.kagkarlsson.scheduler.task.schedule.FixedDelay;
import io.tossbill.platform.RecurringJobs;
import io.tossbill.testclock.TestClockMoved;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * The notices' cluster-wide jobs (db-scheduler: each run picked by one node): the upcoming-renewal
 * notices, run every poll interval and at once when the test clock moves; and the notice queue's
 * drain, which takes the requests a stopped node left ({@link NoticeQueue}).
 */
@Component
class NoticeJobs {

  static final String TASK = "notice-upcoming-renewals";
  static final String QUEUE_TASK = "notice-queue";

  private final ObjectProvider<SchedulerClient> scheduler;
  private final NoticeProperties properties;

  NoticeJobs(ObjectProvider<SchedulerClient> scheduler, NoticeProperties properties) {
    this.scheduler = scheduler;
    this.properties = properties;
  }

  /** A moved clock may bring renewals within the horizon: the job's next run moves to now. */
  @EventListener
  void on(TestClockMoved event) {
    SchedulerClient client = scheduler.getIfAvailable();
    if (client == null || !properties.worker().enabled()) {
      return;
    }
    RecurringJobs.runNow(client, TASK);
  }

  /** Every node may run it: composing is safe on any node (rows are locked, mails deduped). */
  @Configuration(proxyBeanMethods = false)
  static class Queue {

    @Bean
    RecurringTask<Void> noticeQueueTask(NoticeQueue queue, NoticeProperties properties) {
      return Tasks.recurring(QUEUE_TASK, FixedDelay.of(properties.queue().pollInterval()))
          .execute((instance, context) -> queue.drain());
    }
  }

  /** The job, when this node takes part. */
  @Configuration(proxyBeanMethods = false)
  @ConditionalOnProperty(
      name = "tossbill.notice.worker.enabled",
      havingValue = "true",
      matchIfMissing = true)
  static class Job {

    @Bean
    RecurringTask<Void> noticeUpcomingRenewalsTask(
        UpcomingRenewalNotices notices, NoticeProperties properties) {
      return Tasks.recurring(TASK, FixedDelay.of(properties.worker().pollInterval()))
          .execute((instance, context) -> notices.runPass());
    }
  }
}
