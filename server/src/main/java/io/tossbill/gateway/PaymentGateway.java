package io.tossbill.gateway;

import io.tossbill.toss.Billing;
import io.tossbill.toss.CancelOutcome;
import io.tossbill.toss.CancelRequest;
import io.tossbill.toss.ChargeOutcome;
import io.tossbill.toss.ChargeRequest;
import io.tossbill.toss.IdempotencyKey;
import io.tossbill.toss.Payment;
import java.util.Optional;

/**
 * What the billing engine needs from TossPayments. Calls go over the network: never call them
 * inside a database transaction.
 */
public interface PaymentGateway {

  /** Exchanges the one-time authKey from the card window for a billing key. */
  Billing issueBillingKey(String authKey, String customerKey, IdempotencyKey idempotencyKey);

  /** Charges a billing key; declines and unknown results are outcomes, not exceptions. */
  ChargeOutcome charge(String billingKey, ChargeRequest request, IdempotencyKey idempotencyKey);

  /** Reads a payment back by the orderId we chose; empty when Toss has none. */
  Optional<Payment> findPaymentByOrderId(String orderId);

  /** Reads a payment back by Toss's paymentKey; empty when Toss has none. */
  Optional<Payment> findPayment(String paymentKey);

  /** Cancels (refunds) all or part of a payment. */
  CancelOutcome cancel(String paymentKey, CancelRequest request, IdempotencyKey idempotencyKey);

  /** Deletes a billing key at Toss. */
  void deleteBillingKey(String billingKey);

  /** What a browser needs to open Toss's card-registration window. */
  CardWindow cardWindow();

  /**
   * The card-registration window: the SDK script to load and the client key to pass to {@code
   * TossPayments(clientKey)}.
   */
  record CardWindow(String scriptUrl, String clientKey) {}
}
