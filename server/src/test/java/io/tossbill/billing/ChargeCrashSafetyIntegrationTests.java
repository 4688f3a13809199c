package io.tossbill.billing;

import static io.tossbill.billing.BillingFixture.GOOD_CARD;
import static io.tossbill.billing.BillingFixture.HANG_AFTER_CHARGE_CARD;
import static org.assertj.core.api.Assertions.assertThat;

import io.tossbill.catalog.PlanId;
import io.tossbill.customer.Cards;
import io.tossbill.customer.ChargeableCard;
import io.tossbill.customer.CustomerId;
import io.tossbill.customer.Customers;
import io.tossbill.gateway.PaymentGateway;
import io.tossbill.payment.ChargeAttempt;
import io.tossbill.payment.ChargePurpose;
import io.tossbill.payment.PaymentStatus;
import io.tossbill.payment.PaymentView;
import io.tossbill.testclock.TestClock;
import io.tossbill.toss.ChargeOutcome;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

/**
 * What happens when Toss's answer is lost or the server stops mid-charge: the attempt row survives,
 * the janitor reads the payment back by orderId, and nobody is charged twice. The server's ledger
 * is compared with the sandbox's.
 */
@BillingIntegrationTest
class ChargeCrashSafetyIntegrationTests {

  @LocalServerPort int port;
  @Autowired Customers customers;
  @Autowired Cards cards;
  @Autowired TestClock clock;
  @Autowired Subscriptions subscriptions;
  @Autowired BillingPasses engine;
  @Autowired PaymentGateway gateway;
  @Autowired JdbcClient jdbc;

  private BillingFixture fixture;

  @BeforeEach
  void fixture() {
    fixture = new BillingFixture(port, customers, cards, clock, jdbc);
  }

  @Test
  void aTimeoutAfterTheChargeStaysUnknownUntilTheJanitorReadsItBack() {
    long plan = fixture.monthlyPlan("타임아웃", 11_000);
    CustomerId customer = fixture.customerAt("2031-09-01T10:00:00+09:00", HANG_AFTER_CHARGE_CARD);

    SubscriptionView incomplete = subscriptions.subscribe(customer, new PlanId(plan));
    assertThat(incomplete.status()).isEqualTo(SubscriptionStatus.INCOMPLETE);
    PaymentView unknown = subscriptions.payments(new SubscriptionId(incomplete.id())).getFirst();
    assertThat(unknown.status()).isEqualTo(PaymentStatus.UNKNOWN);

    engine.settleUnsettled(clock.now().plus(Duration.ofMinutes(1)));

    SubscriptionView active = subscriptions.view(new SubscriptionId(incomplete.id()));
    assertThat(active.status()).isEqualTo(SubscriptionStatus.ACTIVE);
    PaymentView settled = subscriptions.payments(new SubscriptionId(incomplete.id())).getFirst();
    assertThat(settled.status()).isEqualTo(PaymentStatus.APPROVED);
    assertThat(settled.paymentKey()).isNotBlank();
    assertThat(fixture.ledger(List.of(settled.orderId())))
        .singleElement()
        .satisfies(e -> assertThat(e.get("status").asString()).isEqualTo("DONE"));
  }

  @Test
  void aRenewalDueAgainWhileItsAttemptIsUnknownSendsNothingNewAndIsRenewedOnceSettled() {
    CustomerId customer = fixture.customerAt("2031-09-10T10:00:00+09:00", GOOD_CARD);
    SubscriptionId id = subscribe(fixture.monthlyPlan("갱신 중 유실", 11_500), customer);
    fixture.registerCard(customer, HANG_AFTER_CHARGE_CARD);
    fixture.moveTo(customer, "2031-10-10T09:00:30+09:00");
    engine.runDuePass(); // the renewal times out: UNKNOWN
    assertThat(periodTwo(id))
        .singleElement()
        .extracting(PaymentView::status)
        .isEqualTo(PaymentStatus.UNKNOWN);
    Instant frozen = clock.now(); // the janitor's read-back is not due at this server time

    // The subscription is claimed again (a day later in its own time) while the attempt is unknown:
    // nothing new goes out, and it keeps a next action instead of losing its schedule.
    fixture.moveTo(customer, "2031-10-11T09:00:30+09:00");
    engine.runDuePass(frozen);
    assertThat(periodTwo(id))
        .singleElement()
        .extracting(PaymentView::status)
        .isEqualTo(PaymentStatus.UNKNOWN);
    assertThat(
            jdbc.sql("select next_action_at is not null from subscription where id = :id")
                .param("id", id.value())
                .query(Boolean.class)
                .single())
        .isTrue();

    engine.settleUnsettled(clock.now().plus(Duration.ofMinutes(1)));
    assertThat(periodTwo(id))
        .singleElement()
        .extracting(PaymentView::status)
        .isEqualTo(PaymentStatus.APPROVED);
    assertThat(subscriptions.view(id).nextChargeAt())
        .isEqualTo(Instant.parse("2031-11-10T00:00:00Z"));
    assertThat(fixture.ledger(List.of(periodTwo(id).getFirst().orderId()))).hasSize(1);
  }

  @Test
  void anAttemptAbandonedBeforeTheCallIsSentOnceWithTheSameOrderId() {
    CustomerId customer = fixture.customerAt("2031-10-03T10:00:00+09:00", GOOD_CARD);
    SubscriptionId id = subscribe(fixture.monthlyPlan("중단 전", 7_000), customer);
    fixture.moveTo(customer, "2031-11-03T09:00:30+09:00");

    List<ChargeAttempt> claimed = engine.claimOnly(clock.now()); // the server "crashes" here
    ChargeAttempt abandoned =
        claimed.stream().filter(a -> a.subscriptionId() == id.value()).findFirst().orElseThrow();
    assertThat(abandoned.status()).isEqualTo(PaymentStatus.PENDING);
    engine.runDuePass(); // a restarted node sees nothing due: the attempt is still in flight
    assertThat(periodTwo(id))
        .singleElement()
        .extracting(PaymentView::status)
        .isEqualTo(PaymentStatus.PENDING);

    engine.settleUnsettled(clock.now().plus(Duration.ofMinutes(10)));

    assertThat(periodTwo(id))
        .singleElement()
        .satisfies(
            p -> {
              assertThat(p.status()).isEqualTo(PaymentStatus.APPROVED);
              assertThat(p.orderId()).isEqualTo(abandoned.orderId());
            });
    assertThat(subscriptions.view(id).currentPeriodStart()).hasToString("2031-11-03");
    assertThat(fixture.ledger(List.of(abandoned.orderId()))).hasSize(1);
  }

  @Test
  void anAttemptWhoseOutcomeWasNeverRecordedIsNotChargedTwice() {
    CustomerId customer = fixture.customerAt("2031-10-05T10:00:00+09:00", GOOD_CARD);
    SubscriptionId id = subscribe(fixture.monthlyPlan("중단 후", 6_000), customer);
    fixture.moveTo(customer, "2031-11-05T09:00:30+09:00");

    ChargeAttempt attempt =
        engine.claimOnly(clock.now()).stream()
            .filter(a -> a.subscriptionId() == id.value())
            .findFirst()
            .orElseThrow();
    ChargeableCard card = cards.chargeableCard(customer).orElseThrow();
    // Toss charged the card, then the server died before writing the outcome.
    assertThat(
            gateway.charge(
                card.billingKey(), attempt.toRequest(card.customerKey()), attempt.idempotencyKey()))
        .isInstanceOf(ChargeOutcome.Approved.class);

    engine.settleUnsettled(clock.now().plus(Duration.ofMinutes(10)));

    assertThat(periodTwo(id))
        .singleElement()
        .extracting(PaymentView::status)
        .isEqualTo(PaymentStatus.APPROVED);
    assertThat(subscriptions.view(id).status()).isEqualTo(SubscriptionStatus.ACTIVE);
    assertThat(fixture.ledger(List.of(attempt.orderId()))).hasSize(1);
  }

  @Test
  void twoEnginesRacingOverTheSameDueSetChargeEachPeriodOnce() throws Exception {
    CustomerId customer = fixture.customerAt("2031-12-01T10:00:00+09:00", GOOD_CARD);
    List<SubscriptionId> ids = new ArrayList<>();
    for (int i = 0; i < 24; i++) {
      ids.add(
          subscribe(
              fixture.monthlyPlan("경쟁 " + i, 4_900), customer)); // one live subscription per plan
    }
    fixture.moveTo(customer, "2032-01-01T09:00:30+09:00");

    int engines = 3;
    CyclicBarrier start = new CyclicBarrier(engines);
    try (ExecutorService nodes = Executors.newFixedThreadPool(engines)) {
      List<CompletableFuture<Integer>> passes = new ArrayList<>();
      for (int n = 0; n < engines; n++) {
        passes.add(
            CompletableFuture.supplyAsync(
                () -> {
                  try {
                    start.await();
                  } catch (Exception e) {
                    throw new IllegalStateException(e);
                  }
                  return engine.runDuePass();
                },
                nodes));
      }
      CompletableFuture.allOf(passes.toArray(CompletableFuture[]::new)).join();
    }
    engine.runDuePass();

    List<String> approvedOrderIds = new ArrayList<>();
    for (SubscriptionId id : ids) {
      List<PaymentView> payments = subscriptions.payments(id);
      assertThat(payments)
          .extracting(PaymentView::periodNo, PaymentView::status)
          .containsExactly(
              org.assertj.core.groups.Tuple.tuple(1, PaymentStatus.APPROVED),
              org.assertj.core.groups.Tuple.tuple(2, PaymentStatus.APPROVED));
      payments.forEach(p -> approvedOrderIds.add(p.orderId()));
    }
    List<JsonNode> ledger = fixture.ledger(approvedOrderIds);
    assertThat(ledger).hasSize(48);
    assertThat(ledger)
        .extracting(e -> e.get("orderId").asString())
        .containsExactlyInAnyOrderElementsOf(approvedOrderIds);
    assertThat(ledger.stream().mapToLong(e -> e.get("amount").asLong()).sum())
        .isEqualTo(48 * 4_900L);
    Long serverSum =
        jdbc.sql(
                """
            select sum(amount) from payment where status = 'APPROVED' and customer_id = :customer
            """)
            .param("customer", customer.value())
            .query(Long.class)
            .single();
    assertThat(serverSum).isEqualTo(48 * 4_900L);
  }

  private SubscriptionId subscribe(long planId, CustomerId customer) {
    SubscriptionView view = subscriptions.subscribe(customer, new PlanId(planId));
    assertThat(view.status()).isEqualTo(SubscriptionStatus.ACTIVE);
    return new SubscriptionId(view.id());
  }

  private List<PaymentView> periodTwo(SubscriptionId id) {
    return subscriptions.payments(id).stream()
        .filter(p -> p.periodNo() == 2 && p.purpose() == ChargePurpose.PERIOD)
        .toList();
  }
}
