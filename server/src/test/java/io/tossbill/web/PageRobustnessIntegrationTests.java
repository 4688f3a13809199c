package io.tossbill.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.tossbill.testing.PageClient;
import io.tossbill.testing.PagesIntegrationTest;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;

/** No input reaches a 500 or a stack trace: every bad address and form gets a page in language. */
@PagesIntegrationTest
class PageRobustnessIntegrationTests {

  @LocalServerPort int port;

  @Test
  void badAddressesAreAnsweredWithAPageNotAStackTrace() {
    PageClient subscriber = signedUp();
    PageClient admin = admin();
    List<String> subscriberPaths =
        List.of(
            "/my/subscriptions/abc",
            "/my/subscriptions/-1",
            "/my/subscriptions/99999999999999999999",
            "/my/subscriptions/1/change-plan?planId=abc",
            "/my/subscriptions/1/change-plan?planId=-3",
            "/my/payments/%C0",
            "/my/consents/0",
            "/subscribe/abc",
            "/subscribe/0",
            "/subscribe/1/card/success",
            "/subscribe/1/card/fail?code=%3Cscript%3E&message=" + "x".repeat(5000),
            "/checkout/s/short",
            "/checkout/s/" + "a".repeat(43),
            "/portal/s/" + "%00".repeat(20),
            "/plans?lang=xx",
            "/password-reset/new?token=" + "t".repeat(500),
            "/no/such/page");
    for (String path : subscriberPaths) {
      assertFine(subscriber.get(path), path);
    }
    List<String> adminPaths =
        List.of(
            "/admin/payments?from=2025-13-45",
            "/admin/payments?status=NOPE&plan=abc",
            "/admin/subscriptions?status=NOPE&plan=abc&page=-5",
            "/admin/customers?page=abc",
            "/admin/customers/abc",
            "/admin/customers/0",
            "/admin/plans/abc",
            "/admin/plans/999999",
            "/admin/payments/999999",
            "/admin/subscriptions/999999?planId=-1",
            "/admin/mail/abc",
            "/admin/mail?status=%FF",
            "/admin/payments.csv?from=nope");
    for (String path : adminPaths) {
      assertFine(admin.get(path), path);
    }
  }

  @Test
  void badFormsAreAnsweredWithAPageNotAStackTrace() {
    PageClient anonymous = new PageClient(port);
    anonymous.get("/signup");
    assertFine(
        anonymous.post(
            "/signup",
            Map.of(
                "email", "a\u0000b@example.com",
                "name", "\u0000".repeat(3),
                "password", "p".repeat(5000),
                "passwordAgain", "p".repeat(5000),
                "plan", "abc")),
        "signup");
    anonymous.get("/password-reset/new");
    assertFine(anonymous.post("/password-reset/new", Map.of()), "reset without token");
    anonymous.get("/password-reset");
    assertFine(anonymous.post("/password-reset", Map.of("email", "x".repeat(10_000))), "reset");

    PageClient subscriber = signedUp();
    subscriber.get("/my");
    assertFine(subscriber.post("/my/consents/1/snooze", Map.of("days", "abc")), "snooze");
    subscriber.get("/my");
    assertFine(
        subscriber.post("/my/subscriptions/1/cancel", Map.of("when", "yesterday")), "cancel");
    subscriber.get("/my");
    assertFine(subscriber.post("/my/subscriptions/abc/pause", Map.of()), "pause");

    PageClient admin = admin();
    admin.get("/admin/plans/new");
    assertFine(
        admin.post(
            "/admin/plans",
            Map.of(
                "code", "ok-code",
                "name", "n",
                "price", "9e99",
                "intervalUnit", "DECADE",
                "intervalCount", "99999999999",
                "trialDays", "-1",
                "features", "=\n==\nk=" + "v".repeat(600))),
        "plan");
    admin.get("/admin/payments");
    assertFine(admin.post("/admin/payments/abc/refund", Map.of("amount", "-5")), "refund");
    admin.get("/admin/test-clock");
    assertFine(admin.post("/admin/test-clock", Map.of("to", "2020-99-99T99:99")), "clock");
    admin.get("/admin/staff");
    assertFine(admin.post("/admin/staff", Map.of("username", "A B", "role", "GOD")), "staff");
    admin.get("/admin/api-keys");
    assertFine(admin.post("/admin/api-keys", Map.of("name", "x".repeat(300))), "key");
  }

  private static void assertFine(PageClient.Page page, String what) {
    assertThat(page.status()).as(what).isLessThan(500);
    assertThat(page.body())
        .as(what)
        .doesNotContain("Exception")
        .doesNotContain("at io.tossbill")
        .doesNotContain("Whitelabel");
    if (page.status() >= 400 && page.status() != 403) {
      assertThat(page.html().selectFirst("h1")).as(what + ": " + page.body()).isNotNull();
    }
  }

  private PageClient signedUp() {
    PageClient client = new PageClient(port);
    client.get("/signup");
    String email =
        "robust-" + java.util.UUID.randomUUID().toString().substring(0, 8) + "@example.com";
    client.post(
        "/signup",
        Map.of("email", email, "password", "long enough 123", "passwordAgain", "long enough 123"));
    return client;
  }

  private PageClient admin() {
    PageClient client = new PageClient(port);
    client.get("/admin/login");
    client.post("/admin/login", Map.of("username", "admin", "password", "tb_test_admin_password"));
    return client;
  }
}
