package io.tossbill.platform;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.kagkarlsson.scheduler.task.helper.RecurringTask;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The archive of completed event publications does not grow forever: the hourly job deletes the
 * ones completed longer ago than {@code tossbill.events.archive-retention} (30 days) and keeps the
 * rest.
 */
@SpringBootTest
class EventArchiveCleanupIntegrationTests {

  @Autowired JdbcClient jdbc;

  @Autowired
  @Qualifier("eventArchiveCleanupTask")
  RecurringTask<Void> cleanup;

  @Test
  void completedPublicationsOlderThanTheRetentionAreDeletedAndNewerOnesKept() {
    Instant now = Instant.now();
    UUID old = archived(now.minus(Duration.ofDays(31)));
    UUID recent = archived(now.minus(Duration.ofDays(29)));

    cleanup.execute(null, null);

    assertThat(exists(old)).as("completed 31 days ago").isFalse();
    assertThat(exists(recent)).as("completed 29 days ago").isTrue();
  }

  private UUID archived(Instant completed) {
    UUID id = UUID.randomUUID();
    jdbc.sql(
            """
            INSERT INTO event_publication_archive
              (id, listener_id, event_type, serialized_event, publication_date, completion_date, status)
            VALUES (:id, 'test.Listener.on(test.Event)', 'test.Event', '{}', :published, :completed,
                    'COMPLETED')
            """)
        .param("id", id)
        .param("published", OffsetDateTime.ofInstant(completed.minusSeconds(1), ZoneOffset.UTC))
        .param("completed", OffsetDateTime.ofInstant(completed, ZoneOffset.UTC))
        .update();
    return id;
  }

  private boolean exists(UUID id) {
    return jdbc.sql("SELECT count(*) FROM event_publication_archive WHERE id = :id")
            .param("id", id)
            .query(Long.class)
            .single()
        == 1;
  }
}
