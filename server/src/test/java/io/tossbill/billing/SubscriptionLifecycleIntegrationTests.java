package io.tossbill.billing;

import static io.tossbill.billing.BillingFixture.GOOD_CARD;
import static io.tossbill.billing.BillingFixture.HARD_DECLINE_CARD;
import static io.tossbill.billing.BillingFixture.SOFT_DECLINE_CARD;
import static io.tossbill.billing.BillingFixture.assertRefused;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.tossbill.catalog.PlanId;
import io.tossbill.customer.Cards;
import io.tossbill.customer.CustomerId;
import io.tossbill.customer.Customers;
import io.tossbill.payment.ChargePurpose;
import io.tossbill.payment.PaymentStatus;
import io.tossbill.payment.PaymentSucceeded;
import io.tossbill.payment.PaymentView;
import io.tossbill.platform.Won;
import io.tossbill.testclock.TestClock;
import io.tossbill.testing.EventRecorder;
import io.tossbill.testing.TestEmails;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

/**
 * Whole lifecycles moved by each customer's own test clock: move the clock, run a billing pass,
 * expect exact won and exact dates. Each test lives at its own fixed dates, in its own customer's
 * time.
 */
@BillingIntegrationTest
class SubscriptionLifecycleIntegrationTests {

  @LocalServerPort int port;
  @Autowired Customers customers;
  @Autowired Cards cards;
  @Autowired TestClock clock;
  @Autowired Subscriptions subscriptions;
  @Autowired BillingPasses engine;
  @Autowired JdbcClient jdbc;
  @Autowired ConfigurableApplicationContext context;

  private BillingFixture fixture;

  @BeforeEach
  void fixture() {
    fixture = new BillingFixture(port, customers, cards, clock, jdbc);
  }

  @Test
  void trialThenActiveThenTwelveRenewalsWithExactWonAndDates() {
    long plan = fixture.plan("프로 월간", 9_900, "MONTH", 1, 7, false);
    CustomerId customer = fixture.customerAt("2032-01-24T10:00:00+09:00", GOOD_CARD);

    try (EventRecorder events = EventRecorder.listenTo(context)) {
      JsonNode created =
          fixture.ok(
              "POST",
              "/api/v1/subscriptions",
              "{\"customerId\":" + customer.value() + ",\"planId\":" + plan + "}");
      long id = created.get("id").asLong();
      assertThat(created.get("status").asString()).isEqualTo("TRIALING");
      assertThat(created.get("trialEnd").asString()).isEqualTo("2032-01-31");
      assertThat(Instant.parse(created.get("nextChargeAt").asString()))
          .isEqualTo(Instant.parse("2032-01-31T00:00:00Z"));
      assertThat(created.get("nextChargeAmount").asLong()).isEqualTo(9_900);
      assertThat(subscriptions.payments(new SubscriptionId(id))).isEmpty();
      acceptTrialConversion(id); // 전자상거래법: the first paid charge needs the subscriber's consent

      // Anchored on Jan 31: the day clamps to each month and comes back, never drifting.
      List<LocalDate> starts =
          dates(
              "2032-01-31",
              "2032-02-29",
              "2032-03-31",
              "2032-04-30",
              "2032-05-31",
              "2032-06-30",
              "2032-07-31",
              "2032-08-31",
              "2032-09-30",
              "2032-10-31",
              "2032-11-30",
              "2032-12-31",
              "2033-01-31",
              "2033-02-28");
      for (int k = 0; k < 13; k++) {
        fixture.moveTo(customer, starts.get(k) + "T09:00:30+09:00");
        engine.runDuePass();
        engine.runDuePass(); // a second pass at the same time charges nothing more
        SubscriptionView view = subscriptions.view(new SubscriptionId(id));
        assertThat(view.status()).isEqualTo(SubscriptionStatus.ACTIVE);
        assertThat(view.periodNo()).isEqualTo(k + 1);
        assertThat(view.currentPeriodStart()).isEqualTo(starts.get(k));
        assertThat(view.currentPeriodEnd()).isEqualTo(starts.get(k + 1));
        assertThat(view.nextChargeAt())
            .isEqualTo(
                starts
                    .get(k + 1)
                    .atTime(9, 0)
                    .atZone(java.time.ZoneId.of("Asia/Seoul"))
                    .toInstant());
      }

      List<PaymentView> payments = subscriptions.payments(new SubscriptionId(id));
      assertThat(payments)
          .hasSize(13)
          .allSatisfy(
              p -> {
                assertThat(p.status()).isEqualTo(PaymentStatus.APPROVED);
                assertThat(p.purpose()).isEqualTo(ChargePurpose.PERIOD);
                assertThat(p.amount()).isEqualTo(Won.of(9_900));
                assertThat(p.vat()).isEqualTo(Won.of(900));
                assertThat(p.suppliedAmount()).isEqualTo(Won.of(9_000));
                assertThat(p.receiptUrl()).isNotBlank();
                assertThat(p.orderId())
                    .matches("^[A-Za-z0-9_-]{6,64}$")
                    .endsWith("-s" + id + "-p" + p.periodNo() + "-a1");
              });
      assertThat(payments)
          .extracting(PaymentView::periodStart)
          .containsExactlyElementsOf(starts.subList(0, 13));
      assertThat(payments.stream().mapToLong(p -> p.amount().value()).sum()).isEqualTo(128_700);

      List<JsonNode> ledger = fixture.ledger(payments.stream().map(PaymentView::orderId).toList());
      assertThat(ledger)
          .hasSize(13)
          .allSatisfy(
              e -> {
                assertThat(e.get("type").asString()).isEqualTo("CHARGE");
                assertThat(e.get("status").asString()).isEqualTo("DONE");
                assertThat(e.get("amount").asLong()).isEqualTo(9_900);
              });

      await()
          .atMost(Duration.ofSeconds(10))
          .untilAsserted(
              () -> {
                assertThat(events.of(PaymentSucceeded.class))
                    .filteredOn(e -> e.subscriptionId() == id)
                    .hasSize(13)
                    .extracting(PaymentSucceeded::periodNo)
                    .containsExactly(1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13);
                assertThat(events.of(SubscriptionRenewed.class))
                    .filteredOn(e -> e.subscriptionId().value() == id)
                    .hasSize(13);
                assertThat(events.of(SubscriptionCreated.class))
                    .filteredOn(e -> e.subscriptionId().value() == id)
                    .singleElement()
                    .extracting(SubscriptionCreated::status)
                    .isEqualTo(SubscriptionStatus.TRIALING);
              });
      assertThat(subscriptions.history(new SubscriptionId(id)))
          .extracting(HistoryEntry::kind)
          .startsWith("CREATED")
          .contains("TRIAL_CONVERTED", "PERIOD_PAID");
    }
  }

  @Test
  void softDeclinesAreRetriedOnScheduleAndANewCardRecovers() {
    SubscriptionId id =
        subscribe(
            fixture.plan("스탠다드", 15_000, "MONTH", 1, 0, true),
            fixture.customerAt("2031-03-05T10:00:00+09:00", GOOD_CARD));
    CustomerId customer = new CustomerId(subscriptions.view(id).customerId());
    fixture.registerCard(customer, SOFT_DECLINE_CARD);

    fixture.moveTo(customer, "2031-04-05T09:00:30+09:00");
    engine.runDuePass();
    SubscriptionView pastDue = subscriptions.view(id);
    assertThat(pastDue.status()).isEqualTo(SubscriptionStatus.PAST_DUE);
    assertThat(pastDue.hasAccess()).isTrue(); // the plan grants access during grace
    assertThat(pastDue.nextChargeAt()).isEqualTo(Instant.parse("2031-04-06T00:00:00Z"));

    fixture.moveTo(customer, "2031-04-06T09:00:30+09:00");
    engine.runDuePass();
    assertThat(subscriptions.view(id).nextChargeAt())
        .isEqualTo(Instant.parse("2031-04-08T00:00:00Z"));
    fixture.moveTo(customer, "2031-04-07T12:00:00+09:00");
    engine.runDuePass(); // nothing due between retries
    fixture.moveTo(customer, "2031-04-08T09:00:30+09:00");
    engine.runDuePass();
    assertThat(subscriptions.view(id).nextChargeAt())
        .isEqualTo(Instant.parse("2031-04-10T00:00:00Z"));

    List<PaymentView> declined = periodPayments(id, 2);
    assertThat(declined)
        .hasSize(3)
        .allSatisfy(
            p -> {
              assertThat(p.status()).isEqualTo(PaymentStatus.DECLINED);
              assertThat(p.failureCode()).isEqualTo("REJECT_CARD_PAYMENT");
              assertThat(p.declineKind()).isEqualTo("SOFT");
              assertThat(p.amount()).isEqualTo(Won.of(15_000));
            });

    fixture.registerCard(customer, GOOD_CARD);
    awaitRetryScheduled(id);
    engine.runDuePass();

    SubscriptionView recovered = subscriptions.view(id);
    assertThat(recovered.status()).isEqualTo(SubscriptionStatus.ACTIVE);
    assertThat(recovered.currentPeriodStart()).isEqualTo(LocalDate.parse("2031-04-05"));
    assertThat(recovered.currentPeriodEnd()).isEqualTo(LocalDate.parse("2031-05-05"));
    assertThat(recovered.nextChargeAt()).isEqualTo(Instant.parse("2031-05-05T00:00:00Z"));
    assertThat(periodPayments(id, 2))
        .extracting(PaymentView::status)
        .containsExactly(
            PaymentStatus.DECLINED,
            PaymentStatus.DECLINED,
            PaymentStatus.DECLINED,
            PaymentStatus.APPROVED);
    assertThat(subscriptions.history(id))
        .extracting(HistoryEntry::kind)
        .contains("PAST_DUE", "CARD_CHANGED", "RECOVERED");
  }

  @Test
  void hardDeclineWaitsForANewCardWhichIsRetriedAtOnce() {
    SubscriptionId id =
        subscribe(
            fixture.monthlyPlan("베이직", 9_000),
            fixture.customerAt("2031-08-20T10:00:00+09:00", GOOD_CARD));
    CustomerId customer = new CustomerId(subscriptions.view(id).customerId());
    fixture.registerCard(customer, HARD_DECLINE_CARD);

    fixture.moveTo(customer, "2031-09-20T09:00:30+09:00");
    engine.runDuePass();
    SubscriptionView pastDue = subscriptions.view(id);
    assertThat(pastDue.status()).isEqualTo(SubscriptionStatus.PAST_DUE);
    assertThat(pastDue.awaitingNewCard()).isTrue();
    assertThat(pastDue.nextChargeAt()).isNull();
    assertThat(pastDue.hasAccess()).isFalse();

    fixture.moveTo(customer, "2031-09-23T10:00:00+09:00");
    engine.runDuePass();
    assertThat(periodPayments(id, 2))
        .singleElement()
        .satisfies(
            p -> {
              assertThat(p.failureCode()).isEqualTo("INVALID_STOPPED_CARD");
              assertThat(p.declineKind()).isEqualTo("HARD");
            });

    fixture.registerCard(customer, GOOD_CARD);
    awaitRetryScheduled(id);
    engine.runDuePass();
    assertThat(subscriptions.view(id).status()).isEqualTo(SubscriptionStatus.ACTIVE);
    assertThat(periodPayments(id, 2))
        .extracting(PaymentView::status)
        .containsExactly(PaymentStatus.DECLINED, PaymentStatus.APPROVED);
  }

  @Test
  void exhaustedRetriesEndTheSubscription() {
    SubscriptionId id =
        subscribe(
            fixture.monthlyPlan("팀", 20_000),
            fixture.customerAt("2031-06-10T10:00:00+09:00", GOOD_CARD));
    CustomerId customer = new CustomerId(subscriptions.view(id).customerId());
    fixture.registerCard(customer, SOFT_DECLINE_CARD);

    try (EventRecorder events = EventRecorder.listenTo(context)) {
      for (String day :
          List.of("2031-07-10", "2031-07-11", "2031-07-13", "2031-07-15", "2031-07-17")) {
        assertThat(subscriptions.view(id).status())
            .isIn(SubscriptionStatus.ACTIVE, SubscriptionStatus.PAST_DUE);
        fixture.moveTo(customer, day + "T09:00:30+09:00");
        engine.runDuePass();
      }
      SubscriptionView ended = subscriptions.view(id);
      assertThat(ended.status()).isEqualTo(SubscriptionStatus.CANCELED);
      assertThat(ended.hasAccess()).isFalse();
      assertThat(ended.nextChargeAt()).isNull();
      assertThat(periodPayments(id, 2))
          .hasSize(5)
          .extracting(PaymentView::status)
          .containsOnly(PaymentStatus.DECLINED);
      await()
          .atMost(Duration.ofSeconds(10))
          .untilAsserted(
              () ->
                  assertThat(events.of(SubscriptionCanceled.class))
                      .filteredOn(e -> e.subscriptionId().equals(id))
                      .singleElement()
                      .extracting(SubscriptionCanceled::reason)
                      .isEqualTo("DUNNING_EXHAUSTED"));
      assertThat(events.of(SubscriptionPastDue.class))
          .filteredOn(e -> e.subscriptionId().equals(id))
          .hasSize(4);
    }
    fixture.moveTo(customer, "2031-08-30T09:00:30+09:00");
    engine.runDuePass();
    assertThat(periodPayments(id, 2)).hasSize(5);
  }

  @Test
  void upgradeChargesTheExactProratedWonAndDowngradeWaitsForThePeriodEnd() {
    long basic = fixture.monthlyPlan("베이직", 10_000);
    long pro = fixture.monthlyPlan("프로", 30_000);
    long lite = fixture.monthlyPlan("라이트", 5_000);
    CustomerId customer = fixture.customerAt("2031-01-15T10:00:00+09:00", GOOD_CARD);
    SubscriptionId id = subscribe(basic, customer);
    String path = "/api/v1/subscriptions/" + id.value();

    fixture.moveTo(customer, "2031-01-25T12:00:00+09:00");
    JsonNode preview = fixture.ok("GET", path + "/change-plan/preview?planId=" + pro, null);
    assertThat(preview.get("kind").asString()).isEqualTo("UPGRADE_NOW");
    assertThat(preview.get("daysLeft").asLong()).isEqualTo(21);
    assertThat(preview.get("periodDays").asLong()).isEqualTo(31);
    // (30,000 − 10,000) × 21 ÷ 31 = 13,548.39 → 13,548 won
    assertThat(preview.get("amountDueNow").asLong()).isEqualTo(13_548);

    JsonNode upgraded = fixture.ok("POST", path + "/change-plan", "{\"planId\":" + pro + "}");
    assertThat(upgraded.get("planId").asLong()).isEqualTo(pro);
    assertThat(upgraded.get("price").asLong()).isEqualTo(30_000);
    assertThat(subscriptions.payments(id))
        .filteredOn(p -> p.purpose() == ChargePurpose.PRORATION)
        .singleElement()
        .satisfies(
            p -> {
              assertThat(p.amount()).isEqualTo(Won.of(13_548));
              assertThat(p.status()).isEqualTo(PaymentStatus.APPROVED);
            });

    JsonNode downgradePreview =
        fixture.ok("GET", path + "/change-plan/preview?planId=" + lite, null);
    assertThat(downgradePreview.get("kind").asString()).isEqualTo("SCHEDULED");
    assertThat(downgradePreview.get("amountDueNow").asLong()).isZero();
    assertThat(downgradePreview.get("effectiveOn").asString()).isEqualTo("2031-02-15");
    JsonNode scheduled = fixture.ok("POST", path + "/change-plan", "{\"planId\":" + lite + "}");
    assertThat(scheduled.get("price").asLong()).isEqualTo(30_000);
    assertThat(scheduled.get("pendingChange").get("planId").asLong()).isEqualTo(lite);
    assertThat(scheduled.get("nextChargeAmount").asLong()).isEqualTo(5_000);

    fixture.moveTo(customer, "2031-02-15T09:00:30+09:00");
    engine.runDuePass();
    SubscriptionView renewed = subscriptions.view(id);
    assertThat(renewed.planId()).isEqualTo(lite);
    assertThat(renewed.price()).isEqualTo(Won.of(5_000));
    assertThat(renewed.pendingChange()).isNull();
    assertThat(renewed.currentPeriodEnd()).isEqualTo(LocalDate.parse("2031-03-15"));

    List<PaymentView> payments = subscriptions.payments(id);
    assertThat(payments)
        .extracting(p -> p.amount().value())
        .containsExactly(10_000L, 13_548L, 5_000L);
    assertThat(fixture.ledger(payments.stream().map(PaymentView::orderId).toList()))
        .extracting(e -> e.get("amount").asLong())
        .containsExactlyInAnyOrder(10_000L, 13_548L, 5_000L);
  }

  @Test
  void cancelAtPeriodEndCanBeUndoneUntilTheEnd() {
    CustomerId customer = fixture.customerAt("2031-05-10T10:00:00+09:00", GOOD_CARD);
    SubscriptionId id = subscribe(fixture.monthlyPlan("월간", 12_000), customer);
    String path = "/api/v1/subscriptions/" + id.value();

    JsonNode scheduled =
        fixture.ok("POST", path + "/cancel", "{\"atPeriodEnd\":true}").get("subscription");
    assertThat(scheduled.get("cancelAtPeriodEnd").asBoolean()).isTrue();
    assertThat(scheduled.get("nextChargeAt").isNull()).isTrue();
    JsonNode undone = fixture.ok("POST", path + "/undo-cancel", null);
    assertThat(undone.get("cancelAtPeriodEnd").asBoolean()).isFalse();
    assertThat(Instant.parse(undone.get("nextChargeAt").asString()))
        .isEqualTo(Instant.parse("2031-06-10T00:00:00Z"));
    assertRefused(fixture.send("POST", path + "/undo-cancel", null), 409, "NO_SCHEDULED_CANCEL");
    fixture.ok("POST", path + "/cancel", "{\"atPeriodEnd\":true}");

    fixture.moveTo(customer, "2031-06-10T09:00:30+09:00");
    engine.runDuePass();
    SubscriptionView canceled = subscriptions.view(id);
    assertThat(canceled.status()).isEqualTo(SubscriptionStatus.CANCELED);
    assertThat(canceled.endedAt()).isEqualTo(Instant.parse("2031-06-10T00:00:00Z"));
    assertThat(subscriptions.payments(id)).hasSize(1);
    assertRefused(fixture.send("POST", path + "/resume", null), 409, "ILLEGAL_TRANSITION");
  }

  @Test
  void cancelNowRefundsTheUnusedDaysThroughToss() {
    CustomerId customer = fixture.customerAt("2031-04-01T10:00:00+09:00", GOOD_CARD);
    SubscriptionId id = subscribe(fixture.monthlyPlan("환불 테스트", 30_000), customer);
    fixture.moveTo(customer, "2031-04-11T10:00:00+09:00");

    JsonNode result =
        fixture.ok(
            "POST", "/api/v1/subscriptions/" + id.value() + "/cancel", "{\"refund\":\"prorated\"}");
    assertThat(result.get("subscription").get("status").asString()).isEqualTo("CANCELED");
    assertThat(result.get("refund").get("status").asString()).isEqualTo("DONE");
    assertThat(result.get("refund").get("amount").asLong()).isEqualTo(20_000); // 30,000 × 20 ÷ 30

    PaymentView paid = subscriptions.payments(id).getFirst();
    assertThat(paid.refundedAmount()).isEqualTo(Won.of(20_000));
    assertThat(paid.refunds())
        .singleElement()
        .satisfies(
            r -> {
              assertThat(r.amount()).isEqualTo(Won.of(20_000));
              assertThat(r.status()).isEqualTo("DONE");
            });
    assertThat(fixture.ledger(List.of(paid.orderId())))
        .filteredOn(e -> e.get("type").asString().equals("CANCEL"))
        .singleElement()
        .satisfies(e -> assertThat(e.get("amount").asLong()).isEqualTo(20_000));
  }

  @Test
  void pauseStopsChargingAndResumeStartsANewPeriodFromTheResumeDate() {
    CustomerId customer = fixture.customerAt("2031-03-10T10:00:00+09:00", GOOD_CARD);
    SubscriptionId id = subscribe(fixture.monthlyPlan("일시정지", 8_000), customer);
    String path = "/api/v1/subscriptions/" + id.value();

    fixture.moveTo(customer, "2031-03-20T10:00:00+09:00");
    assertThat(fixture.ok("POST", path + "/pause", null).get("status").asString())
        .isEqualTo("PAUSED");
    assertRefused(fixture.send("POST", path + "/pause", null), 409, "ILLEGAL_TRANSITION");

    fixture.moveTo(customer, "2031-05-01T10:00:00+09:00");
    engine.runDuePass();
    assertThat(subscriptions.payments(id)).hasSize(1);

    JsonNode resumed = fixture.ok("POST", path + "/resume", null);
    assertThat(resumed.get("status").asString()).isEqualTo("ACTIVE");
    assertThat(resumed.get("currentPeriodStart").asString()).isEqualTo("2031-05-01");
    assertThat(resumed.get("currentPeriodEnd").asString()).isEqualTo("2031-06-01");
    engine.runDuePass();
    assertThat(subscriptions.payments(id))
        .extracting(p -> p.amount().value(), PaymentView::status, PaymentView::periodStart)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(
                8_000L, PaymentStatus.APPROVED, LocalDate.parse("2031-03-10")),
            org.assertj.core.groups.Tuple.tuple(
                8_000L, PaymentStatus.APPROVED, LocalDate.parse("2031-05-01")));
    assertThat(subscriptions.view(id).nextChargeAt())
        .isEqualTo(Instant.parse("2031-06-01T00:00:00Z"));
  }

  @Test
  void refusesBadInputWithClearMessagesAndWritesNothing() {
    long plan = fixture.monthlyPlan("입력 검사", 10_000);
    CustomerId noCard = customers.create(TestEmails.next(), "카드 없음", null).id();
    long before = jdbc.sql("select count(*) from subscription").query(Long.class).single();

    assertRefused(
        fixture.send("POST", "/api/v1/subscriptions", "{\"planId\":" + plan + "}"),
        400,
        "INVALID_REQUEST");
    assertRefused(
        fixture.send(
            "POST",
            "/api/v1/subscriptions",
            "{\"customerId\":" + noCard.value() + ",\"planId\":987654321}"),
        404,
        "PLAN_NOT_FOUND");
    assertRefused(
        fixture.send(
            "POST",
            "/api/v1/subscriptions",
            "{\"customerId\":" + noCard.value() + ",\"planId\":" + plan + "}"),
        409,
        "CARD_REQUIRED");
    assertRefused(
        fixture.send("GET", "/api/v1/subscriptions/987654321", null),
        404,
        "SUBSCRIPTION_NOT_FOUND");
    assertRefused(
        fixture.send("POST", "/api/v1/subscriptions/987654321/cancel", "{\"refund\":\"all\"}"),
        400,
        "INVALID_REQUEST");
    assertRefused(
        fixture.send("POST", "/api/v1/payments/987654321/refund", "{}"), 404, "PAYMENT_NOT_FOUND");
    assertThat(jdbc.sql("select count(*) from subscription").query(Long.class).single())
        .isEqualTo(before);
  }

  /**
   * Records the subscriber's consent to the trial's first paid charge, as the merchant's page
   * would.
   */
  private void acceptTrialConversion(long subscriptionId) {
    await()
        .atMost(Duration.ofSeconds(10))
        .until(
            () ->
                fixture
                        .ok("GET", "/api/v1/subscriptions/" + subscriptionId + "/consents", null)
                        .size()
                    == 1);
    JsonNode request =
        fixture.ok("GET", "/api/v1/subscriptions/" + subscriptionId + "/consents", null).get(0);
    assertThat(request.get("kind").asString()).isEqualTo("TRIAL_CONVERSION");
    assertThat(request.get("priceAfter").asLong()).isEqualTo(9_900);
    fixture.ok(
        "POST",
        "/api/v1/consents/" + request.get("id").asLong() + "/accept",
        "{\"textHash\":\"" + request.get("textHash").asString() + "\",\"channel\":\"WEB\"}");
  }

  private SubscriptionId subscribe(long planId, CustomerId customer) {
    SubscriptionView view = subscriptions.subscribe(customer, new PlanId(planId));
    assertThat(view.status()).isEqualTo(SubscriptionStatus.ACTIVE);
    return new SubscriptionId(view.id());
  }

  private List<PaymentView> periodPayments(SubscriptionId id, int periodNo) {
    return subscriptions.payments(id).stream()
        .filter(p -> p.periodNo() == periodNo && p.purpose() == ChargePurpose.PERIOD)
        .toList();
  }

  private void awaitRetryScheduled(SubscriptionId id) {
    await()
        .atMost(Duration.ofSeconds(10))
        .until(
            () ->
                subscriptions.history(id).stream().anyMatch(h -> h.kind().equals("CARD_CHANGED")));
  }

  private static List<LocalDate> dates(String... dates) {
    return java.util.Arrays.stream(dates).map(LocalDate::parse).toList();
  }
}
