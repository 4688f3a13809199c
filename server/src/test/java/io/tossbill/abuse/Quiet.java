package io.tossbill.abuse;

import static org.awaitility.Awaitility.await;

import java.time.Duration;
import org.awaitility.core.ConditionTimeoutException;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Waits for what an accepted request set off after its commit (event listeners queueing a mail, a
 * notice), so that the next refused request is not blamed for it.
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
   * Until no more publications are pending than {@code before}, for at most five seconds (a
   * listener that fails keeps its publication; the wait then just ends).
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
  }
}
