package io.tossbill.mail;

import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.internet.MimeMessage;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Properties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.context.event.EventListener;
import org.springframework.core.task.TaskExecutor;
import org.springframework.mail.MailException;
import org.springframework.mail.MailParseException;
import org.springframework.mail.MailPreparationException;
import org.springframework.mail.javamail.JavaMailSender;
import org.springframework.mail.javamail.JavaMailSenderImpl;
import org.springframework.mail.javamail.MimeMessageHelper;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Sends queued mails. Each send claims its row first (QUEUED or RETRY → SENDING, committed), talks
 * to the SMTP server outside any transaction, then records SENT or the failure: a second node, or
 * the same event delivered again by the event outbox, finds the row claimed and sends nothing. A
 * cluster-wide job ({@link MailJobs}) retries failed sends with backoff, picks up queued mails
 * whose event never ran, and marks sends abandoned by a stopped node UNKNOWN (never re-sent by
 * itself).
 */
@Component
class MailDelivery {

  private static final Logger log = LoggerFactory.getLogger(MailDelivery.class);

  /** A queued mail is left to its event's listener for this long before the loop takes it. */
  private static final Duration LISTENER_GRACE = Duration.ofMinutes(1);

  private final MailRepository repository;
  private final ObjectProvider<JavaMailSender> smtp;
  private final MailProperties properties;
  private final Clock clock;
  private final TransactionTemplate transactions;
  private final TaskExecutor executor;

  MailDelivery(
      MailRepository repository,
      ObjectProvider<JavaMailSender> smtp,
      MailProperties properties,
      Clock clock,
      TransactionTemplate transactions,
      @Qualifier("applicationTaskExecutor") TaskExecutor executor) {
    this.executor = executor;
    this.repository = repository;
    this.smtp = smtp;
    this.properties = properties;
    this.clock = clock;
    this.transactions = transactions;
  }

  /**
   * Sends right after the queueing transaction committed, on another thread. Not a
   * {@code @TransactionalEventListener}: Spring Modulith would record, mark and archive a
   * publication per mail (statements and commits on every renewal's receipt), while the outbox row
   * already is the record: a send lost with a stopped node is taken by {@link MailJobs} once the
   * row has waited {@code LISTENER_GRACE}.
   */
  @EventListener
  void on(MailQueued event) {
    Runnable send = () -> executor.execute(() -> deliver(event.mailId()));
    if (!TransactionSynchronizationManager.isSynchronizationActive()) {
      send.run();
      return;
    }
    TransactionSynchronizationManager.registerSynchronization(
        new TransactionSynchronization() {
          @Override
          public void afterCommit() {
            send.run();
          }
        });
  }

  /** Sends the mail if it is still waiting; true when this call sent it. */
  boolean deliver(long id) {
    JavaMailSender sender = smtp.getIfAvailable();
    if (sender == null) {
      return false;
    }
    Boolean claimed = transactions.execute(status -> repository.claim(id, clock.instant()));
    if (!Boolean.TRUE.equals(claimed)) {
      return false;
    }
    MailRepository.Stored mail = repository.find(id).orElseThrow();
    try {
      sender.send(message(sender, mail));
    } catch (MailException | MessagingException e) {
      failed(mail, e);
      return false;
    }
    transactions.executeWithoutResult(status -> repository.sent(id, clock.instant()));
    log.info("Sent mail {} ({}) to recipient of {}", id, mail.template(), mail.dedupeKey());
    return true;
  }

  private MimeMessage message(JavaMailSender sender, MailRepository.Stored mail)
      throws MessagingException {
    Session session =
        sender instanceof JavaMailSenderImpl impl
            ? impl.getSession()
            : Session.getInstance(new Properties());
    MimeMessage message =
        new MimeMessage(session) {
          @Override
          protected void updateMessageID() throws MessagingException {
            // the same id on every try, so a receiver can tell a resend from a new mail
            setHeader("Message-ID", mail.messageId());
          }
        };
    MimeMessageHelper helper = new MimeMessageHelper(message, true, StandardCharsets.UTF_8.name());
    helper.setFrom(properties.from());
    helper.setTo(mail.to());
    helper.setSubject(mail.subject());
    helper.setText(mail.text(), mail.html());
    message.setHeader("Content-Language", mail.locale());
    return message;
  }

  private void failed(MailRepository.Stored mail, Exception e) {
    boolean permanent =
        e instanceof MailParseException
            || e instanceof MailPreparationException
            || e instanceof MessagingException;
    int attempts = mail.attempts() + 1;
    String reason = e.getClass().getSimpleName() + ": " + String.valueOf(e.getMessage());
    if (permanent || attempts >= properties.maxAttempts()) {
      transactions.executeWithoutResult(
          status -> repository.notSent(mail.id(), MailStatus.FAILED, null, reason));
      log.warn(
          "Mail {} ({}) failed for good after {} tries: {}",
          mail.id(),
          mail.template(),
          attempts,
          reason);
      return;
    }
    Duration wait = properties.firstRetryAfter().multipliedBy(1L << Math.min(attempts - 1, 20));
    if (wait.compareTo(properties.maxBackoff()) > 0) {
      wait = properties.maxBackoff();
    }
    Instant next = clock.instant().plus(wait);
    transactions.executeWithoutResult(
        status -> repository.notSent(mail.id(), MailStatus.RETRY, next, reason));
    log.info("Mail {} ({}) not sent ({}); retry at {}", mail.id(), mail.template(), reason, next);
  }

  /** One pass of the job: abandoned sends become UNKNOWN, due mails are sent. */
  int runPass() {
    if (smtp.getIfAvailable() == null) {
      return 0;
    }
    Instant now = clock.instant();
    Integer abandoned =
        transactions.execute(
            status -> repository.markAbandoned(now.minus(properties.sendingStaleAfter())));
    if (abandoned != null && abandoned > 0) {
      log.warn("{} mails were being sent by a node that stopped: marked UNKNOWN", abandoned);
    }
    int sent = 0;
    for (long id : repository.due(now.minus(LISTENER_GRACE), now, 50)) {
      if (deliver(id)) {
        sent++;
      }
    }
    return sent;
  }
}
