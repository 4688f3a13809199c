package io.tossbill.platform;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Gauges read from PostgreSQL when scraped (a backlog: unsettled payments, due renewals, mail not
 * yet sent). A failing query shows as NaN, never as an error of the scrape.
 */
public final class DatabaseGauges {

  private static final Logger log = LoggerFactory.getLogger(DatabaseGauges.class);

  private DatabaseGauges() {}

  /** Registers {@code name} with its {@code tags} (name, value pairs), read by {@code query}. */
  public static void register(
      MeterRegistry meters,
      String name,
      String description,
      Supplier<? extends Number> query,
      String... tags) {
    Gauge.builder(
            name,
            query,
            q -> {
              try {
                return q.get().doubleValue();
              } catch (RuntimeException e) {
                log.debug("gauge {} could not be read: {}", name, e.toString());
                return Double.NaN;
              }
            })
        .description(description)
        .tags(tags)
        .strongReference(true)
        .register(meters);
  }
}
