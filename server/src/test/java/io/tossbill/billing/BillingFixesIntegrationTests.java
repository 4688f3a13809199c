package io.tossbill.billing;

import static io.tossbill.billing.BillingFixture.GOOD_CARD;
import static io.tossbill.billing.BillingFixture.HANG_AFTER_CHARGE_CARD;
import static io.tossbill.billing.BillingFixture.HARD_DECLINE_CARD;
import static io.tossbill.billing.BillingFixture.SOFT_DECLINE_CARD;
import static io.tossbill.billing.BillingFixture.assertRefused;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.tossbill.catalog.PlanId;
import io.tossbill.catalog.PlanPriceChanged;
import io.tossbill.customer.CardId;
import io.tossbill.customer.CardRegistered;
import io.tossbill.customer.Cards;
import io.tossbill.customer.CustomerId;
import io.tossbill.customer.Customers;
import io.tossbill.gateway.PaymentGateway;
import io.tossbill.payment.ChargePurpose;
import io.tossbill.payment.PaymentId;
import io.tossbill.payment.PaymentStatus;
import io.tossbill.payment.PaymentView;
import io.tossbill.payment.Payments;
import io.tossbill.platform.Won;
import io.tossbill.testclock.TestClock;
import io.tossbill.toss.CancelOutcome;
import io.tossbill.toss.CancelRequest;
import io.tossbill.toss.IdempotencyKey;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;
import java.util.function.Supplier;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.JsonNode;

/**
 * The review's findings on the billing core, one test each: charges in flight during a pause or a
 * claim, trial plan switches, re-sends, answered errors, refunds refused or lost, dunning gaps,
 * pauses with a scheduled cancel or plan change, listeners delivered twice, duplicate subscribes,
 * bad bodies.
 */
@BillingIntegrationTest
class BillingFixesIntegrationTests {

  @LocalServerPort int port;
  @Autowired Customers customers;
  @Autowired Cards cards;
  @Autowired TestClock clock;
  @Autowired Subscriptions subscriptions;
  @Autowired Payments payments;
  @Autowired BillingPasses engine;
  @Autowired io.tossbill.payment.Refunds refunds;
  @Autowired PaymentGateway gateway;
  @Autowired JdbcClient jdbc;
  @Autowired ApplicationEventPublisher publisher;
  @Autowired TransactionTemplate transactions;

  private BillingFixture fixture;

  @BeforeEach
  void fixture() {
    fixture = new BillingFixture(port, customers, cards, clock, jdbc);
  }

  // 1
  @Test
  void aRenewalInFlightCannotBePausedAndALateOutcomeNeverUndoesAPause() {
    CustomerId customer = fixture.customerAt("2032-02-03T10:00:00+09:00", GOOD_CARD);
    SubscriptionId id = subscribe(fixture.monthlyPlan("정지 중 결제", 12_000), customer);
    fixture.registerCard(customer, HANG_AFTER_CHARGE_CARD);
    fixture.moveTo(customer, "2032-03-03T09:00:30+09:00");
    engine.runDuePass();
    assertThat(periodPayments(id, 2))
        .singleElement()
        .extracting(PaymentView::status)
        .isEqualTo(PaymentStatus.UNKNOWN);

    assertRefused(
        fixture.send("POST", "/api/v1/subscriptions/" + id.value() + "/pause", null),
        409,
        "CHARGE_IN_FLIGHT");

    // A row paused anyway (e.g. by an older node): the outcome is recorded, the pause stands.
    jdbc.sql("update subscription set status = 'PAUSED', version = version + 1 where id = :id")
        .param("id", id.value())
        .update();
    engine.settleUnsettled(clock.now().plus(Duration.ofMinutes(1)));

    // The approval pays nothing while paused (the period would be charged again on resume): it is
    // approved late and refunded in full; the pause stands.
    PaymentView late = periodPayments(id, 2).getFirst();
    assertThat(late.status()).isEqualTo(PaymentStatus.LATE_APPROVED);
    assertThat(subscriptions.view(id).status()).isEqualTo(SubscriptionStatus.PAUSED);
    assertThat(kinds(id)).contains("LATE_APPROVAL").doesNotContain("RESUMED");
    await()
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(
            () ->
                assertThat(fixture.ledger(List.of(late.orderId())))
                    .extracting(e -> e.get("type").asString() + ":" + e.get("amount").asLong())
                    .containsExactly("CHARGE:12000", "CANCEL:12000"));
  }

  // 2
  @Test
  void anUpgradeInFlightWhenTheRenewalComesDueDoesNotLoseTheRenewal() {
    CustomerId customer = fixture.customerAt("2032-04-05T10:00:00+09:00", GOOD_CARD);
    long pro = fixture.monthlyPlan("프로 업", 20_000);
    SubscriptionId id = subscribe(fixture.monthlyPlan("베이직 업", 10_000), customer);
    fixture.registerCard(customer, HANG_AFTER_CHARGE_CARD);
    fixture.moveTo(customer, "2032-04-20T10:00:00+09:00");
    subscriptions.changePlan(id, new PlanId(pro)); // the upgrade charge times out: UNKNOWN
    Instant frozen = clock.now();
    fixture.registerCard(customer, GOOD_CARD);

    fixture.moveTo(customer, "2032-05-05T09:00:30+09:00");
    engine.runDuePass(frozen); // the renewal is due while the upgrade charge is in flight
    engine.settleUnsettled(clock.now().plus(Duration.ofMinutes(1))); // the upgrade is approved
    assertThat(subscriptions.view(id).planId()).isEqualTo(pro);

    engine.runDuePass(clock.now().plus(Duration.ofMinutes(1)));
    assertThat(periodPayments(id, 2))
        .singleElement()
        .satisfies(
            p -> {
              assertThat(p.status()).isEqualTo(PaymentStatus.APPROVED);
              assertThat(p.amount()).isEqualTo(Won.of(20_000));
            });
    assertThat(subscriptions.view(id).currentPeriodStart())
        .isEqualTo(LocalDate.parse("2032-05-05"));
  }

  // 3
  @Test
  void aPlanSwitchDuringTheTrialTakesTheNewPlansInterval() {
    long monthly = fixture.plan("체험 월간", 9_900, "MONTH", 1, 7, false);
    long yearly = fixture.plan("체험 연간", 99_000, "YEAR", 1, 7, false);
    CustomerId customer = fixture.customerAt("2032-06-01T10:00:00+09:00", GOOD_CARD);
    SubscriptionId id =
        new SubscriptionId(subscriptions.subscribe(customer, new PlanId(monthly)).id());
    await().atMost(Duration.ofSeconds(10)).until(() -> consents(id).size() == 1);

    SubscriptionView switched = subscriptions.changePlan(id, new PlanId(yearly));
    assertThat(switched.interval().unit().name()).isEqualTo("YEAR");
    await().atMost(Duration.ofSeconds(10)).until(() -> openConsent(id, 99_000) != null);
    JsonNode request = openConsent(id, 99_000);
    fixture.ok(
        "POST",
        "/api/v1/consents/" + request.get("id").asLong() + "/accept",
        "{\"textHash\":\"" + request.get("textHash").asString() + "\",\"channel\":\"WEB\"}");

    fixture.moveTo(customer, "2032-06-08T09:00:30+09:00");
    engine.runDuePass();
    SubscriptionView paid = subscriptions.view(id);
    assertThat(paid.status()).isEqualTo(SubscriptionStatus.ACTIVE);
    assertThat(paid.currentPeriodEnd()).isEqualTo(LocalDate.parse("2033-06-08"));
    assertThat(paid.nextChargeAt()).isEqualTo(Instant.parse("2033-06-08T00:00:00Z"));
    assertThat(periodPayments(id, 1))
        .singleElement()
        .extracting(PaymentView::amount)
        .isEqualTo(Won.of(99_000));
  }

  // 4
  @Test
  void aResendGoesOnlyToTheCardTheAttemptWasSentTo() {
    CustomerId customer = fixture.customerAt("2032-07-02T10:00:00+09:00", GOOD_CARD);
    SubscriptionId id = subscribe(fixture.monthlyPlan("카드 변경 재전송", 13_000), customer);
    fixture.moveTo(customer, "2032-08-02T09:00:30+09:00");
    withFaults(
        "{\"internalErrorRate\":0,\"connectionResetRate\":1,\"resetAfterChargeRate\":0,\"timeoutAfterChargeRate\":0}",
        engine::runDuePass); // the connection is reset before Toss sees the charge
    PaymentView unknown = periodPayments(id, 2).getFirst();
    assertThat(unknown.status()).isEqualTo(PaymentStatus.UNKNOWN);

    fixture.registerCard(
        customer, GOOD_CARD); // another card, after the attempt went to the first one
    // Given up only once the send is older than pending-stale-after (see
    // BillingFixes2IntegrationTests).
    jdbc.sql("update payment set sent_at = sent_at - interval '10 minutes' where id = :id")
        .param("id", unknown.id())
        .update();
    engine.settleUnsettled(clock.now().plus(Duration.ofMinutes(1)));

    assertThat(periodPayments(id, 2))
        .singleElement()
        .satisfies(
            p -> {
              assertThat(p.status()).isEqualTo(PaymentStatus.DECLINED);
              assertThat(p.failureCode()).isEqualTo("CARD_CHANGED");
            });
    assertThat(fixture.ledger(List.of(unknown.orderId()))).isEmpty();
    // Not the customer's decline: no dunning, a new attempt goes to the new card.
    assertThat(subscriptions.view(id).status()).isEqualTo(SubscriptionStatus.ACTIVE);
  }

  // 5
  @Test
  void aServerErrorWithNoPaymentAtTossIsResentWithTheSameKeyNotDeclined() {
    CustomerId customer = fixture.customerAt("2032-07-03T10:00:00+09:00", GOOD_CARD);
    SubscriptionId id = subscribe(fixture.monthlyPlan("오류 응답", 14_000), customer);
    fixture.moveTo(customer, "2032-08-03T09:00:30+09:00");
    withFaults(
        "{\"internalErrorRate\":1,\"connectionResetRate\":0,\"resetAfterChargeRate\":0,\"timeoutAfterChargeRate\":0}",
        engine::runDuePass); // Toss answers 500 FAILED_INTERNAL_SYSTEM_PROCESSING and keeps nothing
    PaymentView unknown = periodPayments(id, 2).getFirst();
    assertThat(unknown.status()).isEqualTo(PaymentStatus.UNKNOWN);

    // A 5xx proves nothing (second review, item 4): read back, then re-sent with its own key.
    engine.settleUnsettled(clock.now().plus(Duration.ofMinutes(1)));

    assertThat(periodPayments(id, 2))
        .singleElement()
        .satisfies(
            p -> {
              assertThat(p.status()).isEqualTo(PaymentStatus.APPROVED);
              assertThat(p.orderId()).isEqualTo(unknown.orderId());
            });
    assertThat(subscriptions.view(id).status()).isEqualTo(SubscriptionStatus.ACTIVE);
    assertThat(fixture.ledger(List.of(unknown.orderId()))).hasSize(1);
  }

  // 5
  @Test
  void anAttemptTossNeverSawIsNotResentAfterTheResendWindow() {
    CustomerId customer = fixture.customerAt("2032-07-04T10:00:00+09:00", GOOD_CARD);
    SubscriptionId id = subscribe(fixture.monthlyPlan("재전송 기한", 15_000), customer);
    fixture.moveTo(customer, "2032-08-04T09:00:30+09:00");
    withFaults(
        "{\"internalErrorRate\":0,\"connectionResetRate\":1,\"resetAfterChargeRate\":0,\"timeoutAfterChargeRate\":0}",
        engine::runDuePass);
    PaymentView unknown = periodPayments(id, 2).getFirst();

    engine.settleUnsettled(clock.now().plus(Duration.ofDays(15)));

    assertThat(periodPayments(id, 2))
        .singleElement()
        .satisfies(
            p -> {
              assertThat(p.status()).isEqualTo(PaymentStatus.UNKNOWN);
              assertThat(p.needsReview()).isTrue();
            });
    assertThat(fixture.ledger(List.of(unknown.orderId()))).isEmpty();
  }

  // 6
  @Test
  void aRefusedRefundIsRecordedAndNoLongerHeldInFlight() {
    CustomerId customer = fixture.customerAt("2032-07-05T10:00:00+09:00", GOOD_CARD);
    SubscriptionId id = subscribe(fixture.monthlyPlan("환불 거절", 20_000), customer);
    PaymentView paid = subscriptions.payments(id).getFirst();
    assertThat(
            gateway.cancel(
                paid.paymentKey(),
                CancelRequest.partial("대시보드 취소", 15_000),
                IdempotencyKey.of(UUID.randomUUID().toString())))
        .isInstanceOf(CancelOutcome.Canceled.class);
    String path = "/api/v1/payments/" + paid.id() + "/refund";

    assertRefused(fixture.send("POST", path, "{\"amount\":10000}"), 409, "REFUND_REFUSED");

    assertThat(payments.view(new PaymentId(paid.id())).orElseThrow().refunds())
        .filteredOn(r -> r.amount().value() == 10_000)
        .singleElement()
        .satisfies(
            r -> {
              assertThat(r.status()).isEqualTo("REFUSED");
              assertThat(r.failureCode()).isEqualTo("NOT_CANCELABLE_AMOUNT");
            });
    assertThat(fixture.ok("POST", path, "{\"amount\":5000}").get("status").asString())
        .isEqualTo("DONE");
  }

  // 6, 7
  @Test
  void aRefundRecordedButNeverSentIsSentOnceByTheJanitor() {
    CustomerId customer = fixture.customerAt("2032-07-06T10:00:00+09:00", GOOD_CARD);
    SubscriptionId id = subscribe(fixture.monthlyPlan("전송 전 중단", 12_000), customer);
    PaymentView paid = subscriptions.payments(id).getFirst();
    // The node dies right after committing the refund row (as a cancel-now would), before calling
    // Toss.
    transactions.executeWithoutResult(
        status ->
            refunds.prepareRefund(new PaymentId(paid.id()), Won.of(3_000), "중단된 환불").orElseThrow());

    engine.settleUnsettled(clock.now().plus(Duration.ofMinutes(10)));
    engine.settleUnsettled(clock.now().plus(Duration.ofHours(3)));

    PaymentView after = payments.view(new PaymentId(paid.id())).orElseThrow();
    assertThat(after.refundedAmount()).isEqualTo(Won.of(3_000));
    assertThat(after.refunds())
        .singleElement()
        .extracting(PaymentView.RefundView::status)
        .isEqualTo("DONE");
    assertThat(fixture.ledger(List.of(paid.orderId())))
        .extracting(e -> e.get("type").asString() + ":" + e.get("amount").asLong())
        .containsExactly("CHARGE:12000", "CANCEL:3000");
  }

  // 7
  @Test
  void cancelNowAfterAnUpgradeRefundsTheUnusedDaysOfBothCharges() {
    long basic = fixture.monthlyPlan("베이직 환불", 10_000);
    long pro = fixture.monthlyPlan("프로 환불", 30_000);
    CustomerId customer = fixture.customerAt("2031-01-15T10:00:00+09:00", GOOD_CARD);
    SubscriptionId id = subscribe(basic, customer);
    fixture.moveTo(customer, "2031-01-25T12:00:00+09:00");
    subscriptions.changePlan(id, new PlanId(pro)); // 13,548 won for 21 of 31 days
    fixture.moveTo(customer, "2031-02-04T12:00:00+09:00"); // 11 days left

    JsonNode result =
        fixture.ok(
            "POST", "/api/v1/subscriptions/" + id.value() + "/cancel", "{\"refund\":\"prorated\"}");

    assertThat(result.get("subscription").get("status").asString()).isEqualTo("CANCELED");
    // 10,000 × 11 ÷ 31 = 3,548.39 → 3,548; 13,548 × 11 ÷ 21 = 7,096.57 → 7,097
    assertThat(result.get("refunds"))
        .extracting(r -> r.get("amount").asLong())
        .containsExactly(3_548L, 7_097L);
    assertThat(result.get("refunds"))
        .allSatisfy(r -> assertThat(r.get("status").asString()).isEqualTo("DONE"));
    List<PaymentView> all = subscriptions.payments(id);
    assertThat(fixture.ledger(all.stream().map(PaymentView::orderId).toList()))
        .filteredOn(e -> e.get("type").asString().equals("CANCEL"))
        .extracting(e -> e.get("amount").asLong())
        .containsExactlyInAnyOrder(3_548L, 7_097L);
  }

  // 17
  @Test
  void aRefundOfAPaymentCanceledElsewhereIsRefusedAfterTheReadBack() {
    CustomerId customer = fixture.customerAt("2032-07-07T10:00:00+09:00", GOOD_CARD);
    SubscriptionId id = subscribe(fixture.monthlyPlan("이미 취소", 20_000), customer);
    PaymentView paid = subscriptions.payments(id).getFirst();
    assertThat(
            gateway.cancel(
                paid.paymentKey(),
                CancelRequest.full("대시보드 전액 취소"),
                IdempotencyKey.of(UUID.randomUUID().toString())))
        .isInstanceOf(CancelOutcome.Canceled.class);

    JsonNode unknown =
        fixture.ok("POST", "/api/v1/payments/" + paid.id() + "/refund", "{\"amount\":5000}");
    assertThat(unknown.get("status").asString())
        .isEqualTo("UNKNOWN"); // ALREADY_CANCELED_PAYMENT: read back first

    engine.settleUnsettled(clock.now().plus(Duration.ofHours(2)));

    PaymentView after = payments.view(new PaymentId(paid.id())).orElseThrow();
    assertThat(after.refundedAmount()).isEqualTo(Won.of(20_000));
    assertThat(after.refunds())
        .filteredOn(r -> r.source().equals("TOSSBILL"))
        .singleElement()
        .satisfies(
            r -> {
              assertThat(r.status()).isEqualTo("REFUSED");
              assertThat(r.failureCode()).isEqualTo("ALREADY_CANCELED_PAYMENT");
              assertThat(r.failureMessage()).isNotBlank();
            });
    assertThat(after.refunds())
        .filteredOn(r -> r.source().equals("TOSS"))
        .singleElement()
        .extracting(PaymentView.RefundView::amount)
        .isEqualTo(Won.of(20_000));
  }

  // 8
  @Test
  void aLateFirstDeclineKeepsTheGapsOfTheRetrySchedule() {
    CustomerId customer = fixture.customerAt("2031-02-05T10:00:00+09:00", GOOD_CARD);
    SubscriptionId id = subscribe(fixture.monthlyPlan("늦은 거절", 15_000), customer);
    fixture.registerCard(customer, SOFT_DECLINE_CARD);

    fixture.moveTo(customer, "2031-03-09T10:00:00+09:00"); // due 03-05, first tried four days late
    engine.runDuePass();
    assertThat(subscriptions.view(id).nextChargeAt())
        .isEqualTo(Instant.parse("2031-03-10T00:00:00Z"));

    fixture.moveTo(customer, "2031-03-10T09:00:30+09:00");
    engine.runDuePass();
    // D + 3 = 03-08 has passed; the schedule's gap (3 − 1 = 2 days) is kept: 03-12
    assertThat(subscriptions.view(id).nextChargeAt())
        .isEqualTo(Instant.parse("2031-03-12T00:00:00Z"));
    assertThat(periodPayments(id, 2)).hasSize(2);
  }

  // 9
  @Test
  void aCancelScheduledBeforeAPauseStillEndsAtThePeriodEnd() {
    long plan = fixture.monthlyPlan("정지 후 해지", 9_000);
    CustomerId customer = fixture.customerAt("2032-09-01T10:00:00+09:00", GOOD_CARD);
    SubscriptionId byEngine = subscribe(plan, customer);
    long other = fixture.monthlyPlan("정지 후 해지 2", 9_000);
    SubscriptionId byResume = subscribe(other, customer);
    for (SubscriptionId id : List.of(byEngine, byResume)) {
      fixture.ok(
          "POST", "/api/v1/subscriptions/" + id.value() + "/cancel", "{\"atPeriodEnd\":true}");
      fixture.ok("POST", "/api/v1/subscriptions/" + id.value() + "/pause", null);
    }
    fixture.moveTo(customer, "2032-10-05T10:00:00+09:00");

    JsonNode resumed =
        fixture.ok("POST", "/api/v1/subscriptions/" + byResume.value() + "/resume", null);
    assertThat(resumed.get("status").asString()).isEqualTo("CANCELED");
    engine.runDuePass();
    SubscriptionView ended = subscriptions.view(byEngine);
    assertThat(ended.status()).isEqualTo(SubscriptionStatus.CANCELED);
    assertThat(ended.endedAt()).isEqualTo(Instant.parse("2032-10-01T00:00:00Z"));
    assertThat(subscriptions.payments(byEngine)).hasSize(1);
    assertThat(subscriptions.payments(byResume)).hasSize(1);
  }

  // 9
  @Test
  void resumingAfterThePeriodEndAppliesTheScheduledDowngradeFirst() {
    long basic = fixture.monthlyPlan("정지 베이직", 10_000);
    long lite = fixture.monthlyPlan("정지 라이트", 5_000);
    CustomerId customer = fixture.customerAt("2032-09-02T10:00:00+09:00", GOOD_CARD);
    SubscriptionId id = subscribe(basic, customer);
    subscriptions.changePlan(id, new PlanId(lite)); // scheduled for 10-02
    subscriptions.pause(id);
    fixture.moveTo(customer, "2032-10-20T10:00:00+09:00");

    SubscriptionView resumed = subscriptions.resume(id);
    engine.runDuePass();

    assertThat(resumed.planId()).isEqualTo(lite);
    assertThat(periodPayments(id, 2))
        .singleElement()
        .satisfies(
            p -> {
              assertThat(p.amount()).isEqualTo(Won.of(5_000));
              assertThat(p.periodStart()).isEqualTo(LocalDate.parse("2032-10-20"));
              assertThat(p.status()).isEqualTo(PaymentStatus.APPROVED);
            });
  }

  // 11
  @Test
  void aCardRegisteredEventDeliveredAgainDoesNotRetryTheCardThatWasDeclined() {
    CustomerId customer = fixture.customerAt("2032-11-03T10:00:00+09:00", GOOD_CARD);
    SubscriptionId id = subscribe(fixture.monthlyPlan("중복 카드 이벤트", 9_500), customer);
    fixture.registerCard(customer, HARD_DECLINE_CARD);
    long declinedCard =
        jdbc.sql("select id from card where customer_id = :c and status = 'CURRENT'")
            .param("c", customer.value())
            .query(Long.class)
            .single();
    fixture.moveTo(customer, "2032-12-03T09:00:30+09:00");
    engine.runDuePass();
    assertThat(subscriptions.view(id).awaitingNewCard()).isTrue();

    publishAndAwait(new CardRegistered(customer, new CardId(declinedCard), null), "CardRegistered");

    assertThat(subscriptions.view(id).awaitingNewCard()).isTrue();
    assertThat(kinds(id)).doesNotContain("CARD_CHANGED");
  }

  // 11
  @Test
  void aPriceChangeEventDeliveredLateAppliesThePlansCurrentPriceOnce() {
    long plan = fixture.monthlyPlan("가격 이벤트", 10_000);
    CustomerId customer = fixture.customerAt("2032-11-04T10:00:00+09:00", GOOD_CARD);
    SubscriptionId id = subscribe(plan, customer);
    fixture.ok(
        "POST",
        "/api/v1/plans/" + plan + "/price",
        "{\"price\":12000,\"applyToExistingSubscriptions\":true}");
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> subscriptions.view(id).pendingChange() != null);

    publishAndAwait(
        new PlanPriceChanged(new PlanId(plan), Won.of(10_000), Won.of(11_000), true),
        "PlanPriceChanged");

    assertThat(subscriptions.view(id).pendingChange().price()).isEqualTo(Won.of(12_000));
    assertThat(kinds(id)).filteredOn("PRICE_CHANGE_SCHEDULED"::equals).hasSize(1);
  }

  // 12
  @Test
  void aSecondSubscribeToTheSamePlanIsRefusedAndChargesNothing() {
    long plan = fixture.monthlyPlan("중복 구독", 8_800);
    CustomerId customer = fixture.customerAt("2032-11-05T10:00:00+09:00", GOOD_CARD);
    String body = "{\"customerId\":" + customer.value() + ",\"planId\":" + plan + "}";
    fixture.ok("POST", "/api/v1/subscriptions", body);

    assertRefused(fixture.send("POST", "/api/v1/subscriptions", body), 409, "SUBSCRIPTION_EXISTS");
    assertThat(
            jdbc.sql("select count(*) from payment where customer_id = :c")
                .param("c", customer.value())
                .query(Long.class)
                .single())
        .isEqualTo(1);
  }

  // 13, 16
  @Test
  void anUpgradeWorthLessThanTossesMinimumIsCarriedAndShownHonestly() {
    long basic = fixture.monthlyPlan("소액 베이직", 10_000);
    long plus = fixture.monthlyPlan("소액 플러스", 10_100);
    CustomerId customer = fixture.customerAt("2031-01-15T10:00:00+09:00", GOOD_CARD);
    SubscriptionId id = subscribe(basic, customer);
    fixture.moveTo(customer, "2031-01-25T12:00:00+09:00");

    // 100 × 21 ÷ 31 = 67.74 → 68 won: too small for Toss, carried to the next invoice, never a 500
    JsonNode changed =
        fixture.ok(
            "POST",
            "/api/v1/subscriptions/" + id.value() + "/change-plan",
            "{\"planId\":" + plus + "}");
    assertThat(changed.get("planId").asLong()).isEqualTo(plus);
    assertThat(changed.get("balance").asLong()).isEqualTo(-68);
    assertThat(changed.get("nextChargeAmount").asLong()).isEqualTo(10_168);
    assertThat(subscriptions.payments(id)).noneMatch(p -> p.purpose() == ChargePurpose.PRORATION);

    // A credit that leaves less than 100 won to pay: nothing is charged, so 0 is shown.
    jdbc.sql("update subscription set balance = 10050, version = version + 1 where id = :id")
        .param("id", id.value())
        .update();
    assertThat(subscriptions.view(id).nextChargeAmount()).isEqualTo(Won.ZERO);
  }

  // 13
  @Test
  void theChargeTimeFollowsTheSettingUnlessTheSubscriptionOverridesIt() {
    CustomerId customer = fixture.customerAt("2032-11-06T10:00:00+09:00", GOOD_CARD);
    SubscriptionId id = subscribe(fixture.monthlyPlan("결제 시각", 7_700), customer);
    assertThat(
            jdbc.sql("select charge_time is null from subscription where id = :id")
                .param("id", id.value())
                .query(Boolean.class)
                .single())
        .isTrue();
    assertThat(subscriptions.view(id).nextChargeAt())
        .isEqualTo(Instant.parse("2032-12-06T00:00:00Z"));

    jdbc.sql("update subscription set charge_time = '10:30', version = version + 1 where id = :id")
        .param("id", id.value())
        .update();
    fixture.moveTo(customer, "2032-12-06T09:00:30+09:00");
    engine.runDuePass(); // not yet: this subscription is charged at 10:30
    assertThat(periodPayments(id, 2)).isEmpty();
    fixture.moveTo(customer, "2032-12-06T10:30:30+09:00");
    engine.runDuePass();
    assertThat(periodPayments(id, 2))
        .singleElement()
        .extracting(PaymentView::status)
        .isEqualTo(PaymentStatus.APPROVED);
    assertThat(subscriptions.view(id).nextChargeAt())
        .isEqualTo(Instant.parse("2033-01-06T01:30:00Z"));
  }

  // 14, 18
  @Test
  void aNullBodyOrAControlCharacterIsABadRequest() {
    CustomerId customer = fixture.customerAt("2032-11-07T10:00:00+09:00", GOOD_CARD);
    SubscriptionId id = subscribe(fixture.monthlyPlan("잘못된 입력", 6_600), customer);
    assertRefused(fixture.send("POST", "/api/v1/subscriptions", "null"), 400, "INVALID_REQUEST");
    assertRefused(
        fixture.send("POST", "/api/v1/subscriptions/" + id.value() + "/change-plan", "null"),
        400,
        "INVALID_REQUEST");
    assertRefused(fixture.send("POST", "/api/v1/admin/test-clock", "null"), 400, "INVALID_REQUEST");
    assertRefused(
        fixture.send("POST", "/api/v1/admin/test-clock/customers/" + customer.value(), "null"),
        400,
        "INVALID_REQUEST");
    PaymentView paid = subscriptions.payments(id).getFirst();
    assertRefused(
        fixture.send(
            "POST",
            "/api/v1/payments/" + paid.id() + "/refund",
            "{\"amount\":1000,\"reason\":\"a\\u0000b\"}"),
        400,
        "INVALID_REQUEST");
    assertThat(payments.view(new PaymentId(paid.id())).orElseThrow().refunds()).isEmpty();
  }

  private void withFaults(String faults, Runnable action) {
    try {
      fixture.ok("PUT", "/toss-sandbox/_sandbox/faults", faults);
      action.run();
    } finally {
      fixture.ok(
          "PUT",
          "/toss-sandbox/_sandbox/faults",
          "{\"internalErrorRate\":0,\"connectionResetRate\":0,\"resetAfterChargeRate\":0,\"timeoutAfterChargeRate\":0}");
    }
  }

  private void publishAndAwait(Object event, String type) {
    transactions.executeWithoutResult(status -> publisher.publishEvent(event));
    await()
        .atMost(Duration.ofSeconds(10))
        .until(
            () ->
                jdbc.sql(
                            """
            select count(*) from event_publication
            where completion_date is null and event_type like :type and listener_id like '%subscription%'
            """)
                        .param("type", "%" + type)
                        .query(Long.class)
                        .single()
                    == 0);
  }

  private List<JsonNode> consents(SubscriptionId id) {
    JsonNode list = fixture.ok("GET", "/api/v1/subscriptions/" + id.value() + "/consents", null);
    return java.util.stream.StreamSupport.stream(list.spliterator(), false).toList();
  }

  private JsonNode openConsent(SubscriptionId id, long priceAfter) {
    Supplier<List<JsonNode>> open =
        () ->
            consents(id).stream()
                .filter(r -> r.get("priceAfter").asLong() == priceAfter)
                .filter(r -> List.of("SCHEDULED", "REQUESTED").contains(r.get("status").asString()))
                .toList();
    List<JsonNode> found = open.get();
    return found.isEmpty() ? null : found.getLast();
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

  private List<String> kinds(SubscriptionId id) {
    return subscriptions.history(id).stream().map(HistoryEntry::kind).toList();
  }
}
