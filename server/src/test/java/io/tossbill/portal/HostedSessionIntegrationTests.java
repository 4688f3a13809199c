package io.tossbill.portal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.tossbill.billing.SubscriptionId;
import io.tossbill.billing.SubscriptionStatus;
import io.tossbill.billing.Subscriptions;
import io.tossbill.catalog.CatalogService;
import io.tossbill.catalog.Plan;
import io.tossbill.customer.Customer;
import io.tossbill.customer.Customers;
import io.tossbill.testing.CardWindow;
import io.tossbill.testing.PageClient;
import io.tossbill.testing.PagesIntegrationTest;
import io.tossbill.testing.TestEmails;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Checkout and portal links from the merchant API, used without a tossbill login. */
@PagesIntegrationTest
class HostedSessionIntegrationTests {

  static final JsonMapper JSON = JsonMapper.builder().build();
  static final String SUCCESS = "https://shop.example.com/billing/done?order=7";
  static final String CANCEL = "https://shop.example.com/billing/cancel";

  @LocalServerPort int port;
  @Autowired CatalogService catalog;
  @Autowired Customers customers;
  @Autowired Subscriptions subscriptions;
  @Autowired HostedSessions sessions;

  PortalFixture fixture;
  final HttpClient http = HttpClient.newHttpClient();

  @BeforeEach
  void setUp() {
    fixture = new PortalFixture(catalog, port);
  }

  @Test
  void aCheckoutLinkSubscribesItsCustomerAndEndsAtTheSuccessAddress() throws Exception {
    Plan plan = fixture.monthly("호스티드 A", 8_000);
    Customer customer = customers.create("shop-user@example.com", "상점 고객", "u-1");
    HttpResponse<String> created =
        api(
            "/api/v1/checkout-sessions",
            """
            {"customerId":%d,"planId":%d,"successUrl":"%s","cancelUrl":"%s"}
            """
                .formatted(customer.id().value(), plan.id().value(), SUCCESS, CANCEL));
    assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
    JsonNode session = JSON.readTree(created.body());
    String id = session.get("id").asString();
    String url = session.get("url").asString();
    assertThat(id).startsWith("cs_");
    assertThat(url).startsWith("http://127.0.0.1:" + port + "/checkout/s/");
    assertThat(session.get("status").asString()).isEqualTo("OPEN");

    PageClient browser = new PageClient(port);
    PageClient.Page checkout = browser.open(url);
    assertThat(checkout.url()).endsWith("/checkout/" + id);
    assertThat(checkout.text("h1")).contains("호스티드 A");
    assertThat(checkout.one("a[href=" + CANCEL + "]").text()).isEqualTo("구독하지 않고 돌아가기");
    PageClient.Page confirm = CardWindow.register(browser, checkout, CardWindow.GOOD_CARD);
    assertThat(confirm.url()).endsWith("/checkout/" + id + "/confirm");
    PageClient.Page done = browser.post("/checkout/" + id + "/confirm", Map.of());
    assertThat(done.status()).isEqualTo(302);
    assertThat(done.location()).isEqualTo(SUCCESS);

    JsonNode after = JSON.readTree(get("/api/v1/checkout-sessions/" + id).body());
    assertThat(after.get("status").asString()).isEqualTo("COMPLETE");
    assertThat(after.get("url").isNull()).isTrue();
    long subscription = after.get("subscriptionId").asLong();
    assertThat(subscriptions.view(new SubscriptionId(subscription)).customerId())
        .isEqualTo(customer.id().value());
    assertThat(subscriptions.view(new SubscriptionId(subscription)).status())
        .isEqualTo(SubscriptionStatus.ACTIVE);

    // a finished checkout goes straight to the success address; the link no longer opens
    assertThat(browser.get("/checkout/" + id).location()).isEqualTo(SUCCESS);
    assertThat(new PageClient(port).get(url).status()).isEqualTo(404);
    // the checkout link gives no access to the portal pages
    assertThat(browser.get("/my").status()).isEqualTo(403);
  }

  @Test
  void aCheckoutLinkWorksForItsOwnCheckoutOnly() throws Exception {
    Plan plan = fixture.monthly("호스티드 B", 8_000);
    Customer one = customers.create(TestEmails.next(), "하나", null);
    Customer two = customers.create(TestEmails.next(), "둘", null);
    JsonNode first = JSON.readTree(checkout(one, plan).body());
    JsonNode second = JSON.readTree(checkout(two, plan).body());

    PageClient browser = new PageClient(port);
    browser.open(first.get("url").asString());
    assertThat(browser.get("/checkout/" + second.get("id").asString()).status()).isEqualTo(404);
    assertThat(browser.get("/checkout/s/" + "x".repeat(43)).status()).isEqualTo(404);
  }

  @Test
  void aPortalLinkShowsItsCustomersSubscriptionsAndTheWayBack() throws Exception {
    Plan plan = fixture.monthly("포털 C", 5_500);
    Customer customer = customers.create("portal@example.com", "포털 고객", null);
    PageClient buyer = new PageClient(port);
    JsonNode first = JSON.readTree(checkout(customer, plan).body());
    CardWindow.register(buyer, buyer.open(first.get("url").asString()), CardWindow.GOOD_CARD);
    assertThat(
            buyer.post("/checkout/" + first.get("id").asString() + "/confirm", Map.of()).location())
        .isEqualTo(SUCCESS);

    HttpResponse<String> created =
        api(
            "/api/v1/portal-sessions",
            """
            {"customerId":%d,"returnUrl":"https://shop.example.com/account"}
            """
                .formatted(customer.id().value()));
    assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
    JsonNode portal = JSON.readTree(created.body());
    assertThat(portal.get("id").asString()).startsWith("ps_");

    PageClient browser = new PageClient(port);
    PageClient.Page my = browser.open(portal.get("url").asString());
    assertThat(my.url()).endsWith("/my");
    assertThat(my.body()).contains("포털 C");
    assertThat(my.one("a[href=https://shop.example.com/account]").text()).isEqualTo("돌아가기");
    assertThat(browser.open("/my/account").body()).contains("서비스에서 연결된 링크로 열렸습니다");
  }

  @Test
  void anExpiredLinkOpensNothing() {
    Customer customer = customers.create(TestEmails.next(), "만료", null);
    HostedSession session =
        sessions.createPortal(
            customer.id().value(),
            "https://shop.example.com/",
            "/my",
            Duration.ofMillis(1),
            "test");
    await()
        .atMost(Duration.ofSeconds(5))
        .until(() -> "EXPIRED".equals(sessions.find(session.id()).status()));
    PageClient.Page page = new PageClient(port).get(session.url());
    assertThat(page.status()).isEqualTo(404);
    assertThat(page.text("main p")).contains("링크가 만료되었거나 올바르지 않습니다");
  }

  @Test
  void badRequestsAreRefusedWithProblemDetails() throws Exception {
    Plan plan = fixture.monthly("호스티드 D", 8_000);
    Customer customer = customers.create(TestEmails.next(), "검사", null);
    HttpResponse<String> badUrl =
        api(
            "/api/v1/checkout-sessions",
            """
            {"customerId":%d,"planId":%d,"successUrl":"javascript:alert(1)","cancelUrl":"%s"}
            """
                .formatted(customer.id().value(), plan.id().value(), CANCEL));
    assertThat(badUrl.statusCode()).isEqualTo(400);
    assertThat(JSON.readTree(badUrl.body()).get("code").asString()).isEqualTo("INVALID_URL");

    HttpResponse<String> noCustomer =
        api(
            "/api/v1/portal-sessions",
            """
            {"customerId":999999,"returnUrl":"https://shop.example.com/"}
            """);
    assertThat(noCustomer.statusCode()).isEqualTo(404);
    assertThat(JSON.readTree(noCustomer.body()).get("code").asString())
        .isEqualTo("CUSTOMER_NOT_FOUND");

    catalog.archive(plan.id());
    HttpResponse<String> archived = checkout(customer, plan);
    assertThat(archived.statusCode()).isEqualTo(409);

    HttpResponse<String> anonymous =
        http.send(
            HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + port + "/api/v1/portal-sessions"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{}"))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(anonymous.statusCode()).isEqualTo(401);
    assertThat(get("/api/v1/checkout-sessions/cs_nothing").statusCode()).isEqualTo(404);
  }

  private HttpResponse<String> checkout(Customer customer, Plan plan) throws Exception {
    return api(
        "/api/v1/checkout-sessions",
        """
        {"customerId":%d,"planId":%d,"successUrl":"%s","cancelUrl":"%s"}
        """
            .formatted(customer.id().value(), plan.id().value(), SUCCESS, CANCEL));
  }

  private HttpResponse<String> api(String path, String body) throws Exception {
    return http.send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
            .header("Authorization", "Bearer tb_test_admin_key")
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(body))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private HttpResponse<String> get(String path) throws Exception {
    return http.send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
            .header("Authorization", "Bearer tb_test_admin_key")
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }
}
