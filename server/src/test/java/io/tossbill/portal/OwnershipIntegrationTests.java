package io.tossbill.portal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.tossbill.billing.SubscriptionId;
import io.tossbill.billing.SubscriptionStatus;
import io.tossbill.billing.Subscriptions;
import io.tossbill.catalog.BillingInterval;
import io.tossbill.catalog.CatalogService;
import io.tossbill.catalog.Plan;
import io.tossbill.consent.ConsentRequest;
import io.tossbill.consent.Consents;
import io.tossbill.payment.PaymentView;
import io.tossbill.testing.CardWindow;
import io.tossbill.testing.PageClient;
import io.tossbill.testing.PagesIntegrationTest;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

/** A subscriber sees and acts on their own data only; every route is tried with another's ids. */
@PagesIntegrationTest
class OwnershipIntegrationTests {

  @LocalServerPort int port;
  @Autowired CatalogService catalog;
  @Autowired Subscriptions subscriptions;
  @Autowired Consents consents;

  PortalFixture fixture;

  @BeforeEach
  void setUp() {
    fixture = new PortalFixture(catalog, port);
  }

  @Test
  void anotherSubscribersSubscriptionPaymentAndConsentAreNotFoundOnEveryRoute() {
    Plan paid = fixture.monthly("소유 A", 4_000);
    Plan trial = fixture.plan("소유 체험", 6_000, BillingInterval.monthly(), 5);
    PageClient owner = fixture.subscriber(PortalFixture.email());
    long subscription =
        PortalFixture.idFrom(PortalFixture.subscribe(owner, paid, CardWindow.GOOD_CARD).url());
    long trialing =
        PortalFixture.idFrom(PortalFixture.subscribe(owner, trial, CardWindow.GOOD_CARD).url());
    PaymentView payment = subscriptions.payments(new SubscriptionId(subscription)).getFirst();
    await()
        .atMost(Duration.ofSeconds(15))
        .until(() -> !consents.ofSubscription(new SubscriptionId(trialing)).isEmpty());
    ConsentRequest consent = consents.ofSubscription(new SubscriptionId(trialing)).getFirst();

    PageClient stranger = fixture.subscriber(PortalFixture.email());
    stranger.open("/my");
    List<String> gets =
        List.of(
            "/my/subscriptions/" + subscription,
            "/my/subscriptions/" + subscription + "/change-plan",
            "/my/subscriptions/" + subscription + "/change-plan?planId=" + trial.id().value(),
            "/my/subscriptions/" + subscription + "/cancel",
            "/my/payments/" + payment.id(),
            "/my/consents/" + consent.id());
    for (String path : gets) {
      PageClient.Page page = stranger.get(path);
      assertThat(page.status()).as(path).isEqualTo(404);
      assertThat(page.body()).as(path).doesNotContain("소유 A").doesNotContain(payment.orderId());
    }
    Map<String, Map<String, String>> posts =
        Map.of(
            "/my/subscriptions/" + subscription + "/cancel", Map.of("when", "now"),
            "/my/subscriptions/" + subscription + "/undo-cancel", Map.of(),
            "/my/subscriptions/" + subscription + "/pause", Map.of(),
            "/my/subscriptions/" + subscription + "/resume", Map.of(),
            "/my/subscriptions/" + subscription + "/change-plan",
                Map.of("planId", String.valueOf(trial.id().value())),
            "/my/consents/" + consent.id() + "/accept",
                Map.of("agree", "yes", "textHash", consent.textHash()),
            "/my/consents/" + consent.id() + "/decline", Map.of(),
            "/my/consents/" + consent.id() + "/withdraw", Map.of(),
            "/my/consents/" + consent.id() + "/snooze", Map.of("days", "7"));
    posts.forEach(
        (path, form) -> {
          stranger.get("/my");
          assertThat(stranger.post(path, form).status()).as(path).isEqualTo(404);
        });
    assertThat(subscriptions.view(new SubscriptionId(subscription)).status())
        .isEqualTo(SubscriptionStatus.ACTIVE);
    assertThat(consents.request(new io.tossbill.consent.ConsentRequestId(consent.id())).status())
        .isEqualTo(consent.status());
    assertThat(stranger.open("/my/payments").body()).doesNotContain(payment.orderId());
    assertThat(stranger.open("/my").body()).doesNotContain("소유 A");
  }

  @Test
  void subscriberPagesNeedALoginAndFormsNeedTheirToken() {
    PageClient anonymous = new PageClient(port);
    for (String path :
        List.of("/my", "/my/payments", "/my/subscriptions/1", "/subscribe/1", "/my/card")) {
      PageClient.Page page = anonymous.get(path);
      assertThat(page.status()).as(path).isEqualTo(302);
      assertThat(page.location()).as(path).endsWith("/login");
    }
    PageClient client = fixture.subscriber(PortalFixture.email());
    client.open("/my");
    PageClient.Page forged =
        client.post("/my/subscriptions/1/cancel", Map.of("when", "now", "_csrf", "forged"));
    assertThat(forged.status()).isEqualTo(403);
    assertThat(forged.body()).doesNotContain("Exception").doesNotContain("at io.");
  }

  @Test
  void aSubscriberIsNotStaff() {
    PageClient client = fixture.subscriber(PortalFixture.email());
    PageClient.Page admin = client.get("/admin/customers");
    assertThat(admin.status()).isEqualTo(302);
    assertThat(admin.location()).endsWith("/admin/login");
  }
}
