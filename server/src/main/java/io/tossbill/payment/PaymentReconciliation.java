package io.tossbill.payment;

import io.tossbill.toss.Payment;
import io.tossbill.webhook.TossPaymentUpdated;
import java.time.Clock;
import org.springframework.modulith.events.ApplicationModuleListener;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * A payment Toss told us about (a webhook, read back from Toss before this event): settles the
 * attempt it belongs to when its outcome was not known or had been given up, and brings refunds and
 * cancels done outside tossbill into the ledger.
 */
@Component
class PaymentReconciliation {

  private final PaymentRepository repository;
  private final ChargeJanitor janitor;
  private final Refunds refunds;
  private final Clock clock;
  private final TransactionTemplate transactions;

  PaymentReconciliation(
      PaymentRepository repository,
      ChargeJanitor janitor,
      Refunds refunds,
      Clock clock,
      TransactionTemplate transactions) {
    this.repository = repository;
    this.janitor = janitor;
    this.refunds = refunds;
    this.clock = clock;
    this.transactions = transactions;
  }

  @ApplicationModuleListener
  void on(TossPaymentUpdated event) {
    Payment payment = event.payment();
    repository
        .findByOrderId(payment.orderId())
        .or(() -> repository.findByPaymentKey(payment.paymentKey()))
        .ifPresent(
            charge -> {
              if (!charge.status().movedMoney()) {
                janitor.settleFound(charge.attempt(), payment, clock.instant());
              } else {
                transactions.executeWithoutResult(
                    status ->
                        repository
                            .lock(charge.id())
                            .ifPresent(c -> refunds.reconcileCancels(c, payment, clock.instant())));
              }
            });
  }
}
