package io.tossbill.sandbox;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/** A billing payment (approved or aborted) of one merchant, with its cancels. */
record PaymentRecord(
    String paymentKey,
    String mId,
    String orderId,
    String orderName,
    String billingKey,
    String customerKey,
    PaymentStatus status,
    Instant requestedAt,
    @Nullable Instant approvedAt,
    String lastTransactionKey,
    long totalAmount,
    long balanceAmount,
    long suppliedAmount,
    long vat,
    long taxFreeAmount,
    long taxExemptionAmount,
    CardInfo card,
    int installmentPlanMonths,
    @Nullable String approveNo,
    boolean useCardPoint,
    String acquireStatus,
    List<CancelRecord> cancels,
    @Nullable String failureCode,
    String approvalTransactionKey) {

  PaymentRecord {
    cancels = List.copyOf(cancels);
  }

  /** Toss's VAT rule: vat = round((amount - taxFree - taxExemption) / 11), half up. */
  static long vatOf(long taxable) {
    return (2 * taxable + 11) / 22;
  }

  boolean partialCancelable() {
    return taxExemptionAmount == 0;
  }

  /** This payment after a cancel of {@code amount} won, of which {@code taxFree} is tax free. */
  PaymentRecord cancel(
      long amount, long taxFree, String reason, String transactionKey, Instant at) {
    long newBalance = balanceAmount - amount;
    PaymentStatus newStatus =
        status.moveTo(newBalance == 0 ? PaymentStatus.CANCELED : PaymentStatus.PARTIAL_CANCELED);
    long cancelVat;
    long cancelSupplied;
    long cancelExemption;
    long cancelTaxFree;
    if (newBalance == 0) {
      cancelVat = vat;
      cancelSupplied = suppliedAmount;
      cancelExemption = taxExemptionAmount;
      cancelTaxFree = taxFreeAmount;
    } else {
      cancelTaxFree = taxFree;
      cancelExemption = 0;
      cancelVat = Math.min(vat, vatOf(amount - taxFree));
      cancelSupplied = amount - taxFree - cancelVat;
    }
    List<CancelRecord> newCancels = new ArrayList<>(cancels);
    newCancels.add(
        new CancelRecord(
            transactionKey, reason, cancelExemption, at, amount, cancelTaxFree, newBalance));
    return new PaymentRecord(
        paymentKey,
        mId,
        orderId,
        orderName,
        billingKey,
        customerKey,
        newStatus,
        requestedAt,
        approvedAt,
        transactionKey,
        totalAmount,
        newBalance,
        suppliedAmount - cancelSupplied,
        vat - cancelVat,
        taxFreeAmount - cancelTaxFree,
        taxExemptionAmount - cancelExemption,
        card,
        installmentPlanMonths,
        approveNo,
        useCardPoint,
        newStatus == PaymentStatus.CANCELED ? "CANCELED" : acquireStatus,
        newCancels,
        failureCode,
        approvalTransactionKey);
  }
}
