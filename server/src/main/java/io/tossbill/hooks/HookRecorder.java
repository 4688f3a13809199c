package io.tossbill.hooks;

import io.tossbill.billing.SubscriptionEvent;
import io.tossbill.consent.ConsentAnswered;
import io.tossbill.consent.ConsentRequested;
import io.tossbill.customer.CardBecameUnusable;
import io.tossbill.customer.CardRegistered;
import io.tossbill.customer.CustomerCreated;
import io.tossbill.customer.CustomerDeleted;
import io.tossbill.customer.CustomerUpdated;
import io.tossbill.payment.PaymentFailed;
import io.tossbill.payment.PaymentRefunded;
import io.tossbill.payment.PaymentSucceeded;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import tools.jackson.databind.json.JsonMapper;

/**
 * The outbox's writer. Listens synchronously, inside the transaction that published the engine's
 * event, and writes the public event and one delivery per enabled endpoint that wants it: they
 * commit with the change that caused them, or not at all. Nothing is written when no endpoint wants
 * the event. After the commit the local dispatcher is woken; the cluster-wide job catches whatever
 * a wake-up misses.
 */
@Component
class HookRecorder {

  /** The body every endpoint gets, field order as declared. */
  record Envelope(
      String id,
      String type,
      Instant timestamp,
      long sequence,
      long customerId,
      @Nullable Long subscriptionId,
      Object data) {}

  private static final SecureRandom RANDOM = new SecureRandom();

  private final HookRepository repository;
  private final HookPayloads payloads;
  private final HookDispatcher dispatcher;
  private final JsonMapper json;
  private final Clock clock;

  HookRecorder(
      HookRepository repository,
      HookPayloads payloads,
      HookDispatcher dispatcher,
      JsonMapper json,
      Clock clock) {
    this.repository = repository;
    this.payloads = payloads;
    this.dispatcher = dispatcher;
    this.json = json;
    this.clock = clock;
  }

  // Synchronous, joining the publisher's transaction (REQUIRED): the rows exist exactly when the
  // engine's change committed. Not an @ApplicationModuleListener: that would run after the commit,
  // and sequence numbers would follow the listener's timing instead of the commit order. One
  // method per event type, so the module's documentation lists what it listens to.
  @EventListener
  @Transactional
  public void on(CustomerCreated event) {
    record(event);
  }

  @EventListener
  @Transactional
  public void on(CustomerUpdated event) {
    record(event);
  }

  @EventListener
  @Transactional
  public void on(CustomerDeleted event) {
    record(event);
  }

  @EventListener
  @Transactional
  public void on(CardRegistered event) {
    record(event);
  }

  @EventListener
  @Transactional
  public void on(CardBecameUnusable event) {
    record(event);
  }

  @EventListener
  @Transactional
  public void on(SubscriptionEvent event) {
    record(event);
  }

  @EventListener
  @Transactional
  public void on(PaymentSucceeded event) {
    record(event);
  }

  @EventListener
  @Transactional
  public void on(PaymentFailed event) {
    record(event);
  }

  @EventListener
  @Transactional
  public void on(PaymentRefunded event) {
    record(event);
  }

  @EventListener
  @Transactional
  public void on(ConsentRequested event) {
    record(event);
  }

  @EventListener
  @Transactional
  public void on(ConsentAnswered event) {
    record(event);
  }

  /** Writes the public event and its deliveries, when an enabled endpoint wants it. */
  void record(Object event) {
    List<HookRepository.Target> endpoints = endpointsOfThisTransaction();
    if (endpoints.isEmpty()) {
      return;
    }
    Optional<HookPayloads.Outgoing> mapped = payloads.of(event);
    if (mapped.isEmpty()) {
      return;
    }
    HookPayloads.Outgoing outgoing = mapped.get();
    List<Long> wanting =
        endpoints.stream()
            .filter(e -> outgoing.type().selectedBy(e.eventTypes()))
            .map(HookRepository.Target::id)
            .toList();
    if (wanting.isEmpty()) {
      return;
    }
    if (outgoing.dedupeKey() != null && repository.eventExists(outgoing.dedupeKey())) {
      return;
    }
    long sequence = repository.nextSequence(outgoing.scope());
    // as precise as the database keeps it, so the body and the row say the same time
    Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
    String id = newEventId();
    String body =
        json.writeValueAsString(
            new Envelope(
                id,
                outgoing.type().publicName(),
                now,
                sequence,
                outgoing.customerId(),
                outgoing.subscriptionId(),
                outgoing.data()));
    repository
        .insertEvent(
            id,
            outgoing.type().publicName(),
            outgoing.dedupeKey(),
            outgoing.customerId(),
            outgoing.subscriptionId(),
            sequence,
            body,
            now)
        .ifPresent(eventId -> repository.insertDeliveries(eventId, wanting, now));
  }

  /** The endpoints read in one transaction, and that transaction's wake-up. */
  private record Cached(List<HookRepository.Target> endpoints, TransactionSynchronization wake) {}

  /**
   * The enabled endpoints, read once per transaction (a renewal batch publishes many events in
   * one), with a wake-up of the dispatcher registered for after the commit.
   */
  private List<HookRepository.Target> endpointsOfThisTransaction() {
    if (!TransactionSynchronizationManager.isSynchronizationActive()) {
      return repository.enabledEndpoints();
    }
    if (TransactionSynchronizationManager.getResource(this) instanceof Cached cached) {
      if (TransactionSynchronizationManager.getSynchronizations().contains(cached.wake())) {
        return cached.endpoints();
      }
      // a transaction of its own inside the one that cached (REQUIRES_NEW): read again
      List<HookRepository.Target> endpoints = repository.enabledEndpoints();
      TransactionSynchronizationManager.registerSynchronization(wake(endpoints, false));
      return endpoints;
    }
    List<HookRepository.Target> endpoints = repository.enabledEndpoints();
    TransactionSynchronization wake = wake(endpoints, true);
    TransactionSynchronizationManager.bindResource(this, new Cached(endpoints, wake));
    TransactionSynchronizationManager.registerSynchronization(wake);
    return endpoints;
  }

  private TransactionSynchronization wake(List<HookRepository.Target> endpoints, boolean bound) {
    return new TransactionSynchronization() {
      @Override
      public void afterCommit() {
        if (!endpoints.isEmpty()) {
          dispatcher.wake();
        }
      }

      @Override
      public void afterCompletion(int status) {
        if (bound) {
          TransactionSynchronizationManager.unbindResourceIfPossible(HookRecorder.this);
        }
      }
    };
  }

  static String newEventId() {
    byte[] bytes = new byte[16];
    RANDOM.nextBytes(bytes);
    return "evt_" + HexFormat.of().formatHex(bytes);
  }
}
