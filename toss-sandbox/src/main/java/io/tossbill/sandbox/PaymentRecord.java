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

  /**
   * Toss's VAT rule: vat = round((amount - taxFree - taxExemption) / 11), half up. For a whole
   * {@code taxable} the remainder of /11 rounds up from 6/11, which {@code + 5} gives without
   * overflowing.
   */
  static long vatOf(long taxable) {
    return (taxable + 5) / 11;
  }

  /**
   * Whether the payment may be cancelled in part: not when it was approved with a tax exemption.
   * Decided by the exemption at approval (what is left plus what cancels took), so a full cancel,
   * which takes the exemption to 0, does not change it.
   */
  boolean partialCancelable() {
    return taxExemptionAmount == 0
        && cancels.stream().allMatch(cancel -> cancel.taxExemptionAmount() == 0);
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
      // the engine refuses a taxable part over suppliedAmount + vat; capping the supplied part
      // keeps both at least 0 even after earlier cancels rounded the vat down
      long taxable = amount - taxFree;
      cancelTaxFree = taxFree;
      cancelExemption = 0;
      cancelSupplied = Math.min(suppliedAmount, taxable - Math.min(vat, vatOf(taxable)));
      cancelVat = taxable - cancelSupplied;
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
