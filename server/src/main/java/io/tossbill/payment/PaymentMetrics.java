package io.tossbill.payment;

import io.micrometer.core.instrument.MeterRegistry;
import io.tossbill.platform.DatabaseGauges;
import java.time.Clock;
import java.time.OffsetDateTime;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The janitors' backlog: charges and refunds whose outcome is not known yet, and how long the
 * oldest has waited ({@code tossbill_payment_unsettled}, {@code
 * tossbill_payment_unsettled_oldest_seconds}). A growing backlog means Toss does not answer, or the
 * janitor does not run.
 */
@Component
class PaymentMetrics {

  PaymentMetrics(JdbcClient jdbc, MeterRegistry meters, Clock clock) {
    for (String status : new String[] {"PENDING", "UNKNOWN"}) {
      DatabaseGauges.register(
          meters,
          "tossbill.payment.unsettled",
          "Charges whose outcome is not settled yet",
          () ->
              jdbc.sql("SELECT count(*) FROM payment WHERE status = :status")
                  .param("status", status)
                  .query(Long.class)
                  .single(),
          "kind",
          "charge",
          "status",
          status.toLowerCase(java.util.Locale.ROOT));
    }
    DatabaseGauges.register(
        meters,
        "tossbill.payment.unsettled",
        "Refunds whose outcome is not settled yet",
        () ->
            jdbc.sql("SELECT count(*) FROM refund WHERE status IN ('PENDING', 'UNKNOWN')")
                .query(Long.class)
                .single(),
        "kind",
        "refund",
        "status",
        "unsettled");
    DatabaseGauges.register(
        meters,
        "tossbill.payment.unsettled.oldest.seconds",
        "How long the oldest unsettled charge has waited",
        () ->
            jdbc.sql("SELECT min(requested_at) FROM payment WHERE status IN ('PENDING', 'UNKNOWN')")
                .query(OffsetDateTime.class)
                .optional()
                .map(
                    oldest ->
                        (double)
                            Math.max(
                                0,
                                clock.instant().getEpochSecond()
                                    - oldest.toInstant().getEpochSecond()))
                .orElse(0.0));
  }
}
