package io.tossbill.customer;

import io.tossbill.gateway.PaymentGateway;
import io.tossbill.toss.Billing;
import io.tossbill.toss.CancelOutcome;
import io.tossbill.toss.CancelRequest;
import io.tossbill.toss.ChargeOutcome;
import io.tossbill.toss.ChargeRequest;
import io.tossbill.toss.IdempotencyKey;
import io.tossbill.toss.Payment;
import java.util.Optional;

/** Passes every call to a real gateway; a test overrides the calls it wants to watch or disturb. */
class ForwardingGateway implements PaymentGateway {

  private final PaymentGateway delegate;

  ForwardingGateway(PaymentGateway delegate) {
    this.delegate = delegate;
  }

  @Override
  public Billing issueBillingKey(
      String authKey, String customerKey, IdempotencyKey idempotencyKey) {
    return delegate.issueBillingKey(authKey, customerKey, idempotencyKey);
  }

  @Override
  public ChargeOutcome charge(
      String billingKey, ChargeRequest request, IdempotencyKey idempotencyKey) {
    return delegate.charge(billingKey, request, idempotencyKey);
  }

  @Override
  public Optional<Payment> findPaymentByOrderId(String orderId) {
    return delegate.findPaymentByOrderId(orderId);
  }

  @Override
  public Optional<Payment> findPayment(String paymentKey) {
    return delegate.findPayment(paymentKey);
  }

  @Override
  public CancelOutcome cancel(
      String paymentKey, CancelRequest request, IdempotencyKey idempotencyKey) {
    return delegate.cancel(paymentKey, request, idempotencyKey);
  }

  @Override
  public void deleteBillingKey(String billingKey) {
    delegate.deleteBillingKey(billingKey);
  }

  @Override
  public CardWindow cardWindow() {
    return delegate.cardWindow();
  }
}
