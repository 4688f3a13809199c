package io.tossbill.billing;

import static io.tossbill.billing.BillingTestSupport.GOOD_CARD;
import static org.assertj.core.api.Assertions.assertThat;

import io.tossbill.catalog.PlanId;
import io.tossbill.customer.Cards;
import io.tossbill.customer.CustomerId;
import io.tossbill.customer.Customers;
import io.tossbill.testclock.TestClock;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

/**
 * The merchant API's lists of subscriptions, payments and plans: newest first, a page at a time
 * through the cursor with nothing missed or repeated, filtered as a merchant asks.
 */
@BillingIntegrationTest
class ListsIntegrationTests {

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
  void subscriptionsAndPaymentsPageByCursorAndFilter() {
    long plan = fixture.monthlyPlan("목록 월간", 5_500);
    long other = fixture.monthlyPlan("목록 다른", 6_600);
    List<Long> made = new ArrayList<>();
    CustomerId first = null;
    for (int i = 0; i < 5; i++) {
      CustomerId customer =
          fixture.customerAt("2033-03-0" + (i + 1) + "T10:00:00+09:00", GOOD_CARD);
      if (first == null) {
        first = customer;
      }
      made.add(subscriptions.subscribe(customer, new PlanId(i == 4 ? other : plan)).id());
    }

    List<Long> onPlan =
        all("/api/v1/subscriptions?limit=2&planId=" + plan, j -> j.get("id").asLong());
    assertThat(onPlan).containsExactlyElementsOf(made.subList(0, 4).reversed());

    List<Long> ofFirst =
        all("/api/v1/subscriptions?customerId=" + first.value(), j -> j.get("id").asLong());
    assertThat(ofFirst).containsExactly(made.getFirst());

    List<Long> active =
        all("/api/v1/subscriptions?status=ACTIVE&planId=" + other, j -> j.get("id").asLong());
    assertThat(active).containsExactly(made.getLast());

    // each subscription's first period was charged: one approved payment each, newest first
    List<JsonNode> paid =
        all("/api/v1/payments?limit=3&status=APPROVED&customerId=" + first.value(), j -> j);
    assertThat(paid).hasSize(1);
    assertThat(paid.getFirst().get("amount").asLong()).isEqualTo(5_500);
    List<Long> bySubscription =
        all(
            "/api/v1/payments?limit=1&subscriptionId=" + made.getLast(),
            j -> j.get("subscriptionId").asLong());
    assertThat(bySubscription).containsExactly(made.getLast());

    BillingFixture.assertRefused(
        fixture.send("GET", "/api/v1/subscriptions?status=NOPE", null), 400, "INVALID_REQUEST");
    BillingFixture.assertRefused(
        fixture.send("GET", "/api/v1/payments?limit=500", null), 400, "INVALID_LIMIT");
  }

  @Test
  void plansPageNewestFirst() {
    long a = fixture.monthlyPlan("목록 A", 1_000);
    long b = fixture.monthlyPlan("목록 B", 2_000);
    List<Long> plans = all("/api/v1/plans?limit=1", j -> j.get("id").asLong());
    assertThat(plans).containsSubsequence(b, a).doesNotHaveDuplicates();
    assertThat(plans).isSortedAccordingTo((x, y) -> Long.compare(y, x));
  }

  /** Every item of a list, following nextCursor page by page. */
  private <T> List<T> all(String path, Function<JsonNode, T> item) {
    List<T> items = new ArrayList<>();
    @Nullable String cursor = null;
    for (int pages = 0; pages < 50; pages++) {
      JsonNode page = fixture.ok("GET", path + (cursor == null ? "" : "&cursor=" + cursor), null);
      page.get("data").forEach(j -> items.add(item.apply(j)));
      if (!page.get("hasMore").asBoolean()) {
        assertThat(page.get("nextCursor").isNull()).isTrue();
        return items;
      }
      cursor = page.get("nextCursor").asString();
    }
    throw new AssertionError("more than 50 pages");
  }
}
