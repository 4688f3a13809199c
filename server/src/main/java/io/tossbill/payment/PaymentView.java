package io.tossbill.payment;

import io.tossbill.platform.Won;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * A ledger row as the API and the admin console show it, with its receipt data (VAT split as Toss
 * computed it) and its refunds. Never carries a billing key. {@code needsReview}: the janitor
 * stopped re-sending an attempt whose outcome is still unknown (or a refund's cancel); a person has
 * to look. {@code discount}: the won a discount took off before {@code amount} was charged, with
 * its {@code discountCode}.
 */
public record PaymentView(
    long id,
    long subscriptionId,
    long customerId,
    ChargePurpose purpose,
    int periodNo,
    int attemptNo,
    LocalDate periodStart,
    LocalDate periodEnd,
    String orderId,
    String orderName,
    Won amount,
    PaymentStatus status,
    @Nullable String paymentKey,
    @Nullable Instant approvedAt,
    @Nullable String receiptUrl,
    @Nullable Won vat,
    @Nullable Won suppliedAmount,
    Won refundedAmount,
    @Nullable String failureCode,
    @Nullable String failureMessage,
    @Nullable String declineKind,
    Instant requestedAt,
    @Nullable Instant settledAt,
    List<RefundView> refunds,
    boolean needsReview,
    Won discount,
    @Nullable String discountCode) {

  /** One refund (Toss cancel) of a payment. */
  public record RefundView(
      long id,
      Won amount,
      String reason,
      String source,
      String status,
      @Nullable String failureCode,
      @Nullable String failureMessage,
      Instant requestedAt,
      @Nullable Instant settledAt,
      boolean needsReview) {}
}
