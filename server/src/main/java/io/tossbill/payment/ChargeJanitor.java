package io.tossbill.payment;

import io.tossbill.gateway.PaymentGateway;
import io.tossbill.toss.ChargeOutcome;
import io.tossbill.toss.ErrorCategory;
import io.tossbill.toss.Payment;
import io.tossbill.toss.TossError;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Settles attempts whose outcome is not known: unknown ones due for a read-back and pending ones
 * gone stale (their node died between the commit and the call, or the outcome write failed). Each
 * is read back from Toss by its orderId: done, partly canceled → approved; canceled at Toss →
 * approved late, its money already back, the period unpaid; aborted or expired → declined; not
 * found → sent again with the very same orderId, Idempotency-Key and card while Toss still keeps
 * the key, else flagged for review. Attempts are claimed as leases, so two nodes never read back
 * the same one at once. Runs as a cluster-wide job ({@code PaymentJobs}).
 */
@Component
public class ChargeJanitor {

  private static final Logger log = LoggerFactory.getLogger(ChargeJanitor.class);

  private final PaymentRepository repository;
  private final ChargeSender sender;
  private final ChargeOutcomes outcomes;
  private final PaymentGateway gateway;
  private final PaymentProperties properties;
  private final TransactionTemplate transactions;
  private final ExecutorService readBacks = Executors.newVirtualThreadPerTaskExecutor();

  ChargeJanitor(
      PaymentRepository repository,
      ChargeSender sender,
      ChargeOutcomes outcomes,
      PaymentGateway gateway,
      PaymentProperties properties,
      TransactionTemplate transactions) {
    this.repository = repository;
    this.sender = sender;
    this.outcomes = outcomes;
    this.gateway = gateway;
    this.properties = properties;
    this.transactions = transactions;
  }

  /** One pass at the server's {@code now}: claims a batch and settles it; returns how many. */
  public int runPass(Instant now) {
    Instant leaseUntil = now.plus(properties.janitor().pendingStaleAfter());
    List<ChargeAttempt> due =
        transactions.execute(
            status ->
                repository
                    .claimUnsettled(now, leaseUntil, properties.janitor().batchSize())
                    .stream()
                    .map(Charge::attempt)
                    .toList());
    if (due == null || due.isEmpty()) {
      return 0;
    }
    List<CompletableFuture<Void>> running = new ArrayList<>();
    for (ChargeAttempt attempt : due) {
      running.add(CompletableFuture.runAsync(() -> settleSafely(attempt, now), readBacks));
    }
    CompletableFuture.allOf(running.toArray(CompletableFuture[]::new)).join();
    return due.size();
  }

  private void settleSafely(ChargeAttempt attempt, Instant now) {
    try {
      settle(attempt, now);
    } catch (RuntimeException e) {
      log.warn("Could not settle {} now: {}", attempt.orderId(), e.toString());
    }
  }

  /** Reads one attempt back and settles it, or schedules the next read-back. */
  void settle(ChargeAttempt attempt, Instant now) {
    Optional<Payment> found;
    try {
      found = gateway.findPaymentByOrderId(attempt.orderId());
    } catch (RuntimeException e) {
      readBackAgain(attempt, now, "read-back failed: " + e.getClass().getSimpleName());
      return;
    }
    if (found.isEmpty()) {
      settleNotFound(attempt, now);
      return;
    }
    settleFound(attempt, found.get(), now);
  }

  /**
   * Settles an attempt from its payment as read back from Toss (by this janitor, or after a Toss
   * webhook): done or partly canceled pays, canceled in full or aborted never does.
   */
  public void settleFound(ChargeAttempt attempt, Payment payment, Instant now) {
    switch (payment.status()) {
      case DONE, PARTIAL_CANCELED ->
          outcomes.submit(new ChargeOutcomes.Approve(attempt.id(), payment)).join();
      case CANCELED ->
          outcomes.submit(new ChargeOutcomes.CanceledAtToss(attempt.id(), payment)).join();
      case ABORTED, EXPIRED -> {
        TossError failure =
            payment.failure() != null
                ? payment.failure()
                : new TossError("ABORTED", "토스페이먼츠가 결제를 승인하지 않았습니다.");
        outcomes
            .submit(
                new ChargeOutcomes.Decline(
                    attempt.id(), failure, ErrorCategory.declineKindOfFailure(failure.code())))
            .join();
      }
      default -> readBackAgain(attempt, now, "payment is " + payment.status());
    }
  }

  private void settleNotFound(ChargeAttempt attempt, Instant now) {
    String answered = attempt.answeredCode();
    if (answered != null && ErrorCategory.of(answered) == ErrorCategory.INTEGRATION) {
      // A merchant bug, not the customer's decline: a person fixes it (docs/billing.md).
      flagForReview(attempt, now, "integration error " + answered);
      return;
    }
    if (answered != null) {
      // Toss finished the request with an error and has no payment: nothing was charged. A
      // re-send would only replay the error, so it is a decline and dunning goes on.
      outcomes
          .submit(
              new ChargeOutcomes.Decline(
                  attempt.id(),
                  new TossError(answered, "토스페이먼츠가 오류로 응답했고 결제 기록이 없습니다."),
                  ErrorCategory.declineKindOfFailure(answered)))
          .join();
      return;
    }
    Instant sentAt = attempt.sentAt();
    if (sentAt != null && !now.isBefore(sentAt.plus(properties.janitor().resendWindow()))) {
      // Toss forgets the key after 15 days: a re-send now could be a fresh charge. Read back only.
      flagForReview(attempt, now, "not found at Toss after the resend window");
      return;
    }
    // Toss never saw it: the very same attempt (orderId, Idempotency-Key, card) again.
    Optional<ChargeAttempt> current = repository.find(attempt.id().value()).map(Charge::attempt);
    if (current.isEmpty() || current.get().status().isSettled()) {
      return;
    }
    if (sender.send(current.get()) instanceof ChargeOutcome.Unknown unknown) {
      readBackAgain(attempt, now, unknown.reason());
    }
  }

  private void readBackAgain(ChargeAttempt attempt, Instant now, String reason) {
    change(
        attempt,
        c ->
            c.readBackAgain(
                reason, now.plus(properties.janitor().backoff(attempt.checkCount())), now));
  }

  private void flagForReview(ChargeAttempt attempt, Instant now, String reason) {
    log.warn("Charge {} needs review: {}", attempt.orderId(), reason);
    change(attempt, c -> c.flagForReview(reason, now.plus(properties.janitor().maxBackoff()), now));
  }

  private void change(ChargeAttempt attempt, java.util.function.Consumer<Charge> change) {
    transactions.executeWithoutResult(
        status ->
            repository
                .lock(attempt.id().value())
                .ifPresent(
                    c -> {
                      change.accept(c);
                      repository.save(c);
                    }));
  }
}
