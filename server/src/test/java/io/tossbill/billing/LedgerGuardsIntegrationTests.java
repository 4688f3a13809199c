package io.tossbill.billing;

import static io.tossbill.billing.BillingFixture.GOOD_CARD;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tossbill.catalog.PlanId;
import io.tossbill.customer.Cards;
import io.tossbill.customer.CustomerId;
import io.tossbill.customer.Customers;
import io.tossbill.payment.PaymentView;
import io.tossbill.testclock.TestClock;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.dao.DataAccessException;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The money invariants the database holds by itself, proven by writing the violating row directly,
 * past every line of Java: one approved charge per subscription period, one attempt in flight per
 * subscription, and histories that are never rewritten.
 */
@BillingIntegrationTest
class LedgerGuardsIntegrationTests {

  private static final String COPY_PAYMENT =
      """
      INSERT INTO payment (subscription_id, customer_id, purpose, period_no, attempt_no, period_start, period_end,
                           order_id, idempotency_key, order_name, amount, status, requested_at)
      SELECT subscription_id, customer_id, purpose, period_no, attempt_no + 10, period_start, period_end,
             order_id || '-x', idempotency_key || '-x', order_name, amount, :status, requested_at
      FROM payment WHERE id = :id
      """;

  @LocalServerPort int port;
  @Autowired Customers customers;
  @Autowired Cards cards;
  @Autowired TestClock clock;
  @Autowired Subscriptions subscriptions;
  @Autowired JdbcClient jdbc;

  private BillingFixture fixture;

  @BeforeEach
  void fixture() {
    fixture = new BillingFixture(port, customers, cards, clock, jdbc);
  }

  @Test
  void theDatabaseRefusesASecondApprovedChargeForAPeriod() {
    PaymentView paid = paidFirstPeriod("2035-01-05T10:00:00+09:00");

    assertThatThrownBy(() -> copy(paid, "APPROVED")).isInstanceOf(DuplicateKeyException.class);
    // a declined or late-approved attempt of the same period is allowed: it paid nothing
    assertThat(copy(paid, "DECLINED")).isEqualTo(1);
  }

  @Test
  void theDatabaseRefusesASecondAttemptInFlightForASubscription() {
    PaymentView paid = paidFirstPeriod("2035-02-05T10:00:00+09:00");
    copy(paid, "PENDING");

    assertThatThrownBy(() -> copySuffix(paid, "UNKNOWN", "-y"))
        .isInstanceOf(DuplicateKeyException.class);
  }

  @Test
  void paymentAndSubscriptionHistoriesAreNeverRewritten() {
    PaymentView paid = paidFirstPeriod("2035-03-05T10:00:00+09:00");

    assertThatThrownBy(
            () ->
                jdbc.sql("update payment_history set detail = 'x' where payment_id = :id")
                    .param("id", paid.id())
                    .update())
        .isInstanceOf(DataAccessException.class)
        .hasMessageContaining("append-only");
    assertThatThrownBy(
            () ->
                jdbc.sql("delete from payment_history where payment_id = :id")
                    .param("id", paid.id())
                    .update())
        .hasMessageContaining("append-only");
    assertThatThrownBy(
            () ->
                jdbc.sql("update subscription_history set detail = 'x' where subscription_id = :id")
                    .param("id", paid.subscriptionId())
                    .update())
        .hasMessageContaining("append-only");
    assertThat(
            jdbc.sql("select count(*) from payment_history where payment_id = :id")
                .param("id", paid.id())
                .query(Long.class)
                .single())
        .as("attempted (with its card, sent after the commit), approved")
        .isEqualTo(2);
  }

  private PaymentView paidFirstPeriod(String at) {
    CustomerId customer = fixture.customerAt(at, GOOD_CARD);
    long plan = fixture.monthlyPlan("원장 보호", 10_000);
    SubscriptionView view = subscriptions.subscribe(customer, new PlanId(plan));
    return subscriptions.payments(new SubscriptionId(view.id())).getFirst();
  }

  private int copy(PaymentView paid, String status) {
    return copySuffix(paid, status, "");
  }

  private int copySuffix(PaymentView paid, String status, String suffix) {
    return jdbc.sql(
            COPY_PAYMENT
                .replace("'-x'", "'-x" + suffix + "'")
                .replace("+ 10", "+ 10" + (suffix.isEmpty() ? "" : " + 1")))
        .param("status", status)
        .param("id", paid.id())
        .update();
  }
}
