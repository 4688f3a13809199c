package io.tossbill.abuse;

import static org.awaitility.Awaitility.await;

import java.time.Duration;
import org.awaitility.core.ConditionTimeoutException;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Waits for what an accepted request set off after its commit (event listeners queueing a mail, a
 * notice, outgoing webhook deliveries being tried), so that the next refused request is not blamed
 * for it.
 */
final class Quiet {

  private Quiet() {}

  /** Event publications not yet completed (a listener still to run, or one that failed). */
  static long pending(JdbcClient jdbc) {
    return jdbc.sql("select count(*) from event_publication where completion_date is null")
        .query(Long.class)
        .single();
  }

  /**
   * Outgoing webhook deliveries being tried or due within the hour (a failed try waits a day in the
   * abuse context), to endpoints that are enabled.
   */
  static long hooksDue(JdbcClient jdbc) {
    return jdbc.sql(
            """
            select count(*) from hook_delivery d join hook_endpoint e on e.id = d.endpoint_id
            where e.enabled and d.status = 'PENDING'
              and (d.claim_token is not null or d.next_attempt_at <= now() + interval '1 hour')
            """)
        .query(Long.class)
        .single();
  }

  /**
   * Until no more publications are pending than {@code before} and no webhook delivery is being
   * tried or due, for at most five seconds each (a listener that fails keeps its publication; the
   * wait then just ends).
   */
  static void afterEvents(JdbcClient jdbc, long before) {
    try {
      await()
          .atMost(Duration.ofSeconds(5))
          .pollInterval(Duration.ofMillis(20))
          .until(() -> pending(jdbc) <= before);
    } catch (ConditionTimeoutException stillPending) {
      // nothing to wait for any more: the refused requests that follow are compared from here
    }
    try {
      await()
          .atMost(Duration.ofSeconds(5))
          .pollInterval(Duration.ofMillis(20))
          .until(() -> hooksDue(jdbc) == 0);
    } catch (ConditionTimeoutException stillDue) {
      // the same: a try that hangs is the delivery's business, compared from here
    }
  }
}
