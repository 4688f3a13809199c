package io.tossbill.consent;

import io.tossbill.customer.CustomerId;
import io.tossbill.testclock.TestClock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Sends consent requests: when their window opens, when the subscriber's snooze ends, and the
 * reminder before the deadline. "Sent" means {@link ConsentRequested} is published (the
 * notification module delivers it). The db-scheduler job in {@link ConsentSweeper} runs the passes.
 */
@Service
class ConsentSender {

  private final ConsentRepository repository;
  private final ConsentWording wording;
  private final TestClock clock;
  private final ConsentProperties properties;
  private final ApplicationEventPublisher events;
  private final TransactionTemplate transactions;

  ConsentSender(
      ConsentRepository repository,
      ConsentWording wording,
      TestClock clock,
      ConsentProperties properties,
      ApplicationEventPublisher events,
      TransactionTemplate transactions) {
    this.repository = repository;
    this.wording = wording;
    this.clock = clock;
    this.properties = properties;
    this.events = events;
    this.transactions = transactions;
  }

  /**
   * One sending pass: requests whose window opened, whose snooze ended or whose reminder is due at
   * the server's {@code serverNow}, each in its own transaction. Returns how many were sent.
   */
  int sendDue(Instant serverNow) {
    int sent = 0;
    for (long id : repository.dueToSend(serverNow, properties.worker().batchSize())) {
      Boolean done = transactions.execute(status -> sendIfDue(id));
      if (Boolean.TRUE.equals(done)) {
        sent++;
      }
    }
    return sent;
  }

  int sendDue() {
    return sendDue(clock.now());
  }

  /** The customer's test clock moved: their requests are sent by their new time. */
  void clockMoved(CustomerId customer, Duration offset) {
    repository.clockMoved(customer.value(), offset);
  }

  private boolean sendIfDue(long id) {
    Optional<Consent> found = repository.lock(id);
    if (found.isEmpty()) {
      return false;
    }
    Consent consent = found.get();
    Instant now = clock.now(new CustomerId(consent.customerId()));
    if (!consent.isDueToSend(now)) {
      return false; // another node sent it
    }
    return send(consent, now);
  }

  /**
   * Sends a request that is due, in the caller's transaction with its row locked (or just
   * inserted), unless the subscriber asked not to be asked until later; saves it and publishes what
   * was sent.
   */
  boolean send(Consent consent, Instant now) {
    Instant snoozedUntil = repository.snoozedUntil(consent.subscriptionId()).orElse(null);
    Optional<ConsentRequested> sent =
        consent.send(now, snoozedUntil, wording.current(consent), properties.reminderBefore());
    repository.save(consent, now);
    sent.ifPresent(events::publishEvent);
    return sent.isPresent();
  }
}
