package io.tossbill.toss;

import java.time.OffsetDateTime;
import java.util.List;
import org.jspecify.annotations.Nullable;

/** Toss's Payment object, the fields a billing engine reads; unknown fields are ignored. */
public record Payment(
    @Nullable String mId,
    @Nullable String version,
    String paymentKey,
    @Nullable String type,
    String orderId,
    @Nullable String orderName,
    PaymentStatus status,
    @Nullable String method,
    @Nullable String currency,
    long totalAmount,
    long balanceAmount,
    long suppliedAmount,
    long vat,
    long taxFreeAmount,
    long taxExemptionAmount,
    @Nullable OffsetDateTime requestedAt,
    @Nullable OffsetDateTime approvedAt,
    @Nullable String lastTransactionKey,
    boolean isPartialCancelable,
    @Nullable Card card,
    @Nullable List<Cancel> cancels,
    @Nullable Receipt receipt,
    @Nullable TossError failure,
    @Nullable String country) {

  public List<Cancel> cancelsOrEmpty() {
    return cancels == null ? List.of() : cancels;
  }

  /** {@code card} of a card payment. */
  public record Card(
      long amount,
      @Nullable String issuerCode,
      @Nullable String acquirerCode,
      @Nullable String number,
      int installmentPlanMonths,
      @Nullable String approveNo,
      @Nullable String cardType,
      @Nullable String ownerType,
      @Nullable String acquireStatus) {}

  /** One entry of {@code cancels[]}. */
  public record Cancel(
      long cancelAmount,
      @Nullable String cancelReason,
      long taxFreeAmount,
      long refundableAmount,
      @Nullable OffsetDateTime canceledAt,
      @Nullable String transactionKey,
      @Nullable String cancelStatus) {}

  /** {@code receipt}: the sales slip Toss hosts. */
  public record Receipt(@Nullable String url) {}
}
