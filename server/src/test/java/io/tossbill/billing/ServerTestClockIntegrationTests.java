package io.tossbill.billing;

import static io.tossbill.billing.BillingFixture.GOOD_CARD;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.tossbill.catalog.PlanId;
import io.tossbill.customer.Cards;
import io.tossbill.customer.CustomerId;
import io.tossbill.customer.Customers;
import io.tossbill.payment.PaymentView;
import io.tossbill.testclock.TestClock;
import io.tossbill.testing.TestEmails;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The server-wide test clock, in a context of its own (it moves everyone's time): kept in the
 * database so every node follows it, and followed by the mounted sandbox, so Toss's approvedAt
 * agrees with the server's time.
 */
@SpringBootTest(
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = {
      "tossbill.billing.worker.enabled=false",
      "tossbill.payment.janitor.enabled=false"
    })
class ServerTestClockIntegrationTests {

  @LocalServerPort int port;
  @Autowired Customers customers;
  @Autowired Cards cards;
  @Autowired TestClock clock;
  @Autowired Subscriptions subscriptions;
  @Autowired JdbcClient jdbc;
  @Autowired RenewalWorker worker;

  @Test
  void theServerClockIsKeptInTheDatabaseAndEveryNodeFollowsIt() {
    Duration stored = storedOffset();
    clock.advance("P10D");

    assertThat(storedOffset()).isBetween(stored.plusDays(10), stored.plusDays(10).plusMinutes(1));

    // another node moves it further: this node follows within a moment, without being told
    Instant before = clock.now();
    jdbc.sql("UPDATE test_clock_server SET offset_millis = :millis")
        .param("millis", storedOffset().plusDays(30).toMillis())
        .update();
    await()
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(() -> assertThat(clock.now()).isAfter(before.plus(Duration.ofDays(29))));
  }

  @Test
  void tossTimestampsFollowTheServerTestClock() {
    clock.advanceTo(clock.now().plus(Duration.ofDays(50)));
    BillingFixture fixture = new BillingFixture(port, customers, cards, clock, jdbc);
    CustomerId customer = customers.create(TestEmails.next(), "시계 고객", null).id();
    fixture.registerCard(customer, GOOD_CARD);
    long plan = fixture.monthlyPlan("시계 요금제", 10_000);

    SubscriptionView view = subscriptions.subscribe(customer, new PlanId(plan));

    PaymentView first = subscriptions.payments(new SubscriptionId(view.id())).getFirst();
    assertThat(first.approvedAt()).isNotNull();
    assertThat(Duration.between(clock.now(), first.approvedAt()).abs())
        .isLessThan(Duration.ofMinutes(5));
    assertThat(first.approvedAt()).isAfter(Instant.now().plus(Duration.ofDays(45)));
  }

  /**
   * README's walk (subscribe, move the server's clock P32D, see the renewal) works whatever the
   * hour of the subscribe: before the 09:00 charge time as well as after it.
   */
  @ParameterizedTest
  @ValueSource(ints = {8, 23})
  void theReadmeWalkShowsTheRenewalWhateverTheHourOfTheSubscribe(int hour) {
    java.time.ZoneId seoul = java.time.ZoneId.of("Asia/Seoul");
    java.time.LocalDate tomorrow = java.time.LocalDate.ofInstant(clock.now(), seoul).plusDays(1);
    clock.advanceTo(tomorrow.atTime(hour, 30).atZone(seoul).toInstant());
    BillingFixture fixture = new BillingFixture(port, customers, cards, clock, jdbc);
    CustomerId customer = customers.create(TestEmails.next(), "산책 고객 " + hour, null).id();
    fixture.registerCard(customer, GOOD_CARD);
    long plan = fixture.monthlyPlan("산책 요금제 " + hour, 9_900);
    SubscriptionView view = subscriptions.subscribe(customer, new PlanId(plan));

    fixture.ok("POST", "/api/v1/admin/test-clock", "{\"advanceBy\":\"P32D\"}");
    worker.runDuePass();

    assertThat(subscriptions.payments(new SubscriptionId(view.id())))
        .extracting(PaymentView::periodNo)
        .containsExactly(1, 2);
  }

  private Duration storedOffset() {
    return Duration.ofMillis(
        jdbc.sql("SELECT offset_millis FROM test_clock_server").query(Long.class).single());
  }
}
