package io.tossbill.mail;

import io.micrometer.core.instrument.MeterRegistry;
import io.tossbill.platform.DatabaseGauges;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Locale;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The outbox's backlog: mails waiting to be sent or given up on ({@code
 * tossbill_mail_outbox{status}}), and how overdue the most overdue waiting mail is ({@code
 * tossbill_mail_outbox_overdue_seconds}). A growing figure means the SMTP server does not take
 * mail, or the mail job does not run.
 */
@Component
class MailMetrics {

  MailMetrics(JdbcClient jdbc, MeterRegistry meters, Clock clock) {
    for (MailStatus status :
        List.of(
            MailStatus.QUEUED,
            MailStatus.RETRY,
            MailStatus.SENDING,
            MailStatus.FAILED,
            MailStatus.UNKNOWN,
            MailStatus.HELD)) {
      DatabaseGauges.register(
          meters,
          "tossbill.mail.outbox",
          "Mails in the outbox by status (sent ones are not counted)",
          () ->
              jdbc.sql("SELECT count(*) FROM mail_message WHERE status = :status")
                  .param("status", status.name())
                  .query(Long.class)
                  .single(),
          "status",
          status.name().toLowerCase(Locale.ROOT));
    }
    DatabaseGauges.register(
        meters,
        "tossbill.mail.outbox.overdue.seconds",
        "How long past its time the most overdue waiting mail is",
        () ->
            jdbc.sql(
                    "SELECT min(next_attempt_at) FROM mail_message"
                        + " WHERE status IN ('QUEUED', 'RETRY')")
                .query(OffsetDateTime.class)
                .optional()
                .map(
                    due ->
                        (double)
                            Math.max(
                                0,
                                clock.instant().getEpochSecond()
                                    - due.toInstant().getEpochSecond()))
                .orElse(0.0));
  }
}
