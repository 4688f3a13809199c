package io.tossbill.toss;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

import io.tossbill.sandbox.TossSandboxApplication;
import io.tossbill.sandbox.TossSandboxKeys;
import java.io.IOException;
import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/** The client against the real sandbox over HTTP: the flows the server depends on, end to end. */
class TossClientSandboxIntegrationTests {

  static final String APPROVING_CARD = "4330123412341234";
  static final String LIMIT_EXCEEDED_CARD = "4000000000000201";
  static final String STOPPED_CARD = "4000000000000202";
  static final String PROVIDER_ERROR_CARD = "4000000000000208";
  static final String APPROVE_THEN_HANG_CARD = "4000000000000302";
  static final String REFUSED_AT_REGISTRATION_CARD = "4000000000000102";
  static final Duration HANG = Duration.ofSeconds(3);

  /** The sandbox's own key pair: random, the secret not derivable from the client key. */
  static final TossSandboxKeys KEYS = TossSandboxKeys.generate();

  static ConfigurableApplicationContext sandbox;
  static URI baseUri;
  static TossClient toss;

  @BeforeAll
  static void startSandbox() {
    sandbox =
        new SpringApplicationBuilder(TossSandboxApplication.class)
            .run(
                "--server.port=0",
                "--server.address=127.0.0.1",
                "--spring.main.banner-mode=off",
                "--toss-sandbox.hang-duration=" + HANG.toMillis() + "ms",
                "--toss-sandbox.delayed-approval-duration=0s",
                "--toss-sandbox.client-key=" + KEYS.clientKey(),
                "--toss-sandbox.secret-key=" + KEYS.secretKey());
    baseUri =
        URI.create("http://127.0.0.1:" + sandbox.getEnvironment().getProperty("local.server.port"));
    toss = client().build();
  }

  @AfterAll
  static void stopSandbox() {
    if (toss != null) {
      toss.close();
    }
    if (sandbox != null) {
      sandbox.close();
    }
  }

  @AfterEach
  void noFaults() throws Exception {
    setFaults(0, 0, 0);
  }

  static TossClient.Builder client() {
    return TossClient.builder()
        .secretKey(KEYS.secretKey())
        .baseUri(baseUri)
        .readTimeout(Duration.ofSeconds(10));
  }

  @Test
  void chargesExactWonWithTheVatSplit() {
    Billing billing = register(APPROVING_CARD);
    ChargeRequest request = charge(billing, 4900);

    ChargeOutcome outcome = toss.charge(billing.billingKey(), request, newKey());

    assertThat(outcome)
        .isInstanceOfSatisfying(
            ChargeOutcome.Approved.class,
            approved -> {
              Payment payment = approved.payment();
              assertThat(payment.status()).isEqualTo(PaymentStatus.DONE);
              assertThat(payment.type()).isEqualTo("BILLING");
              assertThat(payment.method()).isEqualTo("카드");
              assertThat(payment.orderId()).isEqualTo(request.orderId());
              assertThat(payment.totalAmount()).isEqualTo(4900);
              assertThat(payment.balanceAmount()).isEqualTo(4900);
              assertThat(payment.suppliedAmount()).isEqualTo(4455);
              assertThat(payment.vat()).isEqualTo(445);
              assertThat(payment.card().amount()).isEqualTo(4900);
              assertThat(payment.approvedAt().getOffset()).isEqualTo(ZoneOffset.ofHours(9));
            });
  }

  @Test
  void issuesABillingKeyForCardData() {
    String customerKey = UUID.randomUUID().toString();

    Billing billing =
        toss.issueBillingKeyWithCard(
            new CardBillingRequest(
                customerKey,
                APPROVING_CARD,
                "30",
                "12",
                "900101",
                null,
                "김토스",
                "customer@example.com"),
            newKey());

    assertThat(billing.customerKey()).isEqualTo(customerKey);
    assertThat(billing.billingKey()).isNotBlank();
    assertThat(billing.method()).isEqualTo("카드");
    assertThat(billing.card().number()).startsWith("43301234").doesNotContain("12341234");
  }

  @Test
  void findsAChargeByPaymentKeyAndByOrderId() {
    Billing billing = register(APPROVING_CARD);
    ChargeRequest request = charge(billing, 9900);
    Payment charged = approved(toss.charge(billing.billingKey(), request, newKey()));

    assertThat(toss.findPayment(charged.paymentKey()))
        .hasValueSatisfying(
            payment -> {
              assertThat(payment.orderId()).isEqualTo(request.orderId());
              assertThat(payment.totalAmount()).isEqualTo(9900);
            });
    assertThat(toss.findPaymentByOrderId(request.orderId()))
        .hasValueSatisfying(
            payment -> assertThat(payment.paymentKey()).isEqualTo(charged.paymentKey()));
    assertThat(toss.findPaymentByOrderId("never-charged-" + UUID.randomUUID())).isEmpty();
  }

  @Test
  void partialThenFullCancelLeavesTheBalance() {
    Billing billing = register(APPROVING_CARD);
    Payment charged = approved(toss.charge(billing.billingKey(), charge(billing, 4900), newKey()));

    CancelOutcome partial =
        toss.cancel(charged.paymentKey(), CancelRequest.partial("일부 환불", 1000), newKey());
    assertThat(partial)
        .isInstanceOfSatisfying(
            CancelOutcome.Canceled.class,
            canceled -> {
              assertThat(canceled.payment().status()).isEqualTo(PaymentStatus.PARTIAL_CANCELED);
              assertThat(canceled.payment().balanceAmount()).isEqualTo(3900);
              assertThat(canceled.payment().cancelsOrEmpty())
                  .singleElement()
                  .satisfies(
                      cancel -> {
                        assertThat(cancel.cancelAmount()).isEqualTo(1000);
                        assertThat(cancel.refundableAmount()).isEqualTo(3900);
                      });
            });

    CancelOutcome full = toss.cancel(charged.paymentKey(), CancelRequest.full("구독 해지"), newKey());
    assertThat(full)
        .isInstanceOfSatisfying(
            CancelOutcome.Canceled.class,
            canceled -> {
              assertThat(canceled.payment().status()).isEqualTo(PaymentStatus.CANCELED);
              assertThat(canceled.payment().balanceAmount()).isZero();
              assertThat(canceled.payment().cancelsOrEmpty())
                  .extracting(Payment.Cancel::cancelAmount)
                  .containsExactly(1000L, 3900L);
            });

    assertThat(toss.cancel(charged.paymentKey(), CancelRequest.full("한 번 더"), newKey()))
        .isInstanceOfSatisfying(
            CancelOutcome.Unknown.class,
            unknown -> assertThat(unknown.error().code()).isEqualTo("ALREADY_CANCELED_PAYMENT"));
  }

  @Test
  void aCancelOverTheBalanceIsRefused() {
    Billing billing = register(APPROVING_CARD);
    Payment charged = approved(toss.charge(billing.billingKey(), charge(billing, 4900), newKey()));

    assertThat(toss.cancel(charged.paymentKey(), CancelRequest.partial("너무 많이", 5000), newKey()))
        .isInstanceOfSatisfying(
            CancelOutcome.Refused.class,
            refused -> assertThat(refused.error().code()).isEqualTo("NOT_CANCELABLE_AMOUNT"));
  }

  @Test
  void chargingADeletedBillingKeyIsAHardDecline() {
    Billing billing = register(APPROVING_CARD);

    toss.deleteBillingKey(billing.billingKey());
    ChargeOutcome outcome = toss.charge(billing.billingKey(), charge(billing, 4900), newKey());

    assertThat(outcome)
        .isInstanceOfSatisfying(
            ChargeOutcome.Declined.class,
            declined -> assertThat(declined.kind()).isEqualTo(DeclineKind.HARD));
  }

  @Test
  void limitExceededCardIsASoftDecline() {
    Billing billing = register(LIMIT_EXCEEDED_CARD);

    ChargeOutcome outcome = toss.charge(billing.billingKey(), charge(billing, 4900), newKey());

    assertThat(outcome)
        .isInstanceOfSatisfying(
            ChargeOutcome.Declined.class,
            declined -> {
              assertThat(declined.kind()).isEqualTo(DeclineKind.SOFT);
              assertThat(declined.error().code()).isEqualTo("REJECT_CARD_PAYMENT");
              assertThat(declined.error().message()).isNotBlank();
            });
  }

  @Test
  void stoppedCardIsAHardDecline() {
    Billing billing = register(STOPPED_CARD);

    ChargeOutcome outcome = toss.charge(billing.billingKey(), charge(billing, 4900), newKey());

    assertThat(outcome)
        .isInstanceOfSatisfying(
            ChargeOutcome.Declined.class,
            declined -> {
              assertThat(declined.kind()).isEqualTo(DeclineKind.HARD);
              assertThat(declined.error().code()).isEqualTo("INVALID_STOPPED_CARD");
            });
  }

  @Test
  void providerErrorIsUnknownNotADecline() {
    Billing billing = register(PROVIDER_ERROR_CARD);

    ChargeOutcome outcome = toss.charge(billing.billingKey(), charge(billing, 4900), newKey());

    assertThat(outcome)
        .isInstanceOfSatisfying(
            ChargeOutcome.Unknown.class,
            unknown -> assertThat(unknown.error().code()).isEqualTo("PROVIDER_ERROR"));
  }

  @Test
  void aChargeThatTimesOutIsUnknownAndReadBackShowsItDone() throws InterruptedException {
    Billing billing = register(APPROVE_THEN_HANG_CARD);
    ChargeRequest request = charge(billing, 4900);
    IdempotencyKey key = newKey();

    try (TossClient impatient = client().chargeReadTimeout(Duration.ofMillis(1000)).build()) {
      ChargeOutcome outcome = impatient.charge(billing.billingKey(), request, key);

      assertThat(outcome)
          .isInstanceOfSatisfying(
              ChargeOutcome.Unknown.class,
              unknown ->
                  assertThat(unknown.reason()).contains("no answer from Toss within 1000 ms"));
    }
    // This is the case that must not be charged twice: the money moved although the client timed
    // out.
    assertThat(toss.findPaymentByOrderId(request.orderId()))
        .hasValueSatisfying(
            payment -> {
              assertThat(payment.status()).isEqualTo(PaymentStatus.DONE);
              assertThat(payment.totalAmount()).isEqualTo(4900);
            });

    // While Toss still holds the first request, a retry with the same key is answered 409
    // (unknown);
    // once it is released the same key replays the approval.
    ChargeOutcome retried =
        await()
            .atMost(HANG.plusSeconds(10))
            .pollInterval(Duration.ofMillis(200))
            .until(
                () -> toss.charge(billing.billingKey(), request, key),
                outcome -> outcome instanceof ChargeOutcome.Approved);
    assertThat(retried)
        .isInstanceOfSatisfying(
            ChargeOutcome.Approved.class,
            approved -> assertThat(approved.payment().orderId()).isEqualTo(request.orderId()));
  }

  @Test
  void retryingWithTheSameIdempotencyKeyReplaysThePayment() {
    Billing billing = register(APPROVING_CARD);
    ChargeRequest request = charge(billing, 4900);
    IdempotencyKey key = newKey();

    Payment first = approved(toss.charge(billing.billingKey(), request, key));
    Payment again = approved(toss.charge(billing.billingKey(), request, key));

    assertThat(again.paymentKey()).isEqualTo(first.paymentKey());
    assertThat(again.approvedAt()).isEqualTo(first.approvedAt());
  }

  @Test
  void aNewKeyForAnOrderIdAlreadyChargedIsUnknownNotASecondCharge() {
    Billing billing = register(APPROVING_CARD);
    ChargeRequest request = charge(billing, 4900);
    approved(toss.charge(billing.billingKey(), request, newKey()));

    ChargeOutcome outcome = toss.charge(billing.billingKey(), request, newKey());

    assertThat(outcome)
        .isInstanceOfSatisfying(
            ChargeOutcome.Unknown.class,
            unknown -> assertThat(unknown.error().code()).isEqualTo("DUPLICATED_ORDER_ID"));
  }

  @Test
  void aCardRefusedAtRegistrationThrowsWithTossError() {
    assertThatExceptionOfType(TossApiException.class)
        .isThrownBy(() -> register(REFUSED_AT_REGISTRATION_CARD))
        .satisfies(
            e -> {
              assertThat(e.code()).isEqualTo("INVALID_CARD_NUMBER");
              assertThat(e.error().message()).isNotBlank();
            });
  }

  @Test
  void aCustomerKeyThatDoesNotMatchTheBillingKeyIsAnIntegrationError() {
    Billing billing = register(APPROVING_CARD);
    ChargeRequest wrongCustomer = ChargeRequest.of("someone-else", 4900, orderId(), "구독");

    assertThatExceptionOfType(TossApiException.class)
        .isThrownBy(() -> toss.charge(billing.billingKey(), wrongCustomer, newKey()))
        .satisfies(e -> assertThat(e.code()).isEqualTo("NOT_MATCHES_CUSTOMER_KEY"));
  }

  @Test
  void anUnknownSecretKeyIsAnIntegrationErrorThatDoesNotEchoTheKey() {
    // the secret key a page's client key would give away if the sandbox paired keys by suffix
    String wrongKey = "test_sk_" + KEYS.clientKey().substring("test_ck_".length());
    try (TossClient stranger = client().secretKey(wrongKey).build()) {
      assertThatExceptionOfType(TossApiException.class)
          .isThrownBy(() -> stranger.findPaymentByOrderId("anything-1"))
          .satisfies(
              e -> {
                assertThat(e.code()).isEqualTo("UNAUTHORIZED_KEY");
                assertThat(e.getMessage()).contains("TOSS_SECRET_KEY").doesNotContain(wrongKey);
              });
    }
  }

  @Test
  void issuesABillingKeyForTheAuthKeyOfTheCardWindow() throws Exception {
    String customerKey = UUID.randomUUID().toString();
    String authKey = authKeyFromTheCardWindow(customerKey, APPROVING_CARD);

    Billing billing = toss.issueBillingKey(authKey, customerKey, newKey());

    assertThat(billing.customerKey()).isEqualTo(customerKey);
    assertThat(
            approved(toss.charge(billing.billingKey(), charge(billing, 4900), newKey()))
                .totalAmount())
        .isEqualTo(4900);
    assertThatExceptionOfType(TossApiException.class)
        .as("an authKey is good for one billing key only")
        .isThrownBy(() -> toss.issueBillingKey(authKey, customerKey, newKey()));
  }

  @Test
  void aConnectionResetAfterTheChargeIsUnknownAndReadBackShowsItDone() throws Exception {
    Billing billing = register(APPROVING_CARD);
    ChargeRequest request = charge(billing, 4900);
    setFaults(0, 0, 1);

    ChargeOutcome outcome = toss.charge(billing.billingKey(), request, newKey());

    setFaults(0, 0, 0);
    assertThat(outcome)
        .isInstanceOfSatisfying(
            ChargeOutcome.Unknown.class,
            unknown -> assertThat(unknown.reason()).contains("after the request was sent"));
    assertThat(toss.findPaymentByOrderId(request.orderId()))
        .hasValueSatisfying(payment -> assertThat(payment.status()).isEqualTo(PaymentStatus.DONE));
  }

  @Test
  void aConnectionResetBeforeTheChargeIsUnknownAndReadBackFindsNothing() throws Exception {
    Billing billing = register(APPROVING_CARD);
    ChargeRequest request = charge(billing, 4900);
    IdempotencyKey key = newKey();
    setFaults(0, 1, 0);

    ChargeOutcome outcome = toss.charge(billing.billingKey(), request, key);

    setFaults(0, 0, 0);
    assertThat(outcome).isInstanceOf(ChargeOutcome.Unknown.class);
    assertThat(toss.findPaymentByOrderId(request.orderId())).isEmpty();
    assertThat(toss.charge(billing.billingKey(), request, key))
        .as("the retry with the same key charges once")
        .isInstanceOf(ChargeOutcome.Approved.class);
  }

  @Test
  void anInternalErrorIsUnknown() throws Exception {
    Billing billing = register(APPROVING_CARD);
    setFaults(1, 0, 0);

    ChargeOutcome outcome = toss.charge(billing.billingKey(), charge(billing, 4900), newKey());

    setFaults(0, 0, 0);
    assertThat(outcome)
        .isInstanceOfSatisfying(
            ChargeOutcome.Unknown.class,
            unknown ->
                assertThat(unknown.error().code()).isEqualTo("FAILED_INTERNAL_SYSTEM_PROCESSING"));
  }

  private static Billing register(String cardNumber) {
    return toss.issueBillingKeyWithCard(
        new CardBillingRequest(
            UUID.randomUUID().toString(), cardNumber, "30", "12", "900101", null, null, null),
        newKey());
  }

  private static ChargeRequest charge(Billing billing, long amount) {
    return ChargeRequest.of(billing.customerKey(), amount, orderId(), "토스 프라임 구독");
  }

  private static Payment approved(ChargeOutcome outcome) {
    assertThat(outcome).isInstanceOf(ChargeOutcome.Approved.class);
    return ((ChargeOutcome.Approved) outcome).payment();
  }

  private static String orderId() {
    return "it-" + UUID.randomUUID();
  }

  private static IdempotencyKey newKey() {
    return IdempotencyKey.of(UUID.randomUUID().toString());
  }

  /** Fills in the sandbox's card window like a customer and returns the authKey of the redirect. */
  private static String authKeyFromTheCardWindow(String customerKey, String cardNumber)
      throws IOException, InterruptedException {
    String form =
        Map.of(
                "clientKey", KEYS.clientKey(),
                "customerKey", customerKey,
                "successUrl", "http://shop.example/billing/success",
                "failUrl", "http://shop.example/billing/fail",
                "cardNumber", cardNumber,
                "expiry", "12/30",
                "identity", "900101",
                "agree", "true")
            .entrySet()
            .stream()
            .map(e -> e.getKey() + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
            .collect(Collectors.joining("&"));
    try (HttpClient browser = HttpClient.newHttpClient()) {
      HttpResponse<String> response =
          browser.send(
              HttpRequest.newBuilder(baseUri.resolve("/_sandbox/billing-auth"))
                  .header("Content-Type", "application/x-www-form-urlencoded")
                  .POST(HttpRequest.BodyPublishers.ofString(form))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(response.statusCode()).isBetween(300, 399);
      URI location = URI.create(response.headers().firstValue("Location").orElseThrow());
      Map<String, String> query =
          Arrays.stream(location.getRawQuery().split("&"))
              .map(pair -> pair.split("=", 2))
              .collect(
                  Collectors.toMap(
                      pair -> pair[0], pair -> URLDecoder.decode(pair[1], StandardCharsets.UTF_8)));
      assertThat(query).containsEntry("customerKey", customerKey);
      return query.get("authKey");
    }
  }

  private static void setFaults(
      double internalError, double resetBeforeCharge, double resetAfterCharge)
      throws IOException, InterruptedException {
    String body =
        "{\"internalErrorRate\":"
            + internalError
            + ",\"connectionResetRate\":"
            + resetBeforeCharge
            + ",\"resetAfterChargeRate\":"
            + resetAfterCharge
            + ",\"timeoutAfterChargeRate\":0}";
    try (HttpClient controls = HttpClient.newHttpClient()) {
      HttpResponse<String> response =
          controls.send(
              HttpRequest.newBuilder(baseUri.resolve("/_sandbox/faults"))
                  .header(
                      "Authorization",
                      "Basic "
                          + java.util.Base64.getEncoder()
                              .encodeToString(
                                  (KEYS.secretKey() + ":").getBytes(StandardCharsets.UTF_8)))
                  .header("Content-Type", "application/json")
                  .PUT(HttpRequest.BodyPublishers.ofString(body))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    }
  }
}
