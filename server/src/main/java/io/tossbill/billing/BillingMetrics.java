package io.tossbill.billing;

import io.micrometer.core.instrument.MeterRegistry;
import io.tossbill.platform.DatabaseGauges;
import java.time.Clock;
import java.time.ZoneOffset;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * How far the renewal worker is behind: subscriptions whose next action is due and not yet taken
 * ({@code tossbill_billing_due}), and how overdue the oldest is ({@code
 * tossbill_billing_due_oldest_seconds}). Both stay near zero on a healthy node.
 */
@Component
class BillingMetrics {

  BillingMetrics(JdbcClient jdbc, MeterRegistry meters, Clock clock) {
    DatabaseGauges.register(
        meters,
        "tossbill.billing.due",
        "Subscriptions whose next action is due now",
        () ->
            jdbc.sql("SELECT count(*) FROM subscription WHERE due_at <= :now")
                .param("now", clock.instant().atOffset(ZoneOffset.UTC))
                .query(Long.class)
                .single());
    DatabaseGauges.register(
        meters,
        "tossbill.billing.due.oldest.seconds",
        "How long the most overdue subscription has waited for the renewal worker",
        () ->
            jdbc.sql(
                    "SELECT COALESCE(EXTRACT(EPOCH FROM (:now - min(due_at))), 0)"
                        + " FROM subscription WHERE due_at <= :now")
                .param("now", clock.instant().atOffset(ZoneOffset.UTC))
                .query(Double.class)
                .single());
  }
}
