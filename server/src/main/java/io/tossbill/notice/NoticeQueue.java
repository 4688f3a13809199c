package io.tossbill.notice;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.tossbill.payment.ChargePurpose;
import io.tossbill.payment.PaymentFailed;
import io.tossbill.payment.PaymentSucceeded;
import jakarta.annotation.PreDestroy;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.json.JsonMapper;

/**
 * The notices of payment outcomes: a receipt for each approved charge, a notice for each declined
 * renewal. They come by the thousand in a billing run, where the outcome writer records a batch of
 * outcomes per transaction; so they are asked for synchronously, in that transaction (a row in
 * {@code notice_request}: it exists exactly when the outcome committed), and composed into the mail
 * outbox a batch per transaction once it committed. A Spring Modulith listener would have cost a
 * publication and three commits per renewal (marked processing, the listener's transaction, marked
 * completed), most of what a renewal cost the database. After the commit this node drains the
 * queue; the cluster-wide job ({@link NoticeJobs}) takes what a stopped node left. A request that
 * cannot be composed is tried again later (backoff up to an hour) without holding up the others.
 */
@Component
class NoticeQueue {

  private static final Logger log = LoggerFactory.getLogger(NoticeQueue.class);

  /** The causes composed here, by the type name stored with them. */
  private static final Map<String, Class<?>> CAUSES =
      Map.of(
          PaymentSucceeded.class.getName(), PaymentSucceeded.class,
          PaymentFailed.class.getName(), PaymentFailed.class);

  private static final Duration FIRST_RETRY = Duration.ofMinutes(1);
  private static final Duration LONGEST_RETRY = Duration.ofHours(1);

  private final NoticeRequests requests;
  private final LifecycleNotices notices;
  private final NoticeProperties properties;
  private final JsonMapper json;
  private final Clock clock;
  private final TransactionTemplate transactions;
  private final RequestsVacuum vacuum;
  private final AtomicInteger drainers = new AtomicInteger();
  private final AtomicBoolean again = new AtomicBoolean();
  private volatile boolean stopped;

  NoticeQueue(
      NoticeRequests requests,
      LifecycleNotices notices,
      NoticeProperties properties,
      JsonMapper json,
      Clock clock,
      TransactionTemplate transactions,
      JdbcClient jdbc,
      MeterRegistry meters) {
    this.requests = requests;
    this.notices = notices;
    this.properties = properties;
    this.json = json;
    this.clock = clock;
    this.transactions = transactions;
    this.vacuum = new RequestsVacuum(properties.queue().vacuumAfter(), requests::vacuum);
    Gauge.builder(
            "tossbill.notice.queue",
            jdbc,
            db -> db.sql("SELECT count(*) FROM notice_request").query(Long.class).single())
        .description("Notices asked for and not yet composed into the mail outbox")
        .register(meters);
  }

  // Synchronous, joining the publisher's transaction (REQUIRED), like the outgoing webhooks'
  // recorder: the request commits with the outcome, or not at all.
  @EventListener
  @Transactional
  public void on(PaymentSucceeded event) {
    ask(event);
  }

  @EventListener
  @Transactional
  public void on(PaymentFailed event) {
    if (event.purpose() == ChargePurpose.PERIOD) {
      ask(event); // an upgrade's refused charge was seen by the subscriber: nothing to mail
    }
  }

  private void ask(Object event) {
    var request =
        new NoticeRequests.New(
            event.getClass().getName(), json.writeValueAsString(event), clock.instant());
    if (!TransactionSynchronizationManager.isSynchronizationActive()) {
      requests.add(List.of(request));
      wake();
      return;
    }
    askedIn().add(request);
  }

  /**
   * The current transaction's requests: written together just before it commits (in it: they commit
   * with the outcomes or not at all), and the queue woken once after the commit.
   */
  private Asked askedIn() {
    Asked asked = (Asked) TransactionSynchronizationManager.getResource(this);
    if (asked != null) {
      return asked;
    }
    Asked fresh = new Asked();
    TransactionSynchronizationManager.bindResource(this, fresh);
    TransactionSynchronizationManager.registerSynchronization(
        new TransactionSynchronization() {
          @Override
          public void beforeCommit(boolean readOnly) {
            fresh.flush();
          }

          @Override
          public void afterCompletion(int status) {
            TransactionSynchronizationManager.unbindResourceIfPossible(NoticeQueue.this);
            if (status == STATUS_COMMITTED) {
              wake();
            }
          }
        });
    return fresh;
  }

  /** Requests of one transaction not written yet. */
  private final class Asked {
    private final List<NoticeRequests.New> pending = new ArrayList<>();
    private boolean flushed;

    void add(NoticeRequests.New request) {
      if (flushed) {
        requests.add(List.of(request)); // asked for while the transaction commits: still in it
      } else {
        pending.add(request);
      }
    }

    void flush() {
      flushed = true;
      requests.add(pending);
    }
  }

  /**
   * Requests were committed: drain soon, off this thread, with one more drainer while fewer than
   * {@code tossbill.notice.queue.threads} run (they take different rows: SKIP LOCKED).
   */
  void wake() {
    again.set(true);
    int running;
    while (!stopped && (running = drainers.get()) < properties.queue().threads()) {
      if (drainers.compareAndSet(running, running + 1)) {
        Thread.ofVirtual().name("notice-queue").start(this::drainWhileWoken);
        return;
      }
    }
  }

  private void drainWhileWoken() {
    try {
      while (!stopped) {
        again.set(false);
        if (drain() == 0 && !again.get()) {
          break;
        }
      }
    } catch (RuntimeException e) {
      // the database is away for a moment: the job drains at its next run
      log.warn("Notice queue pass failed: {}", e.toString());
    } finally {
      drainers.decrementAndGet();
      if (again.get() && !stopped) {
        wake();
      }
    }
  }

  /** Passes until one finds less than a full batch due; how many requests were taken. */
  int drain() {
    int total = 0;
    int taken;
    do {
      taken = pass();
      total += taken;
    } while (taken == properties.queue().batchSize() && !stopped);
    return total;
  }

  /**
   * Composes one batch of due requests in one transaction; when any of them fails, the batch is
   * rolled back and composed one request per transaction, a failing one postponed.
   */
  int pass() {
    Instant now = clock.instant();
    int size = properties.queue().batchSize();
    try {
      Integer composed =
          transactions.execute(
              status -> {
                List<NoticeRequests.Request> batch = requests.claim(now, size);
                compose(batch);
                requests.delete(batch.stream().map(NoticeRequests.Request::id).toList());
                return batch.size();
              });
      int taken = composed == null ? 0 : composed;
      if (!TransactionSynchronizationManager.isActualTransactionActive()) {
        vacuum.deleted(taken); // VACUUM runs outside a transaction; inside a caller's, not counted
      }
      return taken;
    } catch (RuntimeException batchFailed) {
      log.info(
          "A notice batch failed ({}): composing its requests one at a time",
          batchFailed.getClass().getSimpleName());
      return oneByOne(now, size);
    }
  }

  private int oneByOne(Instant now, int size) {
    List<NoticeRequests.Request> due = transactions.execute(status -> requests.claim(now, size));
    if (due == null) {
      return 0;
    }
    for (NoticeRequests.Request request : due) {
      try {
        transactions.executeWithoutResult(
            status ->
                requests
                    .claim(request.id(), now)
                    .ifPresent(
                        r -> {
                          compose(List.of(r));
                          requests.delete(List.of(r.id()));
                        }));
      } catch (RuntimeException e) {
        Instant retry = now.plus(backoff(request.attempts()));
        log.warn(
            "Notice request {} ({}) not composed ({}), tried again after {}",
            request.id(),
            request.eventType(),
            e.getClass().getSimpleName(),
            retry);
        transactions.executeWithoutResult(
            status -> requests.postpone(request.id(), retry, e.getClass().getName()));
      }
    }
    return due.size();
  }

  /** The receipts of a batch together (their reads a statement each), the rest one by one. */
  private void compose(List<NoticeRequests.Request> batch) {
    List<PaymentSucceeded> approved = new ArrayList<>();
    for (NoticeRequests.Request request : batch) {
      Class<?> type = CAUSES.get(request.eventType());
      if (type == null) {
        throw new IllegalStateException("no notice is composed for " + request.eventType());
      }
      switch (json.readValue(request.payload(), type)) {
        case PaymentSucceeded a -> approved.add(a);
        case PaymentFailed declined -> notices.paymentFailed(declined);
        default -> throw new IllegalStateException("unexpected cause " + request.eventType());
      }
    }
    notices.receipts(approved);
  }

  /** 1, 2, 4 ... minutes after each failed try, at most an hour. */
  static Duration backoff(int attempts) {
    Duration wait = FIRST_RETRY.multipliedBy(1L << Math.min(attempts, 10));
    return wait.compareTo(LONGEST_RETRY) > 0 ? LONGEST_RETRY : wait;
  }

  @PreDestroy
  void stop() {
    stopped = true;
  }
}
