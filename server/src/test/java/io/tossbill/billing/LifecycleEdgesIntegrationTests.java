package io.tossbill.billing;

import static io.tossbill.billing.BillingFixture.GOOD_CARD;
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
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
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
 * Subscription lifecycle at its edges: trial plan switches, dunning gaps, pauses with a scheduled
 * cancel or change, resumes, events delivered twice or late, repeated subscribes, tiny upgrades,
 * charge times and bad bodies.
 */
@BillingIntegrationTest
class LifecycleEdgesIntegrationTests {

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

  @Test
  void aPastDueSubscriptionCannotBeResumedIntoAnotherPeriod() {
    CustomerId customer = fixture.customerAt("2033-01-05T10:00:00+09:00", GOOD_CARD);
    SubscriptionId id = subscribe(fixture.monthlyPlan("연체 재개", 11_000), customer);
    fixture.registerCard(customer, SOFT_DECLINE_CARD);
    fixture.moveTo(customer, "2033-02-05T09:00:30+09:00");
    engine.runDuePass();
    assertThat(subscriptions.view(id).status()).isEqualTo(SubscriptionStatus.PAST_DUE);

    assertRefused(
        fixture.send("POST", "/api/v1/subscriptions/" + id.value() + "/resume", null),
        409,
        "ILLEGAL_TRANSITION");

    SubscriptionView after = subscriptions.view(id);
    assertThat(after.status()).isEqualTo(SubscriptionStatus.PAST_DUE);
    assertThat(after.currentPeriodStart()).isEqualTo(java.time.LocalDate.parse("2033-02-05"));
  }

  @Test
  void anIncompleteSubscriptionCannotBeResumedIntoAccess() {
    CustomerId customer = fixture.customerAt("2033-01-06T10:00:00+09:00", SOFT_DECLINE_CARD);
    SubscriptionView incomplete =
        subscriptions.subscribe(customer, new PlanId(fixture.monthlyPlan("미완료 재개", 9_000)));
    assertThat(incomplete.status()).isEqualTo(SubscriptionStatus.INCOMPLETE);

    assertRefused(
        fixture.send("POST", "/api/v1/subscriptions/" + incomplete.id() + "/resume", null),
        409,
        "ILLEGAL_TRANSITION");
    assertThat(subscriptions.view(new SubscriptionId(incomplete.id())).hasAccess()).isFalse();
  }

  @Test
  void aFailedFirstChargeDoesNotLockTheCustomerOutOfSubscribingAgain() {
    long plan = fixture.monthlyPlan("첫 결제 실패 후 재구독", 9_500);
    CustomerId customer = fixture.customerAt("2033-08-02T10:00:00+09:00", SOFT_DECLINE_CARD);
    SubscriptionView incomplete = subscriptions.subscribe(customer, new PlanId(plan));
    assertThat(incomplete.status()).isEqualTo(SubscriptionStatus.INCOMPLETE);
    fixture.registerCard(customer, GOOD_CARD);

    JsonNode again =
        fixture.ok(
            "POST",
            "/api/v1/subscriptions",
            "{\"customerId\":" + customer.value() + ",\"planId\":" + plan + "}");

    assertThat(again.get("status").asString()).isEqualTo("ACTIVE");
    assertThat(subscriptions.view(new SubscriptionId(incomplete.id())).status())
        .isEqualTo(SubscriptionStatus.EXPIRED);
  }

  @Test
  void aResumeLongAfterTheChangeDateChargesTheOldPriceAndAsksAgain() {
    long plan = fixture.monthlyPlan("재개 후 인상", 10_000);
    CustomerId customer = fixture.customerAt("2033-03-10T10:00:00+09:00", GOOD_CARD);
    SubscriptionId id = subscribe(plan, customer);
    fixture.ok(
        "POST",
        "/api/v1/plans/" + plan + "/price",
        "{\"price\":15000,\"applyToExistingSubscriptions\":true}");
    await().atMost(Duration.ofSeconds(10)).until(() -> openConsent(id) != null);
    fixture.moveTo(customer, "2033-03-25T10:00:00+09:00");
    JsonNode request = openConsent(id);
    fixture.ok(
        "POST",
        "/api/v1/consents/" + request.get("id").asLong() + "/accept",
        "{\"textHash\":\"" + request.get("textHash").asString() + "\",\"channel\":\"WEB\"}");
    subscriptions.pause(id);

    fixture.moveTo(customer, "2033-08-01T10:00:00+09:00");
    subscriptions.resume(id);
    // A fresh request for the new period end (the listener runs after the resume commits).
    await()
        .atMost(Duration.ofSeconds(10))
        .until(
            () ->
                consents(id).stream()
                    .anyMatch(
                        r ->
                            r.get("changeDate").asString().equals("2033-09-01")
                                && List.of("SCHEDULED", "REQUESTED")
                                    .contains(r.get("status").asString())));
    await()
        .atMost(Duration.ofSeconds(10))
        .until(
            () ->
                jdbc.sql("select count(*) from event_publication where completion_date is null")
                        .query(Long.class)
                        .single()
                    == 0);
    engine.runDuePass();

    SubscriptionView resumed = subscriptions.view(id);
    assertThat(resumed.status()).isEqualTo(SubscriptionStatus.ACTIVE);
    assertThat(resumed.price()).isEqualTo(Won.of(10_000));
    assertThat(periodPayments(id, resumed.periodNo()))
        .as(kinds(id) + " " + subscriptions.payments(id))
        .singleElement()
        .extracting(PaymentView::amount)
        .isEqualTo(Won.of(10_000));
    assertThat(resumed.pendingChange().price()).isEqualTo(Won.of(15_000));
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

  @Test
  void staffCanRetryAPastDueSubscriptionNowButNotAnActiveOne() {
    CustomerId customer = fixture.customerAt("2037-01-05T10:00:00+09:00", GOOD_CARD);
    SubscriptionId id = subscribe(fixture.monthlyPlan("지금 재시도", 10_000), customer);
    assertRefused(
        fixture.send("POST", "/api/v1/subscriptions/" + id.value() + "/retry", null),
        409,
        "ILLEGAL_TRANSITION");
    fixture.registerCard(customer, SOFT_DECLINE_CARD);
    fixture.moveTo(customer, "2037-02-05T09:00:30+09:00");
    engine.runDuePass(); // declined: the next retry is a day away
    assertThat(subscriptions.view(id).status()).isEqualTo(SubscriptionStatus.PAST_DUE);
    assertThat(periodPayments(id, 2)).hasSize(1);

    fixture.ok("POST", "/api/v1/subscriptions/" + id.value() + "/retry", null);
    engine.runDuePass(); // charged again now, not tomorrow

    assertThat(periodPayments(id, 2)).hasSize(2);
    assertThat(kinds(id)).contains("RETRY_REQUESTED");
  }

  @Test
  void extendingATrialMovesItsFirstChargeAndTheConsentRequestWithIt() {
    long plan = fixture.plan("체험 연장", 9_900, "MONTH", 1, 7, false);
    CustomerId customer = fixture.customerAt("2037-03-01T10:00:00+09:00", GOOD_CARD);
    SubscriptionView started = subscriptions.subscribe(customer, new PlanId(plan));
    SubscriptionId id = new SubscriptionId(started.id());
    assertThat(started.trialEnd()).isEqualTo(LocalDate.parse("2037-03-08"));
    await().atMost(Duration.ofSeconds(10)).until(() -> consents(id).size() == 1);

    JsonNode extended =
        fixture.ok(
            "POST", "/api/v1/subscriptions/" + id.value() + "/extend-trial", "{\"days\":10}");

    assertThat(extended.get("trialEnd").asString()).isEqualTo("2037-03-18");
    assertThat(extended.get("currentPeriodEnd").asString()).isEqualTo("2037-03-18");
    assertThat(extended.get("nextChargeAt").asString()).startsWith("2037-03-18");
    await()
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(
            () ->
                assertThat(consents(id))
                    .extracting(
                        c -> c.get("changeDate").asString() + ":" + c.get("status").asString())
                    .contains("2037-03-08:SUPERSEDED")
                    .anyMatch(e -> e.startsWith("2037-03-18:")));
    assertRefused(
        fixture.send(
            "POST", "/api/v1/subscriptions/" + id.value() + "/extend-trial", "{\"days\":0}"),
        400,
        "INVALID_TRIAL_EXTENSION");
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

  private JsonNode openConsent(SubscriptionId id) {
    return consents(id).stream()
        .filter(r -> List.of("SCHEDULED", "REQUESTED").contains(r.get("status").asString()))
        .findFirst()
        .orElse(null);
  }
}
