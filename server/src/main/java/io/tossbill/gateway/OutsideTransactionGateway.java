package io.tossbill.gateway;

import io.tossbill.toss.Billing;
import io.tossbill.toss.CancelOutcome;
import io.tossbill.toss.CancelRequest;
import io.tossbill.toss.ChargeOutcome;
import io.tossbill.toss.ChargeRequest;
import io.tossbill.toss.IdempotencyKey;
import io.tossbill.toss.Payment;
import java.util.Optional;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * The gateway as every module sees it: refuses, before anything leaves, a call to Toss made while a
 * database transaction is open on the calling thread. A Toss call may take 60 seconds; inside a
 * transaction it would hold row locks that long, and a rollback after it would lose the record of
 * money that moved. Record the intent and commit, call Toss, record the outcome in a new
 * transaction.
 */
final class OutsideTransactionGateway implements PaymentGateway {

  private final PaymentGateway delegate;

  OutsideTransactionGateway(PaymentGateway delegate) {
    this.delegate = delegate;
  }

  @Override
  public Billing issueBillingKey(
      String authKey, String customerKey, IdempotencyKey idempotencyKey) {
    requireNoTransaction("issueBillingKey");
    return delegate.issueBillingKey(authKey, customerKey, idempotencyKey);
  }

  @Override
  public ChargeOutcome charge(
      String billingKey, ChargeRequest request, IdempotencyKey idempotencyKey) {
    requireNoTransaction("charge");
    return delegate.charge(billingKey, request, idempotencyKey);
  }

  @Override
  public Optional<Payment> findPaymentByOrderId(String orderId) {
    requireNoTransaction("findPaymentByOrderId");
    return delegate.findPaymentByOrderId(orderId);
  }

  @Override
  public Optional<Payment> findPayment(String paymentKey) {
    requireNoTransaction("findPayment");
    return delegate.findPayment(paymentKey);
  }

  @Override
  public CancelOutcome cancel(
      String paymentKey, CancelRequest request, IdempotencyKey idempotencyKey) {
    requireNoTransaction("cancel");
    return delegate.cancel(paymentKey, request, idempotencyKey);
  }

  @Override
  public void deleteBillingKey(String billingKey) {
    requireNoTransaction("deleteBillingKey");
    delegate.deleteBillingKey(billingKey);
  }

  @Override
  public CardWindow cardWindow() {
    return delegate.cardWindow(); // no call to Toss
  }

  static void requireNoTransaction(String call) {
    if (TransactionSynchronizationManager.isActualTransactionActive()) {
      throw new IllegalStateException(
          "Toss "
              + call
              + " was called inside a database transaction: commit the intent first, call Toss"
              + " outside any transaction, then record the outcome in a new one");
    }
  }
}
