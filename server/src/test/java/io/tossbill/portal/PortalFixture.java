package io.tossbill.portal;

import static org.assertj.core.api.Assertions.assertThat;

import io.tossbill.catalog.BillingInterval;
import io.tossbill.catalog.CatalogService;
import io.tossbill.catalog.Plan;
import io.tossbill.platform.Won;
import io.tossbill.testing.CardWindow;
import io.tossbill.testing.PageClient;
import java.util.Map;
import java.util.UUID;

/** Plans and signed-up subscribers for the page tests. */
final class PortalFixture {

  static final String PASSWORD = "correct horse 42";

  private final CatalogService catalog;
  private final int port;

  PortalFixture(CatalogService catalog, int port) {
    this.catalog = catalog;
    this.port = port;
  }

  Plan plan(String name, long price, BillingInterval interval, int trialDays) {
    return catalog.create(
        new CatalogService.NewPlan(
            "t-" + UUID.randomUUID().toString().substring(0, 12),
            name,
            "",
            Won.of(price),
            interval,
            trialDays,
            Map.of("seats", "1"),
            false));
  }

  Plan monthly(String name, long price) {
    return plan(name, price, BillingInterval.monthly(), 0);
  }

  static String email() {
    return "sub-" + UUID.randomUUID().toString().substring(0, 8) + "@example.com";
  }

  /** A new browser, signed up (and so logged in) as a new subscriber. */
  PageClient subscriber(String email) {
    PageClient client = new PageClient(port);
    client.get("/signup");
    PageClient.Page done =
        client.post(
            "/signup",
            Map.of("email", email, "name", "김토스", "password", PASSWORD, "passwordAgain", PASSWORD));
    assertThat(done.status()).as(done.body()).isEqualTo(302);
    return client;
  }

  /** Subscribes through the pages with a new card; returns the subscription page. */
  static PageClient.Page subscribe(PageClient client, Plan plan, String card) {
    PageClient.Page checkout = client.open("/subscribe/" + plan.id().value());
    PageClient.Page confirm = CardWindow.register(client, checkout, card);
    assertThat(confirm.url())
        .as(confirm.body())
        .endsWith("/subscribe/" + plan.id().value() + "/confirm");
    return client.submit("/subscribe/" + plan.id().value() + "/confirm", Map.of());
  }

  static long idFrom(String location) {
    return Long.parseLong(location.replaceAll(".*/", "").replaceAll("\\?.*", ""));
  }
}
