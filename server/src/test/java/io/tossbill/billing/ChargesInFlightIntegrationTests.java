package io.tossbill.billing;

import static io.tossbill.billing.BillingFixture.GOOD_CARD;
import static io.tossbill.billing.BillingFixture.HANG_AFTER_CHARGE_CARD;
import static io.tossbill.billing.BillingFixture.assertRefused;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.tossbill.catalog.PlanId;
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
 * Charges whose outcome is not known yet: never undone by a late outcome, never sent to another
 * card, re-sent with the same key only while Toss keeps it, kept for review on an integration
 * error, and never in the way of a cancel.
 */
@BillingIntegrationTest
class ChargesInFlightIntegrationTests {

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
    // aCardChangeWhileAnAttemptIsUnknownRetriesOnTheNewCardWithoutDunning).
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

  private JsonNode openConsent(SubscriptionId id) {
    return consents(id).stream()
        .filter(r -> List.of("SCHEDULED", "REQUESTED").contains(r.get("status").asString()))
        .findFirst()
        .orElse(null);
  }
}
