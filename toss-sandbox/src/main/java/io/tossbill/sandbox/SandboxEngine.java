package io.tossbill.sandbox;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/** Toss's billing rules: issuing billing keys, charging, reading, cancelling and deleting. */
final class SandboxEngine {

  static final Pattern ORDER_ID = Pattern.compile("^[A-Za-z0-9_-]{6,64}$");
  static final Pattern CUSTOMER_KEY = Pattern.compile("^[a-zA-Z0-9\\-_=.@]{2,300}$");
  private static final Pattern EMAIL = Pattern.compile("^[^\\s@]+@[^\\s@]+\\.[^\\s@]+$");

  /**
   * The largest charge the sandbox approves, one trillion won (Toss documents no limit; its
   * EXCEED_MAX_AMOUNT answers larger ones). Far above any real card limit, and small enough that no
   * amount arithmetic can overflow.
   */
  static final long MAX_AMOUNT = 1_000_000_000_000L;

  private final SandboxState state;
  private final SandboxClock clock;
  private final TossSandboxProperties properties;
  private final WebhookDispatcher webhooks;
  private final Pauses pauses;

  SandboxEngine(
      SandboxState state,
      SandboxClock clock,
      TossSandboxProperties properties,
      WebhookDispatcher webhooks,
      Pauses pauses) {
    this.state = state;
    this.clock = clock;
    this.properties = properties;
    this.webhooks = webhooks;
    this.pauses = pauses;
  }

  /** A charge's response and how long to hold it before answering. */
  record Charged(PaymentRecord payment, Duration holdResponse) {}

  // ---- billing keys

  /**
   * The registration window's success: a one-time authKey bound to the merchant and customerKey.
   */
  AuthKeyRecord createAuthKey(String secretKey, String customerKey, TestCards.Registered card) {
    AuthKeyRecord authKey =
        new AuthKeyRecord(
            Ids.authKey(),
            secretKey,
            customerKey,
            card.card(),
            card.behaviour(),
            clock.instant(),
            null);
    state.authKeys().put(authKey.authKey(), authKey);
    state.changed();
    return authKey;
  }

  BillingKeyRecord issueByAuthKey(MerchantState merchant, RequestBody body) {
    body.requirePresent("authKey", "customerKey");
    String authKey = body.requiredString("authKey");
    String customerKey = body.requiredString("customerKey");
    if (authKey.length() > 300) {
      throw new TossApiException("INVALID_REQUEST");
    }
    requireCustomerKey(customerKey);
    BillingKeyRecord issued;
    synchronized (state.authKeys()) {
      AuthKeyRecord record = state.authKeys().get(authKey);
      if (record == null || !record.secretKey().equals(merchant.secretKey)) {
        throw new TossApiException("NOT_FOUND_BILLING");
      }
      if (record.usedAt() != null) {
        throw new TossApiException("INVALID_BILLING_AUTH");
      }
      if (!record.customerKey().equals(customerKey)) {
        throw new TossApiException("NOT_MATCHES_CUSTOMER_KEY");
      }
      state.authKeys().put(authKey, record.use(clock.instant()));
      issued =
          new BillingKeyRecord(
              Ids.billingKey(),
              customerKey,
              record.card(),
              record.behaviour(),
              record.authenticatedAt(),
              null);
    }
    merchant.billingKeys.put(issued.billingKey(), issued);
    state.changed();
    return issued;
  }

  BillingKeyRecord issueByCard(MerchantState merchant, RequestBody body) {
    body.requirePresent(
        "customerKey",
        "cardNumber",
        "cardExpirationYear",
        "cardExpirationMonth",
        "customerIdentityNumber");
    String customerKey = body.requiredString("customerKey");
    String cardNumber = body.requiredString("cardNumber");
    String year = body.requiredString("cardExpirationYear");
    String month = body.requiredString("cardExpirationMonth");
    String identity = body.requiredString("customerIdentityNumber");
    String password = body.optionalString("cardPassword");
    requireCustomerKey(customerKey);
    requireOptionalEmail(body.optionalString("customerEmail"));
    requireOptionalLength(body.optionalString("customerName"), 100);
    if (cardNumber.length() > 20) {
      throw new TossApiException("INVALID_CARD_NUMBER");
    }
    TestCards.Registered card =
        TestCards.register(cardNumber, year, month, identity, password, clock.instant());
    BillingKeyRecord issued =
        new BillingKeyRecord(
            Ids.billingKey(), customerKey, card.card(), card.behaviour(), clock.instant(), null);
    merchant.billingKeys.put(issued.billingKey(), issued);
    state.changed();
    return issued;
  }

  void deleteBillingKey(MerchantState merchant, String billingKey) {
    synchronized (merchant) {
      BillingKeyRecord key = merchant.billingKeys.get(billingKey);
      if (key == null || key.deleted()) {
        throw new TossApiException("NOT_FOUND_BILLING");
      }
      merchant.billingKeys.put(billingKey, key.delete(clock.instant()));
    }
    state.changed();
    Map<String, @Nullable Object> data = new LinkedHashMap<>();
    data.put("billingKey", billingKey);
    data.put("reason", "삭제 API 요청");
    webhooks.enqueue(merchant, "BILLING_DELETED", data);
  }

  // ---- charging

  Charged charge(MerchantState merchant, String billingKey, RequestBody body) {
    body.requirePresent("customerKey", "amount", "orderId", "orderName");
    String customerKey = body.requiredString("customerKey");
    long amount = body.requiredLong("amount");
    String orderId = body.requiredString("orderId");
    String orderName = body.requiredString("orderName");
    Long taxFree = body.optionalLong("taxFreeAmount");
    Long taxExemption = body.optionalLong("taxExemptionAmount");
    Long installmentPlan = body.optionalLong("cardInstallmentPlan");
    Boolean useCardPoint = body.optionalBoolean("useCardPoint");
    requireCustomerKey(customerKey);
    if (!ORDER_ID.matcher(orderId).matches()) {
      throw new TossApiException("INVALID_ORDER_ID");
    }
    if (orderName.isEmpty() || orderName.codePointCount(0, orderName.length()) > 100) {
      throw new TossApiException("INVALID_ORDER_NAME");
    }
    if (amount <= 0) {
      throw new TossApiException("BELOW_ZERO_AMOUNT");
    }
    if (amount < 100) {
      throw new TossApiException("BELOW_MINIMUM_AMOUNT");
    }
    if (amount > MAX_AMOUNT) {
      throw new TossApiException("EXCEED_MAX_AMOUNT");
    }
    long taxFreeAmount = taxFree == null ? 0 : taxFree;
    long taxExemptionAmount = taxExemption == null ? 0 : taxExemption;
    // compared without adding, so amounts near Long.MAX_VALUE cannot wrap around
    if (taxFreeAmount < 0
        || taxExemptionAmount < 0
        || taxFreeAmount > amount
        || taxExemptionAmount > amount - taxFreeAmount) {
      throw new TossApiException("INVALID_REQUEST");
    }
    int installmentMonths = 0;
    if (installmentPlan != null && installmentPlan != 0) {
      if (installmentPlan < 2 || installmentPlan > 12) {
        throw new TossApiException("INVALID_CARD_INSTALLMENT_PLAN");
      }
      if (amount < 50_000) {
        throw new TossApiException("NOT_SUPPORTED_MONTHLY_INSTALLMENT_PLAN_BELOW_AMOUNT");
      }
      installmentMonths = installmentPlan.intValue();
    }
    requireOptionalEmail(body.optionalString("customerEmail"));
    requireOptionalLength(body.optionalString("customerName"), 100);
    requireOptionalLength(body.optionalString("customerIp"), 100);

    BillingKeyRecord key;
    synchronized (merchant) {
      key = merchant.billingKeys.get(billingKey);
      if (key == null || key.deleted()) {
        throw new TossApiException("INVALID_BILL_KEY_REQUEST");
      }
      if (!key.customerKey().equals(customerKey)) {
        throw new TossApiException("NOT_MATCHES_CUSTOMER_KEY");
      }
      PaymentRecord previous = merchant.paymentByOrderId(orderId);
      if (previous != null && previous.status() != PaymentStatus.ABORTED) {
        throw new TossApiException("DUPLICATED_ORDER_ID");
      }
      if (!merchant.ordersInFlight.add(orderId)) {
        throw new TossApiException("ALREADY_PROCESSING_REQUEST");
      }
    }
    try {
      Instant requestedAt = clock.instant();
      if (key.behaviour() == CardBehaviour.APPROVE_AFTER_DELAY) {
        pauses.sleep(properties.delayedApprovalDuration());
      }
      Instant decidedAt = clock.instant();
      String declineCode = key.behaviour().declineCode();
      long vat = PaymentRecord.vatOf(amount - taxFreeAmount - taxExemptionAmount);
      String transactionKey = Ids.transactionKey();
      PaymentRecord payment =
          new PaymentRecord(
              Ids.paymentKey(merchant.mId, requestedAt),
              merchant.mId,
              orderId,
              orderName,
              // the billing key's own strings (equal to the request's), so each payment holds no
              // copy of them
              key.billingKey(),
              key.customerKey(),
              declineCode == null ? PaymentStatus.DONE : PaymentStatus.ABORTED,
              requestedAt,
              declineCode == null ? decidedAt : null,
              transactionKey,
              amount,
              amount,
              amount - taxFreeAmount - taxExemptionAmount - vat,
              vat,
              taxFreeAmount,
              taxExemptionAmount,
              key.card(),
              installmentMonths,
              declineCode == null ? Ids.approveNo() : null,
              Boolean.TRUE.equals(useCardPoint),
              "READY",
              List.of(),
              declineCode,
              transactionKey);
      synchronized (merchant) {
        merchant.payments.put(payment.paymentKey(), payment);
        merchant.paymentKeyByOrderId.put(orderId, payment.paymentKey());
      }
      state.record(
          "CHARGE",
          merchant,
          payment,
          amount,
          payment.status().name(),
          declineCode,
          transactionKey,
          null,
          decidedAt);
      if (declineCode != null) {
        throw new TossApiException(declineCode);
      }
      return new Charged(
          payment,
          key.behaviour() == CardBehaviour.APPROVE_THEN_HANG
              ? properties.hangDuration()
              : Duration.ZERO);
    } finally {
      merchant.ordersInFlight.remove(orderId);
    }
  }

  // ---- payments

  PaymentRecord payment(MerchantState merchant, String paymentKey) {
    PaymentRecord payment = merchant.payments.get(paymentKey);
    if (payment == null) {
      throw new TossApiException("NOT_FOUND_PAYMENT");
    }
    return payment;
  }

  PaymentRecord paymentByOrderId(MerchantState merchant, String orderId) {
    PaymentRecord payment = merchant.paymentByOrderId(orderId);
    if (payment == null) {
      throw new TossApiException("NOT_FOUND_PAYMENT");
    }
    return payment;
  }

  PaymentRecord cancel(MerchantState merchant, String paymentKey, RequestBody body) {
    body.requirePresent("cancelReason");
    String reason = body.requiredString("cancelReason");
    Long cancelAmount = body.optionalLong("cancelAmount");
    Long taxFree = body.optionalLong("taxFreeAmount");
    Long refundable = body.optionalLong("refundableAmount");
    String currency = body.optionalString("currency");
    if (reason.isBlank() || reason.codePointCount(0, reason.length()) > 200) {
      throw new TossApiException("INVALID_REQUEST");
    }
    if (currency != null && !currency.equals("KRW")) {
      throw new TossApiException("INVALID_CURRENCY");
    }
    if ((cancelAmount != null && cancelAmount <= 0) || (taxFree != null && taxFree < 0)) {
      throw new TossApiException("INVALID_REQUEST");
    }
    PaymentRecord canceled;
    synchronized (merchant) {
      PaymentRecord payment = payment(merchant, paymentKey);
      if (payment.status() == PaymentStatus.CANCELED) {
        throw new TossApiException("ALREADY_CANCELED_PAYMENT");
      }
      if (payment.status() == PaymentStatus.ABORTED) {
        throw new TossApiException("NOT_CANCELABLE_PAYMENT");
      }
      if (refundable != null && refundable != payment.balanceAmount()) {
        throw new TossApiException("NOT_MATCHES_REFUNDABLE_AMOUNT");
      }
      long amount = cancelAmount == null ? payment.balanceAmount() : cancelAmount;
      if (amount > payment.balanceAmount()) {
        throw new TossApiException("NOT_CANCELABLE_AMOUNT");
      }
      if (amount < payment.balanceAmount() && !payment.partialCancelable()) {
        throw new TossApiException("NOT_ALLOWED_PARTIAL_REFUND");
      }
      long cancelTaxFree = taxFree == null ? 0 : taxFree;
      if (cancelTaxFree > amount || cancelTaxFree > payment.taxFreeAmount()) {
        throw new TossApiException("INVALID_REQUEST");
      }
      long newBalance = payment.balanceAmount() - amount;
      // A partial cancel must leave amounts that still add up to the balance, each at least 0:
      // its taxable part cannot exceed the remaining supplied amount and vat, and the tax-free
      // amount left cannot exceed the balance left. The final cancel takes whatever remains.
      if (newBalance > 0
          && (amount - cancelTaxFree > payment.suppliedAmount() + payment.vat()
              || payment.taxFreeAmount() - cancelTaxFree > newBalance)) {
        throw new TossApiException("INVALID_REQUEST");
      }
      String transactionKey = Ids.transactionKey();
      Instant now = clock.instant();
      canceled = payment.cancel(amount, cancelTaxFree, reason, transactionKey, now);
      merchant.payments.put(paymentKey, canceled);
      state.record(
          "CANCEL",
          merchant,
          canceled,
          amount,
          canceled.status().name(),
          null,
          transactionKey,
          reason,
          now);
    }
    webhooks.enqueue(
        merchant, "PAYMENT_STATUS_CHANGED", Representations.payment(canceled, Lang.KO));
    return canceled;
  }

  // ---- rules shared with the window

  static void requireCustomerKey(String customerKey) {
    if (!CUSTOMER_KEY.matcher(customerKey).matches()) {
      throw new TossApiException("INVALID_CUSTOMER_KEY");
    }
  }

  private static void requireOptionalEmail(@Nullable String email) {
    if (email != null && (email.length() > 100 || !EMAIL.matcher(email).matches())) {
      throw new TossApiException("INVALID_EMAIL");
    }
  }

  private static void requireOptionalLength(@Nullable String value, int max) {
    if (value != null && value.codePointCount(0, value.length()) > max) {
      throw new TossApiException("INVALID_REQUEST");
    }
  }
}
