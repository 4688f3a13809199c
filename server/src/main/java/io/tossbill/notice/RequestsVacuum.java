package io.tossbill.notice;

import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Vacuums the request table after every {@code after} requests this node deleted. The queue deletes
 * each request it composed and claims from the oldest end of its index, so that end fills with
 * deleted rows: thousands a second in a billing run, while autovacuum looks at a table at most once
 * a minute. Every claim then walks over them (3 to 4 ms a claim at 100,000 renewals,
 * docs/benchmarks.md); a vacuum every few thousand deletions keeps a claim to the rows it takes.
 */
final class RequestsVacuum {

  private static final Logger log = LoggerFactory.getLogger(RequestsVacuum.class);

  private final long after;
  private final Runnable vacuum;
  private final AtomicLong deleted = new AtomicLong();

  /**
   * @param after deletions between two vacuums; 0: never (autovacuum alone)
   * @param vacuum runs the vacuum, outside any transaction
   */
  RequestsVacuum(long after, Runnable vacuum) {
    if (after < 0) {
      throw new IllegalArgumentException("after is 0 or more, was " + after);
    }
    this.after = after;
    this.vacuum = vacuum;
  }

  /** Counts requests deleted (committed); vacuums when {@code after} more have been. */
  void deleted(int count) {
    if (after == 0 || count <= 0 || deleted.addAndGet(count) < after) {
      return;
    }
    deleted.set(0);
    try {
      vacuum.run();
    } catch (RuntimeException e) {
      // not the table's owner (an external database's role), say: autovacuum still does it
      log.warn("Vacuuming the notice requests failed; autovacuum is left to it: {}", e.toString());
    }
  }
}
