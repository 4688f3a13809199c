package io.tossbill.billing;

import static io.tossbill.billing.BillingFixture.GOOD_CARD;
import static io.tossbill.billing.BillingFixture.HANG_AFTER_CHARGE_CARD;
import static io.tossbill.billing.BillingFixture.SOFT_DECLINE_CARD;
import static io.tossbill.billing.BillingFixture.assertRefused;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.tossbill.catalog.PlanId;
import io.tossbill.customer.Cards;
import io.tossbill.customer.CustomerId;
import io.tossbill.customer.Customers;
import io.tossbill.payment.ChargePurpose;
import io.tossbill.payment.PaymentId;
import io.tossbill.payment.PaymentStatus;
import io.tossbill.payment.PaymentView;
import io.tossbill.payment.Payments;
import io.tossbill.platform.Won;
import io.tossbill.testclock.TestClock;
import java.time.Duration;
import java.util.List;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

/**
 * The second review's findings on the billing core, one test each: resume only from a pause,
 * answered errors, card changes while an attempt is unknown, integration errors, attempts under
 * review, a failed first charge, a consent given before a long pause.
 */
@BillingIntegrationTest
class BillingFixes2IntegrationTests {

  @LocalServerPort int port;
  @Autowired Customers customers;
  @Autowired Cards cards;
  @Autowired TestClock clock;
  @Autowired Subscriptions subscriptions;
  @Autowired BillingPasses engine;
  @Autowired Payments payments;
  @Autowired JdbcClient jdbc;

  private BillingFixture fixture;

  @BeforeEach
  void fixture() {
    fixture = new BillingFixture(port, customers, cards, clock, jdbc);
  }

  // 1
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

  // 1
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

  // 3
  @Test
  void aCardChangeWhileAnAttemptIsUnknownRetriesOnTheNewCardWithoutDunning() {
    CustomerId customer = fixture.customerAt("2033-03-02T10:00:00+09:00", GOOD_CARD);
    SubscriptionId id = subscribe(fixture.monthlyPlan("카드 변경 중", 13_000), customer);
    fixture.moveTo(customer, "2033-04-02T09:00:30+09:00");
    withFaults(
        "{\"internalErrorRate\":0,\"connectionResetRate\":1,\"resetAfterChargeRate\":0,\"timeoutAfterChargeRate\":0}",
        engine::runDuePass);
    PaymentView unknown = periodPayments(id, 2).getFirst();
    assertThat(unknown.status()).isEqualTo(PaymentStatus.UNKNOWN);
    fixture.registerCard(customer, GOOD_CARD); // card B

    // Sent moments ago: Toss may still be working on it, so it is not given up yet.
    engine.settleUnsettled(clock.now().plus(Duration.ofMinutes(1)));
    assertThat(periodPayments(id, 2).getFirst().status()).isEqualTo(PaymentStatus.UNKNOWN);

    // Long enough after the send: given up, not as the customer's decline.
    jdbc.sql("update payment set sent_at = sent_at - interval '10 minutes' where id = :id")
        .param("id", unknown.id())
        .update();
    engine.settleUnsettled(clock.now().plus(Duration.ofMinutes(20)));
    assertThat(periodPayments(id, 2).getFirst().failureCode()).isEqualTo("CARD_CHANGED");
    SubscriptionView waiting = subscriptions.view(id);
    assertThat(waiting.status()).isEqualTo(SubscriptionStatus.ACTIVE);
    assertThat(waiting.awaitingNewCard()).isFalse();

    engine.runDuePass(clock.now().plus(Duration.ofMinutes(21)));
    assertThat(periodPayments(id, 2))
        .extracting(PaymentView::status)
        .containsExactly(PaymentStatus.DECLINED, PaymentStatus.APPROVED);
    assertThat(subscriptions.view(id).status()).isEqualTo(SubscriptionStatus.ACTIVE);
    assertThat(kinds(id)).doesNotContain("PAST_DUE", "RETRY_SCHEDULED");
    assertThat(fixture.ledger(List.of(unknown.orderId()))).isEmpty();
  }

  // 7, 10
  @Test
  void anIntegrationErrorIsKeptForReviewNotDunnedAndNeverBlocksACancel() {
    long plan = fixture.monthlyPlan("연동 오류", 10_000);
    CustomerId customer = fixture.customerAt("2033-05-02T10:00:00+09:00", GOOD_CARD);
    // A merchant bug: the customerKey sent no longer matches the billing key's
    // (NOT_MATCHES_CUSTOMER_KEY).
    jdbc.sql("update customer set customer_key = 'mismatch-' || id where id = :id")
        .param("id", customer.value())
        .update();
    SubscriptionView first = subscriptions.subscribe(customer, new PlanId(plan));
    SubscriptionId id = new SubscriptionId(first.id());

    assertThat(first.status()).isEqualTo(SubscriptionStatus.INCOMPLETE);
    assertThat(first.awaitingNewCard()).isFalse();
    engine.settleUnsettled(clock.now().plus(Duration.ofHours(2)));
    assertThat(periodPayments(id, 1))
        .singleElement()
        .satisfies(
            p -> {
              assertThat(p.status()).isEqualTo(PaymentStatus.UNKNOWN);
              assertThat(p.needsReview()).isTrue();
            });
    assertThat(kinds(id)).doesNotContain("FIRST_CHARGE_DECLINED");

    JsonNode canceled = fixture.ok("POST", "/api/v1/subscriptions/" + id.value() + "/cancel", "{}");
    assertThat(canceled.toString()).contains("CANCELED");
    assertThat(subscriptions.view(id).status()).isEqualTo(SubscriptionStatus.CANCELED);
  }

  // 10
  @Test
  void anAttemptUnderReviewApprovedAfterACancelIsRefunded() {
    CustomerId customer = fixture.customerAt("2033-06-02T10:00:00+09:00", GOOD_CARD);
    SubscriptionId id = subscribe(fixture.monthlyPlan("검토 중 해지", 12_000), customer);
    fixture.registerCard(customer, HANG_AFTER_CHARGE_CARD);
    fixture.moveTo(customer, "2033-07-02T09:00:30+09:00");
    engine.runDuePass(); // approved at Toss, but the answer times out
    PaymentView unknown = periodPayments(id, 2).getFirst();
    assertThat(unknown.status()).isEqualTo(PaymentStatus.UNKNOWN);
    jdbc.sql("update payment set needs_review = true where id = :id")
        .param("id", unknown.id())
        .update();

    subscriptions.cancel(id, false, Subscriptions.RefundMode.NONE);
    assertThat(subscriptions.view(id).status()).isEqualTo(SubscriptionStatus.CANCELED);

    engine.settleUnsettled(clock.now().plus(Duration.ofHours(2)));
    assertThat(kinds(id)).contains("LATE_APPROVAL");
    assertThat(payments.view(new PaymentId(unknown.id())).orElseThrow().status())
        .isEqualTo(PaymentStatus.LATE_APPROVED);
    await()
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(
            () ->
                assertThat(fixture.ledger(List.of(unknown.orderId())))
                    .extracting(e -> e.get("type").asString() + ":" + e.get("amount").asLong())
                    .containsExactly("CHARGE:12000", "CANCEL:12000"));
  }

  // 10
  @Test
  void aScheduledCancelEndsASubscriptionWhoseOnlyAttemptInFlightIsUnderReview() {
    CustomerId customer = fixture.customerAt("2033-06-03T10:00:00+09:00", GOOD_CARD);
    SubscriptionId id = subscribe(fixture.monthlyPlan("검토 중 기간 말 해지", 12_000), customer);
    fixture.moveTo(customer, "2033-07-03T09:00:30+09:00");
    withFaults(
        "{\"internalErrorRate\":0,\"connectionResetRate\":1,\"resetAfterChargeRate\":0,\"timeoutAfterChargeRate\":0}",
        engine::runDuePass);
    engine.settleUnsettled(clock.now().plus(Duration.ofDays(15))); // past the resend window
    assertThat(periodPayments(id, 2).getFirst().needsReview()).isTrue();

    fixture.ok("POST", "/api/v1/subscriptions/" + id.value() + "/cancel", "{\"atPeriodEnd\":true}");
    fixture.moveTo(customer, "2033-08-03T09:00:30+09:00");
    engine.runDuePass();

    assertThat(subscriptions.view(id).status()).isEqualTo(SubscriptionStatus.CANCELED);
  }

  // 8
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

  // 8
  @Test
  void anIncompleteSubscriptionWithItsFirstChargeInFlightIsNotReplaced() {
    long plan = fixture.monthlyPlan("첫 결제 진행 중 재구독", 9_600);
    CustomerId customer = fixture.customerAt("2033-08-03T10:00:00+09:00", HANG_AFTER_CHARGE_CARD);
    SubscriptionView incomplete = subscriptions.subscribe(customer, new PlanId(plan));
    assertThat(incomplete.status()).isEqualTo(SubscriptionStatus.INCOMPLETE);

    assertRefused(
        fixture.send(
            "POST",
            "/api/v1/subscriptions",
            "{\"customerId\":" + customer.value() + ",\"planId\":" + plan + "}"),
        409,
        "CHARGE_IN_FLIGHT");
  }

  // 2
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

  private JsonNode openConsent(SubscriptionId id) {
    return consents(id).stream()
        .filter(r -> List.of("SCHEDULED", "REQUESTED").contains(r.get("status").asString()))
        .findFirst()
        .orElse(null);
  }

  private List<JsonNode> consents(SubscriptionId id) {
    JsonNode list = fixture.ok("GET", "/api/v1/subscriptions/" + id.value() + "/consents", null);
    return StreamSupport.stream(list.spliterator(), false).toList();
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
