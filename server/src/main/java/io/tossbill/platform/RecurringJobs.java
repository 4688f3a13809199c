package io.tossbill.platform;

import com.github.kagkarlsson.scheduler.SchedulerClient;
import com.github.kagkarlsson.scheduler.task.TaskInstanceId;
import com.github.kagkarlsson.scheduler.task.helper.RecurringTask;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** What the modules' cluster-wide recurring jobs (db-scheduler) share. */
public final class RecurringJobs {

  private static final Logger log = LoggerFactory.getLogger(RecurringJobs.class);

  private RecurringJobs() {}

  /**
   * Moves the next run of the recurring job {@code task} to now (when the test clock moved, say).
   * db-scheduler keeps its schedule in real time, not the server's movable clock, hence {@link
   * Instant#now()}. A job running right now, or not scheduled yet, is left alone: its next run
   * comes anyway.
   */
  public static void runNow(SchedulerClient scheduler, String task) {
    try {
      scheduler.reschedule(TaskInstanceId.of(task, RecurringTask.INSTANCE), Instant.now());
    } catch (RuntimeException e) {
      log.debug("job {} not moved: {}", task, e.toString());
    }
  }
}
