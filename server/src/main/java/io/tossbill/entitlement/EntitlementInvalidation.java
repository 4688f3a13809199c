package io.tossbill.entitlement;

import io.tossbill.billing.SubscriptionsWritten;
import io.tossbill.catalog.PlanUpdated;
import io.tossbill.customer.CustomerDeleted;
import java.util.List;
import org.springframework.stereotype.Component;
import org.springframework.transaction.event.TransactionPhase;
import org.springframework.transaction.event.TransactionalEventListener;

/**
 * Drops cached entitlements when what they were computed from changes: right after the change
 * commits, in the committing thread (so before the request that made it answers).
 */
@Component
class EntitlementInvalidation {

  private final Entitlements entitlements;

  EntitlementInvalidation(Entitlements entitlements) {
    this.entitlements = entitlements;
  }

  @TransactionalEventListener(phase = TransactionPhase.AFTER_COMMIT, fallbackExecution = true)
  void on(SubscriptionsWritten written) {
    entitlements.forget(written.customers());
  }

  @TransactionalEventListener(phase = TransactionPhase.AFTER_COMMIT, fallbackExecution = true)
  void on(CustomerDeleted deleted) {
    entitlements.forget(List.of(deleted.customerId()));
  }

  @TransactionalEventListener(phase = TransactionPhase.AFTER_COMMIT, fallbackExecution = true)
  void on(PlanUpdated updated) {
    entitlements.forgetAll();
  }
}
