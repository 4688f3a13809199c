package io.tossbill.sandbox;

import static io.tossbill.sandbox.SandboxHttp.card;
import static io.tossbill.sandbox.SandboxHttp.charge;
import static io.tossbill.sandbox.SandboxHttp.orderId;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

@SandboxIntegrationTest
class BillingApiIntegrationTests {

  @LocalServerPort int port;

  SandboxHttp http;
  SandboxHttp.Merchant merchant;
  String secretKey;

  @BeforeEach
  void setUp() {
    http = new SandboxHttp(port, "");
    merchant = http.newMerchant();
    secretKey = merchant.secretKey();
  }

  // ---- auth

  @Test
  void refusesMissingAndUnknownKeysWith401() {
    SandboxHttp.Response none = http.raw("GET", "/v1/payments/abc", "");
    assertThat(none.status()).isEqualTo(401);
    assertThat(none.code()).isEqualTo("UNAUTHORIZED_KEY");
    assertThat(none.json().get("message").asString()).isEqualTo("인증되지 않은 시크릿 키 혹은 클라이언트 키 입니다.");
    assertThat(none.header("X-TossPayments-Trace-Id")).matches("[0-9a-f]{32}");

    assertThat(http.get("live_sk_abcdef", "/v1/payments/abc").code()).isEqualTo("UNAUTHORIZED_KEY");
    assertThat(http.get("sk_whatever", "/v1/payments/abc").status()).isEqualTo(401);
    assertThat(
            http.raw("GET", "/v1/payments/abc", "", "Authorization", "Basic !!!notbase64").status())
        .isEqualTo(401);
  }

  @Test
  void refusesEveryWellFormedSecretKeyItNeverIssued() {
    String derivedFromTheClientKey =
        "test_sk_" + merchant.clientKey().substring("test_ck_".length());
    for (String key :
        new String[] {
          derivedFromTheClientKey,
          SandboxHttp.unknownSecretKey(),
          "test_sk_tossbill_local",
          "test_sk_zXLkKEypNArWmo50nX3lmeaxYG5R"
        }) {
      SandboxHttp.Response response = http.get(key, "/v1/payments/orders/anything");
      assertThat(response.status()).as(key).isEqualTo(401);
      assertThat(response.code()).as(key).isEqualTo("UNAUTHORIZED_KEY");
      SandboxHttp.Response charge =
          http.post(key, "/v1/billing/authorizations/card", card("cust-x", "4330123412341234"));
      assertThat(charge.status()).as(key).isEqualTo(401);
    }
    assertThat(http.get(secretKey, "/v1/payments/orders/anything").code())
        .isEqualTo("NOT_FOUND_PAYMENT");
  }

  @Test
  void refusesBasicAuthWithoutColon() {
    String noColon = "Basic " + java.util.Base64.getEncoder().encodeToString(secretKey.getBytes());
    SandboxHttp.Response response =
        http.raw("GET", "/v1/payments/abc", "", "Authorization", noColon);
    assertThat(response.status()).isEqualTo(403);
    assertThat(response.code()).isEqualTo("INCORRECT_BASIC_AUTH_FORMAT");
  }

  @Test
  void keepsMerchantsApart() {
    String billingKey = http.billingKey(secretKey, "cust-iso", "4330123412341234");
    String order = orderId();
    JsonNode payment =
        http.post(secretKey, "/v1/billing/" + billingKey, charge("cust-iso", 1000, order)).json();
    String other = http.newSecretKey();

    assertThat(http.get(other, "/v1/payments/" + payment.get("paymentKey").asString()).code())
        .isEqualTo("NOT_FOUND_PAYMENT");
    assertThat(http.get(other, "/v1/payments/orders/" + order).status()).isEqualTo(404);
    assertThat(
            http.post(other, "/v1/billing/" + billingKey, charge("cust-iso", 1000, orderId()))
                .code())
        .isEqualTo("INVALID_BILL_KEY_REQUEST");
    assertThat(http.get(other, "/_sandbox/ledger").json()).isEmpty();
    assertThat(http.get(secretKey, "/v1/payments/orders/" + order).status()).isEqualTo(200);
  }

  // ---- billing key by card

  @Test
  void issuesBillingKeyFromCardData() {
    SandboxHttp.Response response =
        http.post(
            secretKey, "/v1/billing/authorizations/card", card("cust_card-1", "4330123412341234"));

    assertThat(response.status()).isEqualTo(200);
    JsonNode billing = response.json();
    assertThat(names(billing))
        .containsExactly(
            "mId",
            "customerKey",
            "authenticatedAt",
            "method",
            "billingKey",
            "card",
            "cardCompany",
            "cardNumber");
    assertThat(billing.get("mId").asString()).hasSize(14).isEqualTo(merchant.mId());
    assertThat(billing.get("customerKey").asString()).isEqualTo("cust_card-1");
    assertThat(billing.get("authenticatedAt").asString())
        .matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\+09:00");
    assertThat(billing.get("method").asString()).isEqualTo("카드");
    assertThat(billing.get("billingKey").asString()).hasSize(44).matches("[A-Za-z0-9_-]{43}=");
    JsonNode card = billing.get("card");
    assertThat(card.get("issuerCode").asString()).isEqualTo("61");
    assertThat(card.get("acquirerCode").asString()).isEqualTo("31");
    assertThat(card.get("number").asString()).isEqualTo("43301234****123*");
    assertThat(card.get("cardType").asString()).isEqualTo("신용");
    assertThat(card.get("ownerType").asString()).isEqualTo("개인");
  }

  @Test
  void validatesCardDataLikeToss() {
    assertThat(issueCard(Map.of("cardNumber", "1234"))).isEqualTo("INVALID_CARD_NUMBER");
    assertThat(issueCard(Map.of("cardNumber", "4330-1234-1234-1234")))
        .isEqualTo("INVALID_CARD_NUMBER");
    assertThat(issueCard(Map.of("cardExpirationMonth", "13"))).isEqualTo("INVALID_CARD_EXPIRATION");
    assertThat(issueCard(Map.of("cardExpirationYear", "20"))).isEqualTo("INVALID_CARD_EXPIRATION");
    assertThat(issueCard(Map.of("customerIdentityNumber", "991332")))
        .isEqualTo("INVALID_BIRTH_DAY_FORMAT");
    assertThat(issueCard(Map.of("customerIdentityNumber", "12345")))
        .isEqualTo("INVALID_BIRTH_DAY_FORMAT");
    assertThat(issueCard(Map.of("customerKey", "a"))).isEqualTo("INVALID_CUSTOMER_KEY");
    assertThat(issueCard(Map.of("customerEmail", "not-an-email"))).isEqualTo("INVALID_EMAIL");
    assertThat(issueCard(Map.of("cardPassword", "1"))).isEqualTo("INVALID_CARD_PASSWORD");
    assertThat(issueCard(Map.of("cardNumber", "4000000000000101")))
        .isEqualTo("REJECT_CARD_COMPANY");
    assertThat(issueCard(Map.of("cardNumber", "4000000000000102")))
        .isEqualTo("INVALID_CARD_NUMBER");

    Map<String, Object> missing = new HashMap<>(card("cust-x", "4330123412341234"));
    missing.remove("cardExpirationYear");
    SandboxHttp.Response response =
        http.post(secretKey, "/v1/billing/authorizations/card", missing);
    assertThat(response.status()).isEqualTo(400);
    assertThat(response.code()).isEqualTo("INVALID_REQUIRED_PARAM");
  }

  @Test
  void registersBusinessCardsAsCorporate() {
    Map<String, Object> body = new HashMap<>(card("cust-biz", "9430123412341234"));
    body.put("customerIdentityNumber", "1234567890");
    JsonNode card =
        http.post(secretKey, "/v1/billing/authorizations/card", body).json().get("card");
    assertThat(card.get("ownerType").asString()).isEqualTo("법인");
    assertThat(card.get("cardType").asString()).isEqualTo("체크");
  }

  // ---- charging

  @Test
  void chargesWithTossPaymentObject() {
    String billingKey = http.billingKey(secretKey, "cust-charge", "4330123412341234");
    String order = orderId();
    Map<String, Object> body = new LinkedHashMap<>(charge("cust-charge", 4900, order));
    body.put("customerEmail", "customer123@gmail.com");
    body.put("customerName", "김토스");
    body.put("taxFreeAmount", 0);

    SandboxHttp.Response response = http.post(secretKey, "/v1/billing/" + billingKey, body);

    assertThat(response.status()).isEqualTo(200);
    assertThat(response.header("X-TossPayments-Trace-Id")).isNotBlank();
    JsonNode p = response.json();
    assertThat(names(p))
        .containsExactly(
            "mId",
            "version",
            "paymentKey",
            "status",
            "lastTransactionKey",
            "orderId",
            "orderName",
            "requestedAt",
            "approvedAt",
            "useEscrow",
            "cultureExpense",
            "card",
            "virtualAccount",
            "transfer",
            "mobilePhone",
            "giftCertificate",
            "cashReceipt",
            "cashReceipts",
            "discount",
            "cancels",
            "secret",
            "type",
            "easyPay",
            "country",
            "failure",
            "isPartialCancelable",
            "receipt",
            "checkout",
            "currency",
            "totalAmount",
            "balanceAmount",
            "suppliedAmount",
            "vat",
            "taxFreeAmount",
            "metadata",
            "taxExemptionAmount",
            "method");
    assertThat(p.get("mId").asString()).isEqualTo(merchant.mId());
    assertThat(p.get("version").asString()).isEqualTo("2022-11-16");
    assertThat(p.get("status").asString()).isEqualTo("DONE");
    assertThat(p.get("type").asString()).isEqualTo("BILLING");
    assertThat(p.get("method").asString()).isEqualTo("카드");
    assertThat(p.get("orderId").asString()).isEqualTo(order);
    assertThat(p.get("orderName").asString()).isEqualTo("토스 프라임 구독");
    assertThat(p.get("paymentKey").asString()).hasSizeBetween(20, 200);
    assertThat(p.get("lastTransactionKey").asString()).matches("[0-9A-F]{32}");
    assertThat(p.get("requestedAt").asString()).endsWith("+09:00");
    assertThat(p.get("approvedAt").asString()).endsWith("+09:00");
    assertThat(p.get("currency").asString()).isEqualTo("KRW");
    assertThat(p.get("country").asString()).isEqualTo("KR");
    assertThat(p.get("totalAmount").asLong()).isEqualTo(4900);
    assertThat(p.get("balanceAmount").asLong()).isEqualTo(4900);
    assertThat(p.get("suppliedAmount").asLong()).isEqualTo(4455);
    assertThat(p.get("vat").asLong()).isEqualTo(445);
    assertThat(p.get("taxFreeAmount").asLong()).isZero();
    assertThat(p.get("taxExemptionAmount").asLong()).isZero();
    assertThat(p.get("isPartialCancelable").asBoolean()).isTrue();
    assertThat(p.get("useEscrow").asBoolean()).isFalse();
    assertThat(p.get("cultureExpense").asBoolean()).isFalse();
    for (String nullField :
        List.of(
            "virtualAccount",
            "transfer",
            "mobilePhone",
            "giftCertificate",
            "cashReceipt",
            "cashReceipts",
            "discount",
            "cancels",
            "secret",
            "easyPay",
            "failure",
            "metadata")) {
      assertThat(p.get(nullField).isNull()).as(nullField).isTrue();
    }
    assertThat(p.get("receipt").get("url").asString())
        .startsWith("https://dashboard.tosspayments.com/sales-slip");
    assertThat(p.get("checkout").get("url").asString())
        .isEqualTo(
            "https://api.tosspayments.com/v1/payments/"
                + p.get("paymentKey").asString()
                + "/checkout");
    JsonNode card = p.get("card");
    assertThat(names(card))
        .containsExactly(
            "issuerCode",
            "acquirerCode",
            "number",
            "installmentPlanMonths",
            "isInterestFree",
            "interestPayer",
            "approveNo",
            "useCardPoint",
            "cardType",
            "ownerType",
            "acquireStatus",
            "amount");
    assertThat(card.get("amount").asLong()).isEqualTo(4900);
    assertThat(card.get("approveNo").asString()).matches("\\d{8}");
    assertThat(card.get("acquireStatus").asString()).isEqualTo("READY");
    assertThat(card.get("number").asString()).isEqualTo("43301234****123*");
  }

  @Test
  void splitsVatByTossRule() {
    String billingKey = http.billingKey(secretKey, "cust-vat", "4330123412341234");
    assertThat(vatOf(billingKey, 15000, 0)).containsExactly(13636L, 1364L);
    assertThat(vatOf(billingKey, 30000, 0)).containsExactly(27273L, 2727L);
    assertThat(vatOf(billingKey, 100, 0)).containsExactly(91L, 9L);
    assertThat(vatOf(billingKey, 10000, 4000)).containsExactly(5455L, 545L);
  }

  @Test
  void refusesInvalidChargeRequests() {
    String billingKey = http.billingKey(secretKey, "cust-val", "4330123412341234");
    assertThat(chargeCode(billingKey, Map.of("orderId", "abc"))).isEqualTo("INVALID_ORDER_ID");
    assertThat(chargeCode(billingKey, Map.of("orderId", "order#0001")))
        .isEqualTo("INVALID_ORDER_ID");
    assertThat(chargeCode(billingKey, Map.of("orderId", "o".repeat(65))))
        .isEqualTo("INVALID_ORDER_ID");
    assertThat(chargeCode(billingKey, Map.of("orderName", ""))).isEqualTo("INVALID_ORDER_NAME");
    assertThat(chargeCode(billingKey, Map.of("orderName", "가".repeat(101))))
        .isEqualTo("INVALID_ORDER_NAME");
    assertThat(chargeCode(billingKey, Map.of("customerKey", "bad key!")))
        .isEqualTo("INVALID_CUSTOMER_KEY");
    assertThat(chargeCode(billingKey, Map.of("customerKey", "x")))
        .isEqualTo("INVALID_CUSTOMER_KEY");
    assertThat(chargeCode(billingKey, Map.of("amount", 99))).isEqualTo("BELOW_MINIMUM_AMOUNT");
    assertThat(chargeCode(billingKey, Map.of("amount", 0))).isEqualTo("BELOW_ZERO_AMOUNT");
    assertThat(chargeCode(billingKey, Map.of("amount", -5))).isEqualTo("BELOW_ZERO_AMOUNT");
    assertThat(chargeCode(billingKey, Map.of("amount", "4900won"))).isEqualTo("INVALID_REQUEST");
    assertThat(chargeCode(billingKey, Map.of("amount", 49.5))).isEqualTo("INVALID_REQUEST");
    assertThat(chargeCode(billingKey, Map.of("customerKey", "cust-other")))
        .isEqualTo("NOT_MATCHES_CUSTOMER_KEY");
    assertThat(chargeCode(billingKey, Map.of("customerEmail", "nope"))).isEqualTo("INVALID_EMAIL");
    assertThat(chargeCode(billingKey, Map.of("taxFreeAmount", 99999))).isEqualTo("INVALID_REQUEST");
    assertThat(chargeCode(billingKey, Map.of("cardInstallmentPlan", 3)))
        .isEqualTo("NOT_SUPPORTED_MONTHLY_INSTALLMENT_PLAN_BELOW_AMOUNT");
    assertThat(chargeCode(billingKey, Map.of("cardInstallmentPlan", 13, "amount", 60000)))
        .isEqualTo("INVALID_CARD_INSTALLMENT_PLAN");
    for (String required : List.of("customerKey", "amount", "orderId", "orderName")) {
      Map<String, Object> body = new HashMap<>(charge("cust-val", 1000, orderId()));
      body.remove(required);
      SandboxHttp.Response response = http.post(secretKey, "/v1/billing/" + billingKey, body);
      assertThat(response.status()).as(required).isEqualTo(400);
      assertThat(response.code()).as(required).isEqualTo("INVALID_REQUIRED_PARAM");
    }
    SandboxHttp.Response malformed =
        http.post(secretKey, "/v1/billing/" + billingKey, "{\"amount\": ");
    assertThat(malformed.status()).isEqualTo(400);
    assertThat(malformed.code()).isEqualTo("INVALID_REQUEST");
    assertThat(http.post(secretKey, "/v1/billing/" + billingKey, "[1,2]").code())
        .isEqualTo("INVALID_REQUEST");
    assertThat(http.get(secretKey, "/_sandbox/ledger").json()).isEmpty();
  }

  @Test
  void reportsAMissingRequiredFieldBeforeAWronglyTypedOne() {
    String billingKey = http.billingKey(secretKey, "cust-order", "4330123412341234");
    Map<String, Object> charge = new HashMap<>(charge("cust-order", 1000, orderId()));
    charge.put("amount", "1000won");
    charge.remove("orderName");
    assertThat(http.post(secretKey, "/v1/billing/" + billingKey, charge).code())
        .isEqualTo("INVALID_REQUIRED_PARAM");
    charge.put("orderName", "토스 프라임 구독");
    assertThat(http.post(secretKey, "/v1/billing/" + billingKey, charge).code())
        .isEqualTo("INVALID_REQUEST");

    Map<String, Object> card = new HashMap<>(card("cust-order", "4330123412341234"));
    card.put("customerKey", Map.of("nested", true));
    card.remove("customerIdentityNumber");
    assertThat(http.post(secretKey, "/v1/billing/authorizations/card", card).code())
        .isEqualTo("INVALID_REQUIRED_PARAM");
    assertThat(
            http.post(
                    secretKey,
                    "/v1/billing/authorizations/issue",
                    Map.of("authKey", List.of(1), "customerKey", "cust-order"))
                .code())
        .isEqualTo("INVALID_REQUEST");
    assertThat(
            http.post(secretKey, "/v1/billing/authorizations/issue", Map.of("authKey", List.of(1)))
                .code())
        .isEqualTo("INVALID_REQUIRED_PARAM");

    String paymentKey = approvedPayment(1000);
    assertThat(
            http.post(
                    secretKey,
                    "/v1/payments/" + paymentKey + "/cancel",
                    Map.of("cancelAmount", "all"))
                .code())
        .isEqualTo("INVALID_REQUIRED_PARAM");
  }

  @Test
  void refusesAmountsOverTheMaximumAndTaxAmountsThatWouldOverflow() {
    String billingKey = http.billingKey(secretKey, "cust-val", "4330123412341234");
    assertThat(chargeCode(billingKey, Map.of("amount", Long.MAX_VALUE)))
        .isEqualTo("EXCEED_MAX_AMOUNT");
    assertThat(chargeCode(billingKey, Map.of("amount", SandboxEngine.MAX_AMOUNT + 1)))
        .isEqualTo("EXCEED_MAX_AMOUNT");
    assertThat(
            chargeCode(
                billingKey,
                Map.of("taxFreeAmount", Long.MAX_VALUE, "taxExemptionAmount", Long.MAX_VALUE)))
        .isEqualTo("INVALID_REQUEST");
    assertThat(
            chargeCode(
                billingKey, Map.of("taxFreeAmount", 600, "taxExemptionAmount", Long.MAX_VALUE)))
        .isEqualTo("INVALID_REQUEST");
    assertThat(chargeCode(billingKey, Map.of("taxFreeAmount", 600, "taxExemptionAmount", 401)))
        .isEqualTo("INVALID_REQUEST");

    JsonNode largest =
        http.post(
                secretKey,
                "/v1/billing/" + billingKey,
                charge("cust-val", SandboxEngine.MAX_AMOUNT, orderId()))
            .json();
    assertThat(largest.get("status").asString()).isEqualTo("DONE");
    assertThat(largest.get("vat").asLong()).isEqualTo(90_909_090_909L);
    assertThat(largest.get("suppliedAmount").asLong()).isEqualTo(909_090_909_091L);
    assertThat(vatOf(http.billingKey(secretKey, "cust-vat", "4330123412341234"), 1000, 600))
        .containsExactly(364L, 36L);
  }

  @Test
  void refusesDuplicateOrderIdOnceApproved() {
    String billingKey = http.billingKey(secretKey, "cust-dup", "4330123412341234");
    String order = orderId();
    assertThat(
            http.post(secretKey, "/v1/billing/" + billingKey, charge("cust-dup", 1000, order))
                .status())
        .isEqualTo(200);

    SandboxHttp.Response again =
        http.post(secretKey, "/v1/billing/" + billingKey, charge("cust-dup", 1000, order));

    assertThat(again.status()).isEqualTo(400);
    assertThat(again.code()).isEqualTo("DUPLICATED_ORDER_ID");
    assertThat(again.json().get("message").asString())
        .isEqualTo("이미 승인 및 취소가 진행된 중복된 주문번호 입니다. 다른 주문번호로 진행해주세요.");
  }

  @Test
  void refusesUnknownBillingKey() {
    SandboxHttp.Response response =
        http.post(
            secretKey,
            "/v1/billing/AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=",
            charge("cust-none", 1000, orderId()));
    assertThat(response.status()).isEqualTo(400);
    assertThat(response.code()).isEqualTo("INVALID_BILL_KEY_REQUEST");
  }

  @Test
  void storesDeclinedChargeAsAbortedAndAllowsRetryOfTheOrder() {
    String declining = http.billingKey(secretKey, "cust-decl", "4000000000000201");
    String order = orderId();

    SandboxHttp.Response declined =
        http.post(secretKey, "/v1/billing/" + declining, charge("cust-decl", 4900, order));

    assertThat(declined.status()).isEqualTo(403);
    assertThat(declined.code()).isEqualTo("REJECT_CARD_PAYMENT");
    assertThat(declined.json().get("message").asString()).isEqualTo("한도초과 혹은 잔액부족으로 결제에 실패했습니다.");
    JsonNode aborted = http.get(secretKey, "/v1/payments/orders/" + order).json();
    assertThat(aborted.get("status").asString()).isEqualTo("ABORTED");
    assertThat(aborted.get("approvedAt").isNull()).isTrue();
    assertThat(aborted.get("failure").get("code").asString()).isEqualTo("REJECT_CARD_PAYMENT");
    assertThat(aborted.get("failure").get("message").asString())
        .isEqualTo("한도초과 혹은 잔액부족으로 결제에 실패했습니다.");
    assertThat(aborted.get("totalAmount").asLong()).isEqualTo(4900);

    String good = http.billingKey(secretKey, "cust-decl", "4330123412341234");
    JsonNode retried =
        http.post(secretKey, "/v1/billing/" + good, charge("cust-decl", 4900, order)).json();
    assertThat(retried.get("status").asString()).isEqualTo("DONE");
    assertThat(
            http.get(secretKey, "/v1/payments/orders/" + order).json().get("paymentKey").asString())
        .isEqualTo(retried.get("paymentKey").asString());
    assertThat(
            http.get(secretKey, "/v1/payments/" + aborted.get("paymentKey").asString())
                .json()
                .get("status")
                .asString())
        .isEqualTo("ABORTED");
  }

  @Test
  void declinesHardCardsWithTheirCodes() {
    assertThat(declineOf("4000000000000202")).isEqualTo("400 INVALID_STOPPED_CARD");
    assertThat(declineOf("4000000000000203")).isEqualTo("400 INVALID_CARD_EXPIRATION");
    assertThat(declineOf("4000000000000204")).isEqualTo("400 INVALID_CARD_LOST_OR_STOLEN");
    assertThat(declineOf("4000000000000205")).isEqualTo("400 INVALID_REJECT_CARD");
    assertThat(declineOf("4000000000000207")).isEqualTo("500 FAILED_CARD_COMPANY_RESPONSE");
  }

  @Test
  void refusesChargesOnDeletedBillingKeyAndSecondDelete() {
    String billingKey = http.billingKey(secretKey, "cust-del", "4330123412341234");

    SandboxHttp.Response deleted = http.delete(secretKey, "/v1/billing/" + billingKey);

    assertThat(deleted.status()).isEqualTo(200);
    assertThat(deleted.bytes()).isEmpty();
    assertThat(
            http.post(secretKey, "/v1/billing/" + billingKey, charge("cust-del", 1000, orderId()))
                .code())
        .isEqualTo("INVALID_BILL_KEY_REQUEST");
    SandboxHttp.Response again = http.delete(secretKey, "/v1/billing/" + billingKey);
    assertThat(again.status()).isEqualTo(404);
    assertThat(again.code()).isEqualTo("NOT_FOUND_BILLING");
  }

  // ---- reading

  @Test
  void readsPaymentsByKeyAndOrderId() {
    String billingKey = http.billingKey(secretKey, "cust-read", "4330123412341234");
    String order = orderId();
    SandboxHttp.Response charged =
        http.post(secretKey, "/v1/billing/" + billingKey, charge("cust-read", 2000, order));
    String paymentKey = charged.json().get("paymentKey").asString();

    assertThat(http.get(secretKey, "/v1/payments/" + paymentKey).body()).isEqualTo(charged.body());
    assertThat(http.get(secretKey, "/v1/payments/orders/" + order).body())
        .isEqualTo(charged.body());
    SandboxHttp.Response missing = http.get(secretKey, "/v1/payments/orders/order-missing");
    assertThat(missing.status()).isEqualTo(404);
    assertThat(missing.code()).isEqualTo("NOT_FOUND_PAYMENT");
    assertThat(missing.json().get("message").asString()).isEqualTo("존재하지 않는 결제 정보 입니다.");
  }

  @Test
  void answersInEnglishWhenAsked() {
    SandboxHttp.Response response =
        http.get(secretKey, "/v1/payments/orders/order-missing", "Accept-Language", "en-US");
    assertThat(response.code()).isEqualTo("NOT_FOUND_PAYMENT");
    assertThat(response.json().get("message").asString()).isEqualTo("Payment not found.");
  }

  @Test
  void answersUnknownPathsWithNotFoundAndNeverA500() {
    assertThat(http.get(secretKey, "/v1/nothing/here").code()).isEqualTo("NOT_FOUND");
    assertThat(
            http.raw("PATCH", "/v1/payments/abc", "", "Authorization", SandboxHttp.basic(secretKey))
                .status())
        .isEqualTo(404);
    assertThat(
            http.raw(
                    "POST",
                    "/v1/billing/abc",
                    "\u0000\u0001",
                    "Authorization",
                    SandboxHttp.basic(secretKey),
                    "Content-Type",
                    "text/plain")
                .status())
        .isEqualTo(400);
    assertThat(
            http.raw(
                    "POST",
                    "/v1/billing/authorizations/issue",
                    "{}",
                    "Authorization",
                    SandboxHttp.basic(secretKey),
                    "Content-Type",
                    "application/xml")
                .status())
        .isLessThan(500);
  }

  @Test
  void answersOddBodiesWithoutA500() {
    String billingKey = http.billingKey(secretKey, "cust-odd", "4330123412341234");
    String paymentKey =
        http.post(secretKey, "/v1/billing/" + billingKey, charge("cust-odd", 1000, orderId()))
            .json()
            .get("paymentKey")
            .asString();
    List<String> bodies =
        List.of(
            "",
            "null",
            "[]",
            "\"x\"",
            "{\"amount\":{}}",
            "{\"customerKey\":[]}",
            "{\"amount\":1e400}",
            "{\"amount\":99999999999999999999999}",
            "{\"cancelAmount\":\"abc\"}",
            "{\"orderId\":true}",
            "{\"authKey\":\"" + "a".repeat(400) + "\"}",
            "\u00ff\u00fe{",
            "{\"a\":");
    List<String> paths =
        List.of(
            "/v1/billing/authorizations/issue",
            "/v1/billing/authorizations/card",
            "/v1/billing/" + billingKey,
            "/v1/payments/" + paymentKey + "/cancel");
    for (String path : paths) {
      for (String body : bodies) {
        SandboxHttp.Response response = http.post(secretKey, path, body);
        assertThat(response.status()).as(path + " " + body).isBetween(400, 499);
        assertThat(response.json().get("code").asString()).as(path + " " + body).isNotBlank();
      }
    }
  }

  // ---- test codes

  @Test
  void forcesErrorsWithTestCodeBeforeValidation() {
    SandboxHttp.Response forced =
        http.post(
            secretKey,
            "/v1/billing/unknown-key",
            "{}",
            "TossPayments-Test-Code",
            "REJECT_CARD_PAYMENT");
    assertThat(forced.status()).isEqualTo(403);
    assertThat(forced.code()).isEqualTo("REJECT_CARD_PAYMENT");
    assertThat(forced.json().get("message").asString()).isEqualTo("한도초과 혹은 잔액부족으로 결제에 실패했습니다.");

    SandboxHttp.Response server =
        http.get(
            secretKey,
            "/v1/payments/x",
            "TossPayments-Test-Code",
            "FAILED_INTERNAL_SYSTEM_PROCESSING");
    assertThat(server.status()).isEqualTo(500);

    SandboxHttp.Response english =
        http.post(
            secretKey,
            "/v1/billing/k",
            "{}",
            "TossPayments-Test-Code",
            "INVALID_CARD_EXPIRATION",
            "Accept-Language",
            "en-US");
    assertThat(english.status()).isEqualTo(400);
    assertThat(english.json().get("message").asString())
        .isEqualTo("Please check the card expiration date information again.");

    SandboxHttp.Response unknown =
        http.post(secretKey, "/v1/billing/k", "{}", "TossPayments-Test-Code", "NO_SUCH");
    assertThat(unknown.status()).isEqualTo(400);
    assertThat(unknown.code()).isEqualTo("INVALID_TEST_CODE");
  }

  @Test
  void answersTheGuidesStatusesAndExactMessages() {
    SandboxHttp.Response bankRefund =
        http.post(
            secretKey,
            "/v1/payments/x/cancel",
            "{}",
            "TossPayments-Test-Code",
            "FORBIDDEN_BANK_REFUND_REQUEST");
    assertThat(bankRefund.status()).isEqualTo(400);
    assertThat(bankRefund.code()).isEqualTo("FORBIDDEN_BANK_REFUND_REQUEST");
    SandboxHttp.Response notAvailable =
        http.post(
            secretKey, "/v1/billing/k", "{}", "TossPayments-Test-Code", "NOT_AVAILABLE_PAYMENT");
    assertThat(notAvailable.status()).isEqualTo(400);
    assertThat(notAvailable.code()).isEqualTo("NOT_AVAILABLE_PAYMENT");

    String billingKey = http.billingKey(secretKey, "cust-exp", "4000000000000203");
    SandboxHttp.Response expired =
        http.post(secretKey, "/v1/billing/" + billingKey, charge("cust-exp", 1000, orderId()));
    assertThat(expired.status()).isEqualTo(400);
    assertThat(expired.code()).isEqualTo("INVALID_CARD_EXPIRATION");
    assertThat(expired.json().get("message").asString()).isEqualTo("카드 정보를 다시 확인해주세요.(유효기간)");
  }

  // ---- cancel

  @Test
  void cancelsPartiallyThenFully() {
    String paymentKey = approvedPayment(4900);

    SandboxHttp.Response partial =
        http.post(
            secretKey,
            "/v1/payments/" + paymentKey + "/cancel",
            Map.of("cancelReason", "구독 해지 환불", "cancelAmount", 1000));

    assertThat(partial.status()).isEqualTo(200);
    JsonNode p = partial.json();
    assertThat(p.get("status").asString()).isEqualTo("PARTIAL_CANCELED");
    assertThat(p.get("balanceAmount").asLong()).isEqualTo(3900);
    assertThat(p.get("totalAmount").asLong()).isEqualTo(4900);
    assertThat(p.get("suppliedAmount").asLong() + p.get("vat").asLong()).isEqualTo(3900);
    assertThat(p.get("vat").asLong()).isEqualTo(445 - 91);
    JsonNode cancel = p.get("cancels").get(0);
    assertThat(names(cancel))
        .containsExactly(
            "transactionKey",
            "cancelReason",
            "taxExemptionAmount",
            "canceledAt",
            "cardDiscountAmount",
            "transferDiscountAmount",
            "easyPayDiscountAmount",
            "receiptKey",
            "cancelAmount",
            "taxFreeAmount",
            "refundableAmount",
            "cancelStatus",
            "cancelRequestId");
    assertThat(cancel.get("cancelAmount").asLong()).isEqualTo(1000);
    assertThat(cancel.get("refundableAmount").asLong()).isEqualTo(3900);
    assertThat(cancel.get("cancelStatus").asString()).isEqualTo("DONE");
    assertThat(cancel.get("cancelReason").asString()).isEqualTo("구독 해지 환불");
    assertThat(cancel.get("canceledAt").asString()).endsWith("+09:00");
    assertThat(cancel.get("receiptKey").isNull()).isTrue();
    assertThat(cancel.get("cancelRequestId").isNull()).isTrue();
    assertThat(p.get("lastTransactionKey").asString())
        .isEqualTo(cancel.get("transactionKey").asString());

    SandboxHttp.Response mismatch =
        http.post(
            secretKey,
            "/v1/payments/" + paymentKey + "/cancel",
            Map.of("cancelReason", "x", "refundableAmount", 4900));
    assertThat(mismatch.code()).isEqualTo("NOT_MATCHES_REFUNDABLE_AMOUNT");
    SandboxHttp.Response over =
        http.post(
            secretKey,
            "/v1/payments/" + paymentKey + "/cancel",
            Map.of("cancelReason", "x", "cancelAmount", 4000));
    assertThat(over.status()).isEqualTo(403);
    assertThat(over.code()).isEqualTo("NOT_CANCELABLE_AMOUNT");

    JsonNode full =
        http.post(
                secretKey,
                "/v1/payments/" + paymentKey + "/cancel",
                Map.of("cancelReason", "전액 환불", "refundableAmount", 3900))
            .json();
    assertThat(full.get("status").asString()).isEqualTo("CANCELED");
    assertThat(full.get("balanceAmount").asLong()).isZero();
    assertThat(full.get("suppliedAmount").asLong()).isZero();
    assertThat(full.get("vat").asLong()).isZero();
    assertThat(full.get("cancels")).hasSize(2);
    assertThat(full.get("card").get("acquireStatus").asString()).isEqualTo("CANCELED");

    SandboxHttp.Response already =
        http.post(secretKey, "/v1/payments/" + paymentKey + "/cancel", Map.of("cancelReason", "x"));
    assertThat(already.status()).isEqualTo(400);
    assertThat(already.code()).isEqualTo("ALREADY_CANCELED_PAYMENT");
    assertThat(http.get(secretKey, "/v1/payments/" + paymentKey).json().get("status").asString())
        .isEqualTo("CANCELED");
  }

  @Test
  void refusesPartialCancelsThatWouldLeaveANegativeAmount() {
    String billingKey = http.billingKey(secretKey, "cust-taxfree", "4330123412341234");
    Map<String, Object> body = new HashMap<>(charge("cust-taxfree", 1000, orderId()));
    body.put("taxFreeAmount", 500);
    JsonNode charged = http.post(secretKey, "/v1/billing/" + billingKey, body).json();
    assertThat(charged.get("suppliedAmount").asLong()).isEqualTo(455);
    assertThat(charged.get("vat").asLong()).isEqualTo(45);
    String cancelPath = "/v1/payments/" + charged.get("paymentKey").asString() + "/cancel";

    SandboxHttp.Response tooMuchTaxable =
        http.post(secretKey, cancelPath, Map.of("cancelReason", "환불", "cancelAmount", 600));

    assertThat(tooMuchTaxable.status()).isEqualTo(400);
    assertThat(tooMuchTaxable.code()).isEqualTo("INVALID_REQUEST");
    assertThat(
            http.post(
                    secretKey,
                    cancelPath,
                    Map.of("cancelReason", "환불", "cancelAmount", 100, "taxFreeAmount", 0))
                .status())
        .isEqualTo(200);
    SandboxHttp.Response taxableOverWhatIsLeft =
        http.post(
            secretKey,
            cancelPath,
            Map.of("cancelReason", "환불", "cancelAmount", 450, "taxFreeAmount", 0));
    assertThat(taxableOverWhatIsLeft.code()).isEqualTo("INVALID_REQUEST");

    JsonNode split =
        http.post(
                secretKey,
                cancelPath,
                Map.of("cancelReason", "환불", "cancelAmount", 500, "taxFreeAmount", 100))
            .json();
    assertAmountsAddUp(split);
    assertThat(split.get("balanceAmount").asLong()).isEqualTo(400);
    assertThat(split.get("suppliedAmount").asLong()).isZero();
    assertThat(split.get("vat").asLong()).isZero();
    assertThat(split.get("taxFreeAmount").asLong()).isEqualTo(400);
    JsonNode full = http.post(secretKey, cancelPath, Map.of("cancelReason", "전액 환불")).json();
    assertAmountsAddUp(full);
    assertThat(full.get("status").asString()).isEqualTo("CANCELED");
  }

  @Test
  void keepsSuppliedAmountAndVatAtLeastZeroAfterManyRoundedPartialCancels() {
    String paymentKey = approvedPayment(100);
    String cancelPath = "/v1/payments/" + paymentKey + "/cancel";
    JsonNode payment = null;
    for (int i = 0; i < 17; i++) {
      payment =
          http.post(secretKey, cancelPath, Map.of("cancelReason", "부분 환불", "cancelAmount", 5))
              .json();
      assertAmountsAddUp(payment);
    }
    assertThat(payment.get("suppliedAmount").asLong()).isEqualTo(6);
    assertThat(payment.get("vat").asLong()).isEqualTo(9);

    payment =
        http.post(secretKey, cancelPath, Map.of("cancelReason", "부분 환불", "cancelAmount", 14))
            .json();

    assertAmountsAddUp(payment);
    assertThat(payment.get("balanceAmount").asLong()).isEqualTo(1);
    assertThat(payment.get("suppliedAmount").asLong()).isZero();
    assertThat(payment.get("vat").asLong()).isEqualTo(1);
  }

  @Test
  void keepsAPaymentWithTaxExemptionNotPartiallyCancelableAfterAFullCancel() {
    String billingKey = http.billingKey(secretKey, "cust-exempt", "4330123412341234");
    Map<String, Object> body = new HashMap<>(charge("cust-exempt", 5000, orderId()));
    body.put("taxExemptionAmount", 500);
    JsonNode charged = http.post(secretKey, "/v1/billing/" + billingKey, body).json();
    assertThat(charged.get("isPartialCancelable").asBoolean()).isFalse();
    String paymentKey = charged.get("paymentKey").asString();
    String cancelPath = "/v1/payments/" + paymentKey + "/cancel";
    assertThat(
            http.post(secretKey, cancelPath, Map.of("cancelReason", "x", "cancelAmount", 1000))
                .code())
        .isEqualTo("NOT_ALLOWED_PARTIAL_REFUND");

    JsonNode canceled = http.post(secretKey, cancelPath, Map.of("cancelReason", "전액 환불")).json();

    assertThat(canceled.get("status").asString()).isEqualTo("CANCELED");
    assertThat(canceled.get("taxExemptionAmount").asLong()).isZero();
    assertThat(canceled.get("isPartialCancelable").asBoolean()).isFalse();
    assertThat(
            http.get(secretKey, "/v1/payments/" + paymentKey)
                .json()
                .get("isPartialCancelable")
                .asBoolean())
        .isFalse();
  }

  @Test
  void refusesCancelOfUnknownOrAbortedPaymentAndWithoutReason() {
    assertThat(
            http.post(secretKey, "/v1/payments/nope/cancel", Map.of("cancelReason", "x")).status())
        .isEqualTo(404);
    String paymentKey = approvedPayment(1000);
    assertThat(http.post(secretKey, "/v1/payments/" + paymentKey + "/cancel", Map.of()).code())
        .isEqualTo("INVALID_REQUIRED_PARAM");
    assertThat(
            http.post(
                    secretKey,
                    "/v1/payments/" + paymentKey + "/cancel",
                    Map.of("cancelReason", "x", "cancelAmount", 0))
                .code())
        .isEqualTo("INVALID_REQUEST");
    String declining = http.billingKey(secretKey, "cust-ab", "4000000000000202");
    String order = orderId();
    http.post(secretKey, "/v1/billing/" + declining, charge("cust-ab", 1000, order));
    String abortedKey =
        http.get(secretKey, "/v1/payments/orders/" + order).json().get("paymentKey").asString();
    assertThat(
            http.post(
                    secretKey,
                    "/v1/payments/" + abortedKey + "/cancel",
                    Map.of("cancelReason", "x"))
                .code())
        .isEqualTo("NOT_CANCELABLE_PAYMENT");
  }

  @Test
  void refusesDuplicateOrderIdAfterCancel() {
    String billingKey = http.billingKey(secretKey, "cust-dc", "4330123412341234");
    String order = orderId();
    String paymentKey =
        http.post(secretKey, "/v1/billing/" + billingKey, charge("cust-dc", 1000, order))
            .json()
            .get("paymentKey")
            .asString();
    http.post(secretKey, "/v1/payments/" + paymentKey + "/cancel", Map.of("cancelReason", "x"));
    assertThat(
            http.post(secretKey, "/v1/billing/" + billingKey, charge("cust-dc", 1000, order))
                .code())
        .isEqualTo("DUPLICATED_ORDER_ID");
  }

  // ---- helpers

  private String approvedPayment(long amount) {
    String billingKey = http.billingKey(secretKey, "cust-pay", "4330123412341234");
    return http.post(secretKey, "/v1/billing/" + billingKey, charge("cust-pay", amount, orderId()))
        .json()
        .get("paymentKey")
        .asString();
  }

  private String issueCard(Map<String, Object> overrides) {
    Map<String, Object> body = new HashMap<>(card("cust-valid", "4330123412341234"));
    body.putAll(overrides);
    SandboxHttp.Response response = http.post(secretKey, "/v1/billing/authorizations/card", body);
    assertThat(response.status()).isBetween(400, 499);
    return response.code();
  }

  private String chargeCode(String billingKey, Map<String, Object> overrides) {
    Map<String, Object> body = new HashMap<>(charge("cust-val", 1000, orderId()));
    body.putAll(overrides);
    SandboxHttp.Response response = http.post(secretKey, "/v1/billing/" + billingKey, body);
    assertThat(response.status()).as(overrides.toString()).isEqualTo(400);
    return response.code();
  }

  private String declineOf(String cardNumber) {
    String billingKey = http.billingKey(secretKey, "cust-hard", cardNumber);
    SandboxHttp.Response response =
        http.post(secretKey, "/v1/billing/" + billingKey, charge("cust-hard", 1000, orderId()));
    return response.status() + " " + response.code();
  }

  private List<Long> vatOf(String billingKey, long amount, long taxFree) {
    Map<String, Object> body = new HashMap<>(charge("cust-vat", amount, orderId()));
    body.put("taxFreeAmount", taxFree);
    JsonNode p = http.post(secretKey, "/v1/billing/" + billingKey, body).json();
    assertThat(p.get("taxFreeAmount").asLong()).isEqualTo(taxFree);
    return List.of(p.get("suppliedAmount").asLong(), p.get("vat").asLong());
  }

  /** Toss's amounts of a payment: each at least 0, together the balance. */
  private static void assertAmountsAddUp(JsonNode p) {
    long supplied = p.get("suppliedAmount").asLong();
    long vat = p.get("vat").asLong();
    long taxFree = p.get("taxFreeAmount").asLong();
    long exemption = p.get("taxExemptionAmount").asLong();
    assertThat(List.of(supplied, vat, taxFree, exemption)).as(p.toString()).allMatch(a -> a >= 0);
    assertThat(supplied + vat + taxFree + exemption)
        .as(p.toString())
        .isEqualTo(p.get("balanceAmount").asLong());
  }

  static List<String> names(JsonNode node) {
    List<String> names = new ArrayList<>();
    node.properties().forEach(e -> names.add(e.getKey()));
    return names;
  }
}
