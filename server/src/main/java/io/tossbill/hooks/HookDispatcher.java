package io.tossbill.hooks;

import io.micrometer.core.instrument.MeterRegistry;
import jakarta.annotation.PreDestroy;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.retry.RetryListener;
import org.springframework.core.retry.RetryPolicy;
import org.springframework.core.retry.RetryTemplate;
import org.springframework.core.retry.Retryable;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Delivers due deliveries. A pass claims a batch in one short transaction ({@code FOR UPDATE SKIP
 * LOCKED}, a claim token, the due time moved to the lease's end so no other node takes them),
 * commits, sends outside any transaction, and writes each outcome in its own short transaction by
 * compare-and-set on the token. Deliveries of one endpoint for one subscription (or customer) are
 * sent one after another in event order; others in parallel, at most {@code max-in-flight} at once
 * on this node. A try that cannot start before the lease ends minus one try's time is released. An
 * outcome that cannot be written because the database is away for a moment is written again until
 * shortly before the lease ends: a 2xx the endpoint gave is not forgotten and sent again.
 */
@Component
class HookDispatcher {

  private static final Logger log = LoggerFactory.getLogger(HookDispatcher.class);
  private static final Duration FIRST_REWRITE_AFTER = Duration.ofMillis(200);
  private static final Duration MAX_REWRITE_WAIT = Duration.ofSeconds(5);
  // the last write of an outcome starts at least this long before the claim's lease ends
  private static final Duration REWRITE_MARGIN = Duration.ofSeconds(1);

  private final HookRepository repository;
  private final HookSender sender;
  private final HookAlerts alerts;
  private final HookProperties properties;
  private final Clock clock;
  private final TransactionTemplate transactions;
  private final MeterRegistry meters;
  private final Semaphore permits;
  private final AtomicBoolean draining = new AtomicBoolean();
  private final AtomicBoolean again = new AtomicBoolean();
  private volatile boolean stopped;

  HookDispatcher(
      HookRepository repository,
      HookSender sender,
      HookAlerts alerts,
      HookProperties properties,
      Clock clock,
      TransactionTemplate transactions,
      MeterRegistry meters) {
    this.repository = repository;
    this.sender = sender;
    this.alerts = alerts;
    this.properties = properties;
    this.clock = clock;
    this.transactions = transactions;
    this.meters = meters;
    this.permits = new Semaphore(properties.maxInFlight());
  }

  /** Something was queued (after its commit) or put back in line: drain soon, off this thread. */
  void wake() {
    again.set(true);
    if (!stopped && draining.compareAndSet(false, true)) {
      Thread.ofVirtual().name("hooks-dispatch").start(this::drainWhileWoken);
    }
  }

  private void drainWhileWoken() {
    try {
      while (again.getAndSet(false) && !stopped) {
        drain();
      }
    } catch (RuntimeException e) {
      // the database is away for a moment: the job tries again at its next run
      log.warn("Webhook dispatch pass failed: {}", e.toString());
    } finally {
      draining.set(false);
      if (again.get() && !stopped) {
        wake();
      }
    }
  }

  /** Passes until a pass finds less than a full batch due; how many tries were made. */
  int drain() {
    int total = 0;
    int claimed;
    do {
      claimed = pass();
      total += claimed;
    } while (claimed == properties.batchSize()
        && !stopped
        && !Thread.currentThread().isInterrupted());
    return total;
  }

  /** Claims one batch of due deliveries and tries each; how many were claimed. */
  int pass() {
    Instant now = clock.instant();
    UUID token = UUID.randomUUID();
    List<HookRepository.Claimed> claimed =
        transactions.execute(
            status ->
                repository.claim(
                    token, now, now.plus(properties.claimLease()), properties.batchSize()));
    if (claimed == null || claimed.isEmpty()) {
      return 0;
    }
    Duration oneTry = properties.connectTimeout().plus(properties.responseTimeout());
    long claimedAt = System.nanoTime();
    long lastStart = claimedAt + properties.claimLease().minus(oneTry).toNanos();
    long lastWrite = claimedAt + properties.claimLease().minus(REWRITE_MARGIN).toNanos();
    Map<String, List<HookRepository.Claimed>> groups =
        claimed.stream()
            .collect(
                Collectors.groupingBy(
                    HookRepository.Claimed::group, LinkedHashMap::new, Collectors.toList()));
    try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
      for (List<HookRepository.Claimed> group : groups.values()) {
        threads.submit(() -> sendInOrder(group, token, lastStart, lastWrite));
      }
    }
    return claimed.size();
  }

  private void sendInOrder(
      List<HookRepository.Claimed> group, UUID token, long lastStart, long lastWrite) {
    for (HookRepository.Claimed delivery : group) {
      if (stopped || System.nanoTime() > lastStart) {
        transactions.executeWithoutResult(
            status -> repository.release(delivery.id(), token, clock.instant()));
        continue;
      }
      permits.acquireUninterruptibly();
      try {
        attempt(delivery, token, lastWrite);
      } catch (RuntimeException e) {
        // the outcome could not be written within the lease: the claim expires and the delivery
        // is tried again (at least once)
        log.warn("Webhook delivery {} not recorded: {}", delivery.id(), e.toString());
      } finally {
        permits.release();
      }
    }
  }

  private void attempt(HookRepository.Claimed delivery, UUID token, long lastWrite) {
    Instant at = clock.instant();
    // The signature's timestamp is the real time, not the server's (movable) clock: a receiver
    // compares it with its own clock to refuse old deliveries replayed by someone else.
    long timestamp = Instant.now().getEpochSecond();
    List<String> secrets =
        delivery.previousSecret() != null
                && delivery.previousSecretExpiresAt() != null
                && delivery.previousSecretExpiresAt().isAfter(at)
            ? List.of(delivery.secret(), delivery.previousSecret())
            : List.of(delivery.secret());
    String signature =
        HookSignature.header(secrets, delivery.eventId(), timestamp, delivery.payload());
    HookSender.Result result =
        sender.send(delivery.url(), delivery.eventId(), timestamp, signature, delivery.payload());
    meters.counter("tossbill.webhooks.out", "outcome", result.outcome().name()).increment();
    writeOutcome(
        () -> transactions.executeWithoutResult(status -> record(delivery, token, at, result)),
        lastWrite);
  }

  /**
   * Runs {@code write} (one transaction: it commits whole or not at all), again after a failure
   * (PostgreSQL restarting, a failover, a connection cut) with a growing wait, as long as it can
   * start before {@code lastWrite} (System.nanoTime). Past that the claim may be another node's;
   * the last failure is thrown. Spring's {@link RetryTemplate} waits 200 ms, doubling up to 5 s. A
   * write whose commit succeeded but whose answer was lost is written again harmlessly: the claim
   * token no longer matches, only the try's log row is doubled.
   */
  void writeOutcome(Runnable write, long lastWrite) {
    Duration left = Duration.ofNanos(lastWrite - System.nanoTime());
    if (stopped || left.compareTo(FIRST_REWRITE_AFTER) <= 0) {
      write.run(); // no time for a second write
      return;
    }
    RetryTemplate retries =
        new RetryTemplate(
            RetryPolicy.builder()
                .maxRetries(Long.MAX_VALUE) // bounded by the time left
                .timeout(left.minus(FIRST_REWRITE_AFTER))
                .delay(FIRST_REWRITE_AFTER)
                .multiplier(2)
                .maxDelay(MAX_REWRITE_WAIT)
                .includes(RuntimeException.class)
                .predicate(failure -> !stopped)
                .build());
    retries.setRetryListener(
        new RetryListener() {
          @Override
          public void onRetryFailure(RetryPolicy policy, Retryable<?> retryable, Throwable e) {
            log.info("Webhook outcome not written yet, trying again: {}", e.toString());
          }
        });
    retries.invoke(write);
  }

  private void record(
      HookRepository.Claimed delivery, UUID token, Instant at, HookSender.Result result) {
    repository.insertAttempt(delivery.id(), delivery.attempts() + 1, at, result);
    if (result.delivered()) {
      repository.delivered(delivery.id(), token, at, result.statusCode());
      repository.endpointSucceeded(delivery.endpointId(), at);
      return;
    }
    Optional<Duration> wait = properties.retryAfter(delivery.scheduleStep() + 1);
    boolean mine =
        repository.notDelivered(
            delivery.id(),
            token,
            wait.isPresent() ? HookDeliveryStatus.PENDING : HookDeliveryStatus.FAILED,
            wait.map(at::plus).orElse(null),
            at,
            result.statusCode(),
            result.summary());
    if (mine && wait.isEmpty()) {
      log.warn(
          "Webhook {} to endpoint {} failed for good after {} tries",
          delivery.eventId(),
          delivery.endpointId(),
          delivery.scheduleStep() + 1);
    }
    repository
        .endpointFailed(delivery.endpointId(), at)
        .filter(failing -> failing.enabled() && keepsFailing(failing, at))
        .ifPresent(
            failing -> {
              if (repository.disableFailing(delivery.endpointId(), at)) {
                log.warn(
                    "Webhook endpoint {} disabled: every try failed since {} ({} in a row)",
                    delivery.endpointId(),
                    failing.failingSince(),
                    failing.consecutiveFailures());
                alerts.endpointDisabled(delivery.endpointId(), delivery.url(), failing, at);
              }
            });
  }

  /** Every try failed for {@code disable-after}, and at least {@code disable-after-failures}. */
  boolean keepsFailing(HookRepository.Failing failing, Instant at) {
    return !failing.failingSince().isAfter(at.minus(properties.disableAfter()))
        && failing.consecutiveFailures() >= properties.disableAfterFailures();
  }

  @PreDestroy
  void stop() {
    stopped = true;
  }
}
