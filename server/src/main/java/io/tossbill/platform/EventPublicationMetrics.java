package io.tossbill.platform;

import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Spring Modulith's outbox: events whose listeners have not finished ({@code
 * tossbill_events_incomplete}). They are republished at start; a number that only grows means a
 * listener keeps failing.
 */
@Component
class EventPublicationMetrics {

  EventPublicationMetrics(JdbcClient jdbc, MeterRegistry meters) {
    DatabaseGauges.register(
        meters,
        "tossbill.events.incomplete",
        "Published events whose listeners have not completed",
        () ->
            jdbc.sql("SELECT count(*) FROM event_publication WHERE completion_date IS NULL")
                .query(Long.class)
                .single());
  }
}
