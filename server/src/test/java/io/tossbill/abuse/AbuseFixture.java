package io.tossbill.abuse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.tossbill.abuse.Routes.Route;
import io.tossbill.billing.SubscriptionId;
import io.tossbill.billing.Subscriptions;
import io.tossbill.catalog.BillingInterval;
import io.tossbill.catalog.CatalogService;
import io.tossbill.catalog.Plan;
import io.tossbill.consent.Consents;
import io.tossbill.coupon.CouponDuration;
import io.tossbill.coupon.Coupons;
import io.tossbill.customer.Customers;
import io.tossbill.hooks.HookEndpoints;
import io.tossbill.platform.Won;
import io.tossbill.portal.HostedSession;
import io.tossbill.portal.HostedSessions;
import io.tossbill.security.ApiKeyRole;
import io.tossbill.security.ApiKeys;
import io.tossbill.security.Staff;
import io.tossbill.security.StaffRole;
import io.tossbill.testing.CardWindow;
import io.tossbill.testing.PageClient;
import io.tossbill.testing.ServerHttp;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Two subscribers with their own subscriptions, payments, consents and links, staff of each role,
 * API keys of each role, a coupon with a promotion code, an outgoing webhook endpoint with
 * deliveries, and spare things a route may destroy (a plan to archive, a customer to delete, a key
 * to revoke, a staff member to disable, a coupon and a promotion code to deactivate, an endpoint
 * for each delete route): what the matrix and the sweep act with and on.
 */
final class AbuseFixture {

  static final String PASSWORD = "correct horse 42";
  static final String ADMIN_PASSWORD = "tb_test_admin_password";
  static final String SHOP = "https://shop.example.com/";

  /**
   * Where the fixture's webhook endpoints point: this machine's loopback on a port no one may
   * listen on without root, so every try fails at once and nothing leaves the machine (a failed try
   * is retried only after a day in the abuse context).
   */
  static final String HOOK_URL = "http://127.0.0.1:1/abuse-hooks";

  /** Who sends a request. */
  enum Principal {
    ANONYMOUS("anonymous"),
    SUBSCRIBER_A("subscriber A"),
    SUBSCRIBER_B("subscriber B"),
    PORTAL_LINK_B("portal link of B"),
    CHECKOUT_LINK_B("checkout link of B"),
    SUPPORT("staff SUPPORT"),
    ADMIN("staff ADMIN"),
    MERCHANT_KEY("API key MERCHANT"),
    ADMIN_KEY("API key ADMIN");

    final String title;

    Principal(String title) {
      this.title = title;
    }

    boolean isKey() {
      return this == MERCHANT_KEY || this == ADMIN_KEY;
    }
  }

  /** A subscriber's things: ids as path variables take them. */
  record Holdings(
      String email,
      long customerId,
      long subscriptionId,
      long trialSubscriptionId,
      long paymentId,
      long consentId) {}

  final int port;
  final CatalogService catalog;
  final Subscriptions subscriptions;
  final Consents consents;
  final Customers customers;
  final HostedSessions sessions;
  final ApiKeys apiKeys;
  final Staff staff;
  final Coupons coupons;
  final HookEndpoints hooks;
  final JdbcClient jdbc;

  Plan plan;
  Plan trialPlan;
  Plan sparePlan;
  Holdings a;
  Holdings b;
  long spareCustomerId;
  long spareKeyId;
  long spareStaffId;
  long mailOfA;
  long couponId;
  long spareCouponId;
  long promotionCodeId;
  long sparePromotionCodeId;
  long hookId;
  long hookDeliveryId;
  long spareHookForPage;
  long spareHookForApi;

  /** The signing secret of the fixture's endpoint, as shown once when it was made. */
  String hookSecret = "";

  String checkoutOfA = "";
  String portalOfA = "";
  String merchantKey = "";
  final Map<Principal, PageClient> clients = new LinkedHashMap<>();

  AbuseFixture(
      int port,
      CatalogService catalog,
      Subscriptions subscriptions,
      Consents consents,
      Customers customers,
      HostedSessions sessions,
      ApiKeys apiKeys,
      Staff staff,
      Coupons coupons,
      HookEndpoints hooks,
      JdbcClient jdbc) {
    this.port = port;
    this.catalog = catalog;
    this.subscriptions = subscriptions;
    this.consents = consents;
    this.customers = customers;
    this.sessions = sessions;
    this.apiKeys = apiKeys;
    this.staff = staff;
    this.coupons = coupons;
    this.hooks = hooks;
    this.jdbc = jdbc;
  }

  AbuseFixture build() {
    String run = UUID.randomUUID().toString().substring(0, 6);
    plan = plan("m-" + run, "남용 월간", 4_000, 0);
    trialPlan = plan("t-" + run, "남용 체험", 6_000, 5);
    sparePlan = plan("s-" + run, "남용 예비", 5_000, 0);
    // made first: the sign-ups and subscriptions below give it deliveries
    HookEndpoints.WithSecret endpoint = hooks.create(HOOK_URL, null, "남용 " + run, true);
    hookId = endpoint.endpoint().id();
    hookSecret = endpoint.secret();
    PageClient browserA = signedUp("abuse-a-" + run + "@example.com");
    PageClient browserB = signedUp("abuse-b-" + run + "@example.com");
    a = holdings(browserA, "abuse-a-" + run + "@example.com");
    b = holdings(browserB, "abuse-b-" + run + "@example.com");
    spareCustomerId =
        customers.create("abuse-spare-" + run + "@example.com", "예비", null).id().value();
    spareKeyId = apiKeys.create("abuse spare " + run, ApiKeyRole.MERCHANT).apiKey().id();
    spareStaffId = staff.add("spare-" + run, StaffRole.SUPPORT).member().id();
    merchantKey = apiKeys.create("abuse merchant " + run, ApiKeyRole.MERCHANT).key();
    couponId = coupon("ABUSE-" + run);
    spareCouponId = coupon("ABUSE-SPARE-" + run);
    promotionCodeId =
        coupons
            .createCode(couponId, new Coupons.NewPromotionCode("ABUSE-P-" + run, null, null, false))
            .id();
    sparePromotionCodeId =
        coupons
            .createCode(
                couponId, new Coupons.NewPromotionCode("ABUSE-PS-" + run, null, null, false))
            .id();
    spareHookForPage =
        hooks.create(HOOK_URL, List.of("customer.deleted"), "", true).endpoint().id();
    spareHookForApi = hooks.create(HOOK_URL, List.of("customer.deleted"), "", true).endpoint().id();
    await()
        .atMost(Duration.ofSeconds(20))
        .until(
            () ->
                jdbc.sql("select count(*) from hook_delivery where endpoint_id = :id")
                        .param("id", hookId)
                        .query(Long.class)
                        .single()
                    > 0);
    hookDeliveryId =
        jdbc.sql("select min(id) from hook_delivery where endpoint_id = :id")
            .param("id", hookId)
            .query(Long.class)
            .single();
    Quiet.afterEvents(jdbc, 0);
    await()
        .atMost(Duration.ofSeconds(20))
        .until(
            () ->
                jdbc.sql("select count(*) from mail_message where to_address = :to")
                        .param("to", a.email())
                        .query(Long.class)
                        .single()
                    > 0);
    mailOfA =
        jdbc.sql("select min(id) from mail_message where to_address = :to")
            .param("to", a.email())
            .query(Long.class)
            .single();
    checkoutOfA =
        sessions.createCheckout(a.customerId(), plan.id().value(), SHOP, SHOP, "test").id();
    portalOfA = sessions.createPortal(a.customerId(), SHOP, "test").id();

    clients.put(Principal.ANONYMOUS, withToken(new PageClient(port)));
    clients.put(Principal.SUBSCRIBER_A, withToken(browserA));
    clients.put(Principal.SUBSCRIBER_B, withToken(browserB));
    clients.put(Principal.PORTAL_LINK_B, withToken(link(portalLink(b.customerId()))));
    clients.put(Principal.CHECKOUT_LINK_B, withToken(link(checkoutLink(b.customerId()))));
    clients.put(
        Principal.SUPPORT,
        withToken(staffLogin("support-" + run, staff.add("support-" + run, StaffRole.SUPPORT))));
    clients.put(Principal.ADMIN, withToken(staffLogin("admin", null)));
    clients.put(Principal.MERCHANT_KEY, withToken(new PageClient(port)));
    clients.put(Principal.ADMIN_KEY, withToken(new PageClient(port)));
    return this;
  }

  /** The Authorization header a principal sends, if any. */
  Map<String, String> authorization(Principal principal) {
    return switch (principal) {
      case MERCHANT_KEY -> Map.of("Authorization", "Bearer " + merchantKey);
      case ADMIN_KEY -> Map.of("Authorization", "Bearer " + ServerHttp.ADMIN_KEY);
      default -> Map.of();
    };
  }

  /**
   * The id of A's thing a path variable of the route names, by the path segment before it; the
   * destroying routes get the spare things (a customer to delete, a plan to archive, a key, a staff
   * member, a coupon and a promotion code to deactivate, a webhook endpoint to delete).
   */
  String idOfA(Route route, String segment) {
    String method = route.method();
    boolean deactivates = route.pattern().endsWith("/deactivate");
    return switch (segment) {
      case "coupons" -> String.valueOf(deactivates ? spareCouponId : couponId);
      case "promotion-codes" ->
          String.valueOf(deactivates ? sparePromotionCodeId : promotionCodeId);
      case "webhook-endpoints" ->
          String.valueOf(
              method.equals("DELETE")
                  ? spareHookForApi
                  : route.pattern().endsWith("/delete") ? spareHookForPage : hookId);
      case "deliveries" -> String.valueOf(hookDeliveryId);
      case "subscriptions" -> String.valueOf(a.subscriptionId());
      case "payments" -> String.valueOf(a.paymentId());
      case "consents" -> String.valueOf(a.consentId());
      case "customers" ->
          String.valueOf(method.equals("DELETE") ? spareCustomerId : a.customerId());
      case "plans" -> String.valueOf(sparePlan.id().value());
      case "subscribe" -> String.valueOf(plan.id().value());
      case "checkout", "checkout-sessions" -> checkoutOfA;
      case "portal-sessions" -> portalOfA;
      case "mail" -> String.valueOf(mailOfA);
      case "staff" -> String.valueOf(spareStaffId);
      case "api-keys" -> String.valueOf(spareKeyId);
      case "metrics" -> "jvm.memory.used";
      case "entitlements" -> "seats";
      case "s" -> throw new IllegalStateException("a link's token is made per request");
      default -> throw new IllegalStateException("no fixture for a variable after /" + segment);
    };
  }

  /**
   * Puts back what a sweep may have pointed elsewhere: an endpoint made by a form is deleted, and
   * the fixture's own point at the loopback again, so no delivery ever leaves the machine.
   */
  void keepHooksAtHome() {
    Set<Long> own = Set.of(hookId, spareHookForPage, spareHookForApi);
    for (var endpoint : hooks.all()) {
      if (!own.contains(endpoint.id())) {
        hooks.delete(endpoint.id());
      } else if (!endpoint.url().equals(HOOK_URL)) {
        hooks.update(endpoint.id(), new HookEndpoints.Changes(HOOK_URL, null, null, null));
      }
    }
  }

  /** A new checkout link of A's (its token path). */
  String checkoutLinkOfA() {
    return checkoutLink(a.customerId());
  }

  /** A new portal link of A's (its token path). */
  String portalLinkOfA() {
    return portalLink(a.customerId());
  }

  String checkoutLink(long customerId) {
    HostedSession made = sessions.createCheckout(customerId, plan.id().value(), SHOP, SHOP, "test");
    return pathOf(made);
  }

  String portalLink(long customerId) {
    return pathOf(sessions.createPortal(customerId, SHOP, "test"));
  }

  private static String pathOf(HostedSession made) {
    String url = made.url();
    assertThat(url).isNotNull();
    return url.substring(url.indexOf("/", "http://".length()));
  }

  private long coupon(String code) {
    return coupons
        .create(
            new Coupons.NewCoupon(
                code, "남용 쿠폰", 10, null, CouponDuration.ONCE, null, null, null, null, false))
        .id();
  }

  private Plan plan(String code, String name, long price, int trialDays) {
    return catalog.create(
        new CatalogService.NewPlan(
            code,
            name,
            "",
            Won.of(price),
            BillingInterval.monthly(),
            trialDays,
            Map.of("seats", "1"),
            false));
  }

  private PageClient signedUp(String email) {
    PageClient client = new PageClient(port);
    client.get("/signup");
    PageClient.Page done =
        client.post(
            "/signup",
            Map.of("email", email, "name", "김토스", "password", PASSWORD, "passwordAgain", PASSWORD));
    assertThat(done.status()).as(done.body()).isEqualTo(302);
    return client;
  }

  private Holdings holdings(PageClient client, String email) {
    long paid = subscribe(client, plan);
    long trial = subscribe(client, trialPlan);
    long payment = subscriptions.payments(new SubscriptionId(paid)).getFirst().id();
    await()
        .atMost(Duration.ofSeconds(20))
        .until(() -> !consents.ofSubscription(new SubscriptionId(trial)).isEmpty());
    long consent = consents.ofSubscription(new SubscriptionId(trial)).getFirst().id();
    long customer = subscriptions.view(new SubscriptionId(paid)).customerId();
    return new Holdings(email, customer, paid, trial, payment, consent);
  }

  private static long subscribe(PageClient client, Plan plan) {
    PageClient.Page checkout = client.open("/subscribe/" + plan.id().value());
    PageClient.Page confirm = CardWindow.register(client, checkout, CardWindow.GOOD_CARD);
    assertThat(confirm.url()).as(confirm.body()).endsWith("/confirm");
    PageClient.Page done = client.submit("/subscribe/" + plan.id().value() + "/confirm", Map.of());
    return Long.parseLong(done.url().replaceAll(".*/", "").replaceAll("\\?.*", ""));
  }

  private PageClient link(String path) {
    PageClient client = new PageClient(port);
    PageClient.Page page = client.open(path);
    assertThat(page.status()).as(page.body()).isEqualTo(200);
    return client;
  }

  private PageClient staffLogin(String username, Staff.@Nullable NewStaffMember member) {
    PageClient client = new PageClient(port);
    client.get("/admin/login");
    PageClient.Page done =
        client.post(
            "/admin/login",
            Map.of(
                "username",
                username,
                "password",
                member == null ? ADMIN_PASSWORD : member.password()));
    assertThat(done.location()).as(done.body()).endsWith("/admin");
    return client;
  }

  /** Reads a page with a form, so the client holds a CSRF token of its session. */
  private static PageClient withToken(PageClient client) {
    client.get("/password-reset");
    assertThat(client.csrf()).as("a CSRF token").isNotEmpty();
    return client;
  }
}
