package io.tossbill.sandbox;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/** Toss's Billing and Payment objects, field for field and in Toss's order, version 2022-11-16. */
final class Representations {

  static final String VERSION = "2022-11-16";

  private Representations() {}

  static Map<String, @Nullable Object> billing(String mId, BillingKeyRecord key) {
    Map<String, @Nullable Object> card = new LinkedHashMap<>();
    card.put("issuerCode", key.card().issuerCode());
    card.put("acquirerCode", key.card().acquirerCode());
    card.put("number", key.card().number());
    card.put("cardType", key.card().cardType());
    card.put("ownerType", key.card().ownerType());
    Map<String, @Nullable Object> billing = new LinkedHashMap<>();
    billing.put("mId", mId);
    billing.put("customerKey", key.customerKey());
    billing.put("authenticatedAt", Times.api(key.authenticatedAt()));
    billing.put("method", "카드");
    billing.put("billingKey", key.billingKey());
    billing.put("card", card);
    billing.put("cardCompany", key.card().company());
    billing.put("cardNumber", key.card().number());
    return billing;
  }

  static Map<String, @Nullable Object> payment(PaymentRecord p, Lang lang) {
    Map<String, @Nullable Object> card = new LinkedHashMap<>();
    card.put("issuerCode", p.card().issuerCode());
    card.put("acquirerCode", p.card().acquirerCode());
    card.put("number", p.card().number());
    card.put("installmentPlanMonths", p.installmentPlanMonths());
    card.put("isInterestFree", false);
    card.put("interestPayer", null);
    card.put("approveNo", p.approveNo());
    card.put("useCardPoint", p.useCardPoint());
    card.put("cardType", p.card().cardType());
    card.put("ownerType", p.card().ownerType());
    card.put("acquireStatus", p.acquireStatus());
    card.put("amount", p.totalAmount());

    Map<String, @Nullable Object> json = new LinkedHashMap<>();
    json.put("mId", p.mId());
    json.put("version", VERSION);
    json.put("paymentKey", p.paymentKey());
    json.put("status", p.status().name());
    json.put("lastTransactionKey", p.lastTransactionKey());
    json.put("orderId", p.orderId());
    json.put("orderName", p.orderName());
    json.put("requestedAt", Times.api(p.requestedAt()));
    json.put("approvedAt", p.approvedAt() == null ? null : Times.api(p.approvedAt()));
    json.put("useEscrow", false);
    json.put("cultureExpense", false);
    json.put("card", card);
    json.put("virtualAccount", null);
    json.put("transfer", null);
    json.put("mobilePhone", null);
    json.put("giftCertificate", null);
    json.put("cashReceipt", null);
    json.put("cashReceipts", null);
    json.put("discount", null);
    json.put("cancels", p.cancels().isEmpty() ? null : cancels(p.cancels()));
    json.put("secret", null);
    json.put("type", "BILLING");
    json.put("easyPay", null);
    json.put("country", "KR");
    json.put("failure", p.failureCode() == null ? null : failure(p.failureCode(), lang));
    json.put("isPartialCancelable", p.partialCancelable());
    json.put(
        "receipt",
        Map.of(
            "url",
            "https://dashboard.tosspayments.com/sales-slip?transactionId="
                + p.approvalTransactionKey()
                + "&ref=PX"));
    json.put(
        "checkout",
        Map.of("url", "https://api.tosspayments.com/v1/payments/" + p.paymentKey() + "/checkout"));
    json.put("currency", "KRW");
    json.put("totalAmount", p.totalAmount());
    json.put("balanceAmount", p.balanceAmount());
    json.put("suppliedAmount", p.suppliedAmount());
    json.put("vat", p.vat());
    json.put("taxFreeAmount", p.taxFreeAmount());
    json.put("metadata", null);
    json.put("taxExemptionAmount", p.taxExemptionAmount());
    json.put("method", "카드");
    return json;
  }

  static Map<String, String> error(ErrorCatalogue.Entry error, Lang lang) {
    Map<String, String> json = new LinkedHashMap<>();
    json.put("code", error.code());
    json.put("message", error.message(lang));
    return json;
  }

  private static Map<String, String> failure(String code, Lang lang) {
    return error(ErrorCatalogue.get(code), lang);
  }

  private static List<Map<String, @Nullable Object>> cancels(List<CancelRecord> cancels) {
    return cancels.stream()
        .map(
            c -> {
              Map<String, @Nullable Object> json = new LinkedHashMap<>();
              json.put("transactionKey", c.transactionKey());
              json.put("cancelReason", c.cancelReason());
              json.put("taxExemptionAmount", c.taxExemptionAmount());
              json.put("canceledAt", Times.api(c.canceledAt()));
              json.put("cardDiscountAmount", 0);
              json.put("transferDiscountAmount", 0);
              json.put("easyPayDiscountAmount", 0);
              json.put("receiptKey", null);
              json.put("cancelAmount", c.cancelAmount());
              json.put("taxFreeAmount", c.taxFreeAmount());
              json.put("refundableAmount", c.refundableAmount());
              json.put("cancelStatus", "DONE");
              json.put("cancelRequestId", null);
              return json;
            })
        .toList();
  }
}
