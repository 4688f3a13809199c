package io.tossbill.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import io.tossbill.billing.BillingPasses;
import io.tossbill.billing.BillingTestSupport;
import io.tossbill.billing.SubscriptionId;
import io.tossbill.billing.SubscriptionStatus;
import io.tossbill.billing.Subscriptions;
import io.tossbill.catalog.BillingInterval;
import io.tossbill.catalog.CatalogService;
import io.tossbill.catalog.Plan;
import io.tossbill.customer.CustomerId;
import io.tossbill.customer.Customers;
import io.tossbill.platform.BusinessTime;
import io.tossbill.platform.Won;
import io.tossbill.testing.TestEmails;
import java.time.LocalDate;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Import;

/**
 * The dashboard's figures against ones computed by hand (docs/dashboard.md) on a fixture made
 * through the billing engine: its own Spring context and database, so nothing else is counted.
 */
@Import(BillingPasses.class)
@SpringBootTest(
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = {
      "tossbill.billing.worker.enabled=false",
      "tossbill.mail.worker=false",
      "spring.application.name=tossbill-dashboard-test"
    })
class DashboardIntegrationTests {

  @LocalServerPort int port;
  @Autowired ApplicationContext context;
  @Autowired CatalogService catalog;
  @Autowired Customers customers;
  @Autowired Subscriptions subscriptions;
  @Autowired Dashboard dashboard;

  @Test
  void theFiguresAreTheOnesComputedByHand() {
    BillingTestSupport billing = new BillingTestSupport(port, context);
    Plan monthly = plan("월간", 9_900, BillingInterval.monthly(), 0);
    Plan quarterly = plan("3개월", 27_000, BillingInterval.everyMonths(3), 0);
    Plan yearly = plan("연간", 99_000, BillingInterval.yearly(), 0);
    Plan weekly = plan("주간", 1_000, BillingInterval.weekly(), 0);
    Plan trial = plan("체험", 9_900, BillingInterval.monthly(), 14);
    Plan pausable = plan("정지", 5_000, BillingInterval.monthly(), 0);

    subscribe(billing, monthly, BillingTestSupport.GOOD_CARD); // A: active, 9,900 a month
    subscribe(billing, quarterly, BillingTestSupport.GOOD_CARD); // B: 27,000 / 3 = 9,000
    subscribe(billing, yearly, BillingTestSupport.GOOD_CARD); // C: 99,000 / 12 = 8,250
    subscribe(billing, weekly, BillingTestSupport.GOOD_CARD); // D: 1,000 × 52 / 12 = 4,333.33…
    SubscriptionId e = subscribe(billing, trial, BillingTestSupport.GOOD_CARD); // E: trialing
    CustomerId f = newCustomer(billing, "4000000000000201"); // F: declined, then recovered
    SubscriptionId fs = new SubscriptionId(subscriptions.subscribe(f, monthly.id()).id());
    assertThat(subscriptions.view(fs).status()).isEqualTo(SubscriptionStatus.INCOMPLETE);
    billing.registerCard(f, BillingTestSupport.GOOD_CARD);
    billing.runDuePass();
    assertThat(subscriptions.view(fs).status()).isEqualTo(SubscriptionStatus.ACTIVE);
    SubscriptionId g = subscribe(billing, monthly, BillingTestSupport.GOOD_CARD); // G: churned
    subscriptions.cancel(g, false, Subscriptions.RefundMode.PRORATED);
    SubscriptionId h = subscribe(billing, pausable, BillingTestSupport.GOOD_CARD); // H: paused
    subscriptions.pause(h);
    assertThat(subscriptions.view(e).status()).isEqualTo(SubscriptionStatus.TRIALING);

    DashboardFigures d = dashboard.now();

    // MRR: 9,900 + 9,000 + 8,250 + 4,333.33… + 9,900 = 41,383.33… → 41,383
    assertThat(d.mrr()).isEqualTo(Won.of(41_383));
    assertThat(d.active()).isEqualTo(5); // A, B, C, D, F
    assertThat(d.trialing()).isEqualTo(1); // E
    assertThat(d.paused()).isEqualTo(1); // H
    assertThat(d.newIn30Days()).isEqualTo(8); // A to H all began
    assertThat(d.churnedIn30Days()).isEqualTo(1); // G
    // approved: 9,900 + 27,000 + 99,000 + 1,000 + 9,900 (F's retry) + 9,900 (G) + 5,000 (H)
    assertThat(d.approvedIn30Days()).isEqualTo(Won.of(161_700));
    assertThat(d.refundedIn30Days()).isEqualTo(Won.of(9_900)); // G, canceled on its first day
    assertThat(d.declinedIn30Days()).isEqualTo(1); // F's first charge
    assertThat(d.recoveredIn30Days()).isEqualTo(1); // F's second attempt
    LocalDate today = LocalDate.ofInstant(d.asOf(), BusinessTime.ZONE);
    assertThat(d.days()).hasSize(30);
    assertThat(d.days().getLast().day()).isEqualTo(today);
    assertThat(d.days().getLast().approved()).isEqualTo(Won.of(161_700));
    assertThat(d.days().getFirst().approved()).isEqualTo(Won.ZERO);

    Map<String, DashboardFigures.PlanFigures> plans =
        d.plans().stream()
            .collect(java.util.stream.Collectors.toMap(DashboardFigures.PlanFigures::name, p -> p));
    assertThat(plans.get("월간").active()).isEqualTo(2);
    assertThat(plans.get("월간").mrr()).isEqualTo(Won.of(19_800));
    assertThat(plans.get("주간").mrr()).isEqualTo(Won.of(4_333));
    assertThat(plans.get("체험").trialing()).isEqualTo(1);
    assertThat(plans.get("체험").mrr()).isEqualTo(Won.ZERO);
    assertThat(plans.get("정지").paused()).isEqualTo(1);
    assertThat(plans).doesNotContainKey("없음");
  }

  private SubscriptionId subscribe(BillingTestSupport billing, Plan plan, String card) {
    CustomerId customer = newCustomer(billing, card);
    return new SubscriptionId(subscriptions.subscribe(customer, plan.id()).id());
  }

  private CustomerId newCustomer(BillingTestSupport billing, String card) {
    CustomerId id = customers.create(TestEmails.next(), "대시보드 고객", null).id();
    billing.registerCard(id, card);
    return id;
  }

  private Plan plan(String name, long price, BillingInterval interval, int trialDays) {
    return catalog.create(
        new CatalogService.NewPlan(
            "d-" + UUID.randomUUID().toString().substring(0, 10),
            name,
            "",
            Won.of(price),
            interval,
            trialDays,
            Map.of(),
            false));
  }
}
