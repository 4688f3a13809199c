package io.tossbill.payment;

import io.tossbill.platform.ApiException;
import java.time.Instant;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Settles refunds whose outcome was lost (UNKNOWN) or that were never sent (PENDING gone stale), by
 * reading the payment back and, when Toss never saw the cancel, sending it again with the same
 * Idempotency-Key a bounded number of times. Runs as a cluster-wide job ({@code PaymentJobs}).
 */
@Component
public class RefundJanitor {

  private static final Logger log = LoggerFactory.getLogger(RefundJanitor.class);

  private final PaymentRepository repository;
  private final Refunds refunds;
  private final PaymentProperties properties;
  private final TransactionTemplate transactions;

  RefundJanitor(
      PaymentRepository repository,
      Refunds refunds,
      PaymentProperties properties,
      TransactionTemplate transactions) {
    this.repository = repository;
    this.refunds = refunds;
    this.properties = properties;
    this.transactions = transactions;
  }

  /** One pass at the server's {@code now}; returns how many refunds were looked at. */
  public int runPass(Instant now) {
    Instant leaseUntil = now.plus(properties.janitor().maxBackoff());
    Instant staleBefore = now.minus(properties.janitor().pendingStaleAfter());
    List<Refund> open =
        transactions.execute(
            status ->
                repository.claimOpenRefunds(
                    now, staleBefore, leaseUntil, properties.janitor().batchSize()));
    if (open == null) {
      return 0;
    }
    for (Refund refund : open) {
      try {
        refunds.settleOpen(refund);
      } catch (ApiException e) {
        log.info("Refund {} was refused: {}", refund.id(), e.code());
      } catch (RuntimeException e) {
        log.warn("Could not settle refund {} yet: {}", refund.id(), e.getClass().getSimpleName());
      }
    }
    return open.size();
  }
}
