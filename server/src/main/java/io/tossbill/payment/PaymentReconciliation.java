package io.tossbill.payment;

import io.tossbill.webhook.TossPaymentUpdated;
import org.springframework.modulith.events.ApplicationModuleListener;
import org.springframework.stereotype.Component;

/**
 * Refunds and cancels done outside tossbill, learnt from a payment Toss told us about and we read
 * back.
 */
@Component
class PaymentReconciliation {

  private final Payments payments;

  PaymentReconciliation(Payments payments) {
    this.payments = payments;
  }

  @ApplicationModuleListener
  void on(TossPaymentUpdated event) {
    payments.reconcile(event.payment());
  }
}
