package io.tossbill.entitlement;

import io.tossbill.billing.SubscriptionsWritten;
import io.tossbill.catalog.PlanUpdated;
import io.tossbill.customer.CustomerDeleted;
import java.util.List;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Drops cached entitlements when what they were computed from changes: right after the change
 * commits, in the committing thread (so before the request that made it answers).
 *
 * <p>Plain event listeners that register an after-commit callback, not
 * {@code @TransactionalEventListener}s: Spring Modulith records a publication for every
 * transactional listener and marks it in a transaction of its own, which in the after-commit phase
 * needs a second connection while the committing thread still holds its first. Under load (as many
 * committing threads as the pool has connections) that starved the pool for its 30 s timeout and
 * failed requests with 500s (found by bench/renewals.sh's setup, 64 subscribes at once); it also
 * cost two extra durable commits per write. Forgetting a cache entry is in memory only: nothing to
 * keep in the outbox.
 */
@Component
class EntitlementInvalidation {

  private final Entitlements entitlements;

  EntitlementInvalidation(Entitlements entitlements) {
    this.entitlements = entitlements;
  }

  @EventListener
  void on(SubscriptionsWritten written) {
    afterCommit(() -> entitlements.forget(written.customers()));
  }

  @EventListener
  void on(CustomerDeleted deleted) {
    afterCommit(() -> entitlements.forget(List.of(deleted.customerId())));
  }

  @EventListener
  void on(PlanUpdated updated) {
    afterCommit(entitlements::forgetAll);
  }

  /** After the current transaction commits; at once without one. */
  private static void afterCommit(Runnable forget) {
    if (!TransactionSynchronizationManager.isSynchronizationActive()) {
      forget.run();
      return;
    }
    TransactionSynchronizationManager.registerSynchronization(
        new TransactionSynchronization() {
          @Override
          public void afterCommit() {
            forget.run();
          }
        });
  }
}
