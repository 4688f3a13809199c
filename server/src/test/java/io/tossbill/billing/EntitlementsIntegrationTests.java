package io.tossbill.billing;

import static io.tossbill.billing.BillingFixture.GOOD_CARD;
import static io.tossbill.billing.BillingFixture.SOFT_DECLINE_CARD;
import static org.assertj.core.api.Assertions.assertThat;

import io.tossbill.catalog.PlanId;
import io.tossbill.customer.Cards;
import io.tossbill.customer.CustomerId;
import io.tossbill.customer.Customers;
import io.tossbill.testclock.TestClock;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

/**
 * Entitlements after each lifecycle change, asked right after the change answered: never the cached
 * answer from before (the cache is on, as in the default run).
 */
@BillingIntegrationTest
class EntitlementsIntegrationTests {

  @LocalServerPort int port;
  @Autowired Customers customers;
  @Autowired Cards cards;
  @Autowired TestClock clock;
  @Autowired Subscriptions subscriptions;
  @Autowired BillingPasses engine;
  @Autowired JdbcClient jdbc;

  private BillingFixture fixture;

  @BeforeEach
  void fixture() {
    fixture = new BillingFixture(port, customers, cards, clock, jdbc);
  }

  @Test
  void followEveryLifecycleChangeAtOnce() {
    long basic =
        plan("기본", 5_000, "{\"projects\":\"3\",\"sso\":\"false\",\"support\":\"email\"}", false);
    long pro = plan("프로", 15_000, "{\"projects\":\"unlimited\",\"sso\":\"true\"}", false);
    CustomerId customer = fixture.customerAt("2034-01-10T10:00:00+09:00", GOOD_CARD);
    String path = "/api/v1/customers/" + customer.value() + "/entitlements";

    // nothing before a subscription; the answer is cached from here on
    assertThat(fixture.ok("GET", path, null).get("features").size()).isZero();
    assertThat(feature(customer, "projects").get("enabled").asBoolean()).isFalse();

    SubscriptionId id =
        new SubscriptionId(subscriptions.subscribe(customer, new PlanId(basic)).id());
    JsonNode projects = feature(customer, "projects");
    assertThat(projects.get("enabled").asBoolean()).isTrue();
    assertThat(projects.get("limit").asLong()).isEqualTo(3);
    assertThat(feature(customer, "sso").get("enabled").asBoolean()).isFalse();
    assertThat(feature(customer, "support").get("value").asString()).isEqualTo("email");

    fixture.ok("POST", "/api/v1/subscriptions/" + id.value() + "/pause", null);
    assertThat(feature(customer, "projects").get("enabled").asBoolean()).isFalse();
    fixture.ok("POST", "/api/v1/subscriptions/" + id.value() + "/resume", null);
    assertThat(feature(customer, "projects").get("enabled").asBoolean()).isTrue();

    // an upgrade gives the new plan's features at once
    fixture.ok(
        "POST", "/api/v1/subscriptions/" + id.value() + "/change-plan", "{\"planId\":" + pro + "}");
    assertThat(feature(customer, "projects").get("unlimited").asBoolean()).isTrue();
    assertThat(feature(customer, "sso").get("enabled").asBoolean()).isTrue();

    // the operator changes the plan's features: every subscriber sees it at once
    fixture.ok("PATCH", "/api/v1/plans/" + pro, "{\"features\":{\"projects\":\"50\"}}");
    assertThat(feature(customer, "projects").get("limit").asLong()).isEqualTo(50);
    assertThat(feature(customer, "sso").get("enabled").asBoolean()).isFalse();

    // cancel at the period's end keeps access until then; cancel now ends it
    fixture.ok("POST", "/api/v1/subscriptions/" + id.value() + "/cancel", "{\"atPeriodEnd\":true}");
    assertThat(feature(customer, "projects").get("enabled").asBoolean()).isTrue();
    fixture.ok(
        "POST",
        "/api/v1/subscriptions/" + id.value() + "/cancel",
        "{\"atPeriodEnd\":false,\"refund\":\"NONE\"}");
    assertThat(feature(customer, "projects").get("enabled").asBoolean()).isFalse();

    // dropped by an after-commit callback in the committing thread, never through the event
    // outbox: a publication marked in its own transaction there needs a second connection
    assertThat(
            jdbc.sql(
                    """
                    SELECT (SELECT count(*) FROM event_publication
                            WHERE listener_id LIKE '%EntitlementInvalidation%')
                         + (SELECT count(*) FROM event_publication_archive
                            WHERE listener_id LIKE '%EntitlementInvalidation%')
                    """)
                .query(Long.class)
                .single())
        .isZero();
  }

  @Test
  void pastDueKeepsAccessOnlyOnAPlanWithAGracePeriod() {
    long graceful = plan("유예", 7_000, "{\"seats\":\"5\"}", true);
    long strict = plan("엄격", 7_000, "{\"seats\":\"5\"}", false);
    CustomerId kept = fixture.customerAt("2034-02-03T10:00:00+09:00", GOOD_CARD);
    CustomerId lost = fixture.customerAt("2034-02-03T10:00:00+09:00", GOOD_CARD);
    subscriptions.subscribe(kept, new PlanId(graceful));
    subscriptions.subscribe(lost, new PlanId(strict));
    assertThat(feature(kept, "seats").get("enabled").asBoolean()).isTrue();
    assertThat(feature(lost, "seats").get("enabled").asBoolean()).isTrue();

    for (CustomerId customer : new CustomerId[] {kept, lost}) {
      fixture.registerCard(customer, SOFT_DECLINE_CARD);
      fixture.moveTo(customer, "2034-03-03T09:00:30+09:00");
    }
    engine.runDuePass();

    assertThat(feature(kept, "seats").get("enabled").asBoolean()).isTrue();
    assertThat(feature(lost, "seats").get("enabled").asBoolean()).isFalse();

    // the card is fixed and the retry pays: access comes back at once
    fixture.registerCard(lost, GOOD_CARD);
    JsonNode view =
        fixture
            .ok("GET", "/api/v1/subscriptions?customerId=" + lost.value(), null)
            .get("data")
            .get(0);
    fixture.ok("POST", "/api/v1/subscriptions/" + view.get("id").asLong() + "/retry", null);
    engine.runDuePass(); // the retry is the renewal worker's to charge
    assertThat(feature(lost, "seats").get("enabled").asBoolean()).isTrue();
  }

  @Test
  void answersByTheMerchantsOwnIdAndRefusesBadQuestions() {
    long plan = plan("외부", 3_000, "{\"export\":\"true\"}", false);
    String externalId = "ent-" + UUID.randomUUID();
    JsonNode created =
        fixture.ok(
            "POST",
            "/api/v1/customers",
            "{\"email\":\"e@example.com\",\"externalId\":\"" + externalId + "\"}");
    CustomerId customer = new CustomerId(created.get("id").asLong());
    fixture.moveTo(customer, "2034-04-01T10:00:00+09:00");
    fixture.registerCard(customer, GOOD_CARD);
    subscriptions.subscribe(customer, new PlanId(plan));

    JsonNode one =
        fixture.ok(
            "GET", "/api/v1/entitlements?externalId=" + externalId + "&feature=export", null);
    assertThat(one.get("enabled").asBoolean()).isTrue();
    JsonNode all = fixture.ok("GET", "/api/v1/entitlements?externalId=" + externalId, null);
    assertThat(all.get("features").get("export").get("enabled").asBoolean()).isTrue();

    BillingFixture.assertRefused(
        fixture.send("GET", "/api/v1/entitlements?externalId=nobody-" + UUID.randomUUID(), null),
        404,
        "CUSTOMER_NOT_FOUND");
    BillingFixture.assertRefused(
        fixture.send("GET", "/api/v1/customers/987654321/entitlements", null),
        404,
        "CUSTOMER_NOT_FOUND");
    BillingFixture.assertRefused(
        fixture.send(
            "GET",
            "/api/v1/customers/" + customer.value() + "/entitlements/" + "f".repeat(101),
            null),
        400,
        "INVALID_FEATURE");
  }

  private JsonNode feature(CustomerId customer, String feature) {
    return fixture.ok(
        "GET", "/api/v1/customers/" + customer.value() + "/entitlements/" + feature, null);
  }

  private long plan(String name, long price, String features, boolean grace) {
    return fixture
        .ok(
            "POST",
            "/api/v1/plans",
            """
            {"code":"e-%s","name":"%s","price":%d,"interval":{"unit":"MONTH","count":1},
             "features":%s,"accessDuringGrace":%s}
            """
                .formatted(
                    UUID.randomUUID().toString().substring(0, 8), name, price, features, grace))
        .get("id")
        .asLong();
  }
}
