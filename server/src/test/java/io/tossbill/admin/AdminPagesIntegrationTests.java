package io.tossbill.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.tossbill.billing.SubscriptionId;
import io.tossbill.billing.SubscriptionStatus;
import io.tossbill.billing.Subscriptions;
import io.tossbill.catalog.BillingInterval;
import io.tossbill.catalog.CatalogService;
import io.tossbill.catalog.Plan;
import io.tossbill.catalog.PlanStatus;
import io.tossbill.payment.PaymentView;
import io.tossbill.platform.Won;
import io.tossbill.security.Staff;
import io.tossbill.security.StaffRole;
import io.tossbill.testing.CardWindow;
import io.tossbill.testing.PageClient;
import io.tossbill.testing.PagesIntegrationTest;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

@PagesIntegrationTest
class AdminPagesIntegrationTests {

  static final String ADMIN_PASSWORD = "tb_test_admin_password";

  @LocalServerPort int port;
  @Autowired CatalogService catalog;
  @Autowired Subscriptions subscriptions;
  @Autowired Staff staff;

  @Test
  void theConsoleNeedsAStaffLogin() {
    PageClient anonymous = new PageClient(port);
    for (String path : List.of("/admin", "/admin/plans", "/admin/payments.csv", "/admin/staff")) {
      PageClient.Page page = anonymous.get(path);
      assertThat(page.status()).as(path).isEqualTo(302);
      assertThat(page.location()).as(path).endsWith("/admin/login");
    }
    PageClient wrong = new PageClient(port);
    wrong.get("/admin/login");
    assertThat(
            wrong
                .post("/admin/login", Map.of("username", "admin", "password", "nope nope nope"))
                .location())
        .endsWith("/admin/login?error=bad");
    PageClient admin = login("admin", ADMIN_PASSWORD);
    assertThat(admin.open("/admin").text("h1")).isEqualTo("대시보드");
  }

  @Test
  void supportSeesEverythingButMayNotRefundEditPlansOrManageKeysAndStaff() {
    Plan plan = plan("지원 권한", 6_000);
    long subscription = subscribedCustomer(plan);
    PaymentView payment = subscriptions.payments(new SubscriptionId(subscription)).getFirst();
    String username = "support-" + UUID.randomUUID().toString().substring(0, 6);
    String password = staff.add(username, StaffRole.SUPPORT).password();
    PageClient support = login(username, password);

    for (String path :
        List.of(
            "/admin",
            "/admin/customers",
            "/admin/subscriptions",
            "/admin/subscriptions/" + subscription,
            "/admin/payments",
            "/admin/payments/" + payment.id(),
            "/admin/plans",
            "/admin/plans/" + plan.id().value(),
            "/admin/webhooks",
            "/admin/mail",
            "/admin/test-clock")) {
      assertThat(support.get(path).status()).as(path).isEqualTo(200);
    }
    for (String path : List.of("/admin/api-keys", "/admin/staff", "/admin/plans/new")) {
      assertThat(support.get(path).status()).as(path).isEqualTo(403);
    }
    support.get("/admin/payments/" + payment.id());
    assertThat(support.post("/admin/payments/" + payment.id() + "/refund", Map.of()).status())
        .isEqualTo(403);
    assertThat(support.post("/admin/plans/" + plan.id().value() + "/archive", Map.of()).status())
        .isEqualTo(403);
    assertThat(support.post("/admin/plans", Map.of("code", "x-y")).status()).isEqualTo(403);
    assertThat(support.post("/admin/subscriptions/" + subscription + "/pause", Map.of()).status())
        .isEqualTo(403);
    assertThat(payment.refundedAmount()).isEqualTo(Won.ZERO);

    support.get("/admin/subscriptions/" + subscription);
    PageClient.Page refused =
        support.submit(
            "/admin/subscriptions/" + subscription + "/cancel",
            Map.of("when", "now", "refund", "prorated"));
    assertThat(refused.text(".alert")).isEqualTo("환불은 관리자만 할 수 있습니다.");
    assertThat(subscriptions.view(new SubscriptionId(subscription)).status())
        .isEqualTo(SubscriptionStatus.ACTIVE);
    PageClient.Page canceled =
        support.submit(
            "/admin/subscriptions/" + subscription + "/cancel", Map.of("when", "period_end"));
    assertThat(canceled.text(".notice")).isEqualTo("기간 말 해지를 예약했습니다.");
    assertThat(subscriptions.view(new SubscriptionId(subscription)).cancelAtPeriodEnd()).isTrue();
  }

  @Test
  void aNewPlanIsRefusedFieldByFieldThenCreated() {
    PageClient admin = login("admin", ADMIN_PASSWORD);
    admin.open("/admin/plans/new");
    PageClient.Page refused =
        admin.post(
            "/admin/plans",
            Map.of(
                "code", "Not Valid",
                "name", "",
                "price", "50",
                "intervalUnit", "MONTH",
                "intervalCount", "0",
                "trialDays", "400",
                "features", "no equals sign"));
    assertThat(refused.status()).isEqualTo(400);
    assertThat(refused.text("#code-error")).contains("영문 소문자");
    assertThat(refused.text("#name-error")).isEqualTo("이름은 1~100자여야 합니다.");
    assertThat(refused.text("#price-error")).contains("100원 이상");
    assertThat(refused.text("#interval-error")).contains("결제 주기");
    assertThat(refused.text("#trialDays-error")).contains("0~365일");
    assertThat(refused.text("#features-error")).contains("1번째 줄");
    assertThat(refused.one("#code").attr("value")).isEqualTo("Not Valid");

    String code = "admin-" + UUID.randomUUID().toString().substring(0, 8);
    PageClient.Page created =
        admin.submit(
            "/admin/plans",
            Map.of(
                "code", code,
                "name", "관리자 요금제",
                "price", "12,900",
                "intervalUnit", "MONTH",
                "intervalCount", "3",
                "trialDays", "14",
                "features", "projects=10\nsupport=email",
                "accessDuringGrace", "yes"));
    assertThat(created.text(".notice")).isEqualTo("관리자 요금제 요금제를 만들었습니다.");
    Plan plan =
        catalog.plans(null).stream().filter(p -> p.code().equals(code)).findFirst().orElseThrow();
    assertThat(plan.price()).isEqualTo(Won.of(12_900));
    assertThat(plan.interval()).isEqualTo(BillingInterval.everyMonths(3));
    assertThat(plan.features()).containsEntry("projects", "10").containsEntry("support", "email");
    assertThat(plan.accessDuringGrace()).isTrue();

    PageClient.Page priced =
        admin.submit(
            "/admin/plans/" + plan.id().value() + "/price",
            Map.of("price", "13900", "applyToExisting", "yes"));
    assertThat(priced.text(".notice")).contains("13,900원");
    assertThat(catalog.priceChanges(plan.id())).hasSize(2);
    PageClient.Page archived =
        admin.submit("/admin/plans/" + plan.id().value() + "/archive", Map.of());
    assertThat(archived.text(".notice")).contains("보관했습니다");
    assertThat(catalog.require(plan.id()).status()).isEqualTo(PlanStatus.ARCHIVED);
  }

  @Test
  void findASubscriptionByEmailAndRefundPartOfItsPayment() {
    Plan plan = plan("관리 환불", 10_000);
    String email = "find-" + UUID.randomUUID().toString().substring(0, 8) + "@example.com";
    long subscription = subscribedCustomer(plan, email);
    PageClient admin = login("admin", ADMIN_PASSWORD);

    PageClient.Page found = admin.open("/admin/subscriptions?q=" + email.substring(0, 12));
    assertThat(found.text("#results")).contains(email).contains("관리 환불");
    PageClient.Page fragment = admin.fragment("/admin/subscriptions?q=" + email + "&status=ACTIVE");
    assertThat(fragment.body()).doesNotContain("<header").contains(email);
    assertThat(admin.open("/admin/subscriptions?q=" + email + "&status=CANCELED").text("#results"))
        .doesNotContain(email);

    PageClient.Page detail = admin.open("/admin/subscriptions/" + subscription);
    assertThat(detail.text(".timeline")).contains("CREATED");
    PaymentView payment = subscriptions.payments(new SubscriptionId(subscription)).getFirst();
    admin.open("/admin/payments/" + payment.id());
    PageClient.Page refunded =
        admin.submit(
            "/admin/payments/" + payment.id() + "/refund",
            Map.of("amount", "2,500", "reason", "부분 환불 테스트"));
    assertThat(refunded.text(".notice")).isEqualTo("2,500원을 환불했습니다.");
    assertThat(refunded.text("#refunded")).isEqualTo("2,500원");
    PageClient.Page tooMuch =
        admin.submit("/admin/payments/" + payment.id() + "/refund", Map.of("amount", "9000"));
    assertThat(tooMuch.text(".alert")).contains("남은 금액 이하");
  }

  @Test
  void paymentsAreFilteredTotalledAndExportedAsCsv() {
    Plan plan = plan("내보내기", 3_300);
    subscribedCustomer(plan);
    subscribedCustomer(plan);
    PageClient admin = login("admin", ADMIN_PASSWORD);
    PageClient.Page page = admin.open("/admin/payments?status=APPROVED&plan=" + plan.id().value());
    assertThat(page.text("#total-count")).isEqualTo("2");
    assertThat(page.text("#total-approved")).isEqualTo("6,600원");
    String csvLink = page.one("#csv").attr("href");
    PageClient.Page csv = admin.get(csvLink);
    assertThat(csv.status()).isEqualTo(200);
    List<String> lines = csv.body().lines().toList();
    assertThat(lines.getFirst()).startsWith("\uFEFFpayment_id,requested_at,approved_at,order_id");
    assertThat(lines).hasSize(3);
    assertThat(lines.get(1)).contains(",APPROVED,3300,3000,300,0,");
    assertThat(admin.get("/admin/payments?from=yesterday").status()).isEqualTo(200);
  }

  @Test
  void keysAndStaffPasswordsAreShownOnceAndKeysCanBeRevoked() {
    PageClient admin = login("admin", ADMIN_PASSWORD);
    admin.open("/admin/api-keys");
    PageClient.Page created =
        admin.submit("/admin/api-keys", Map.of("name", "상점 서버", "role", "MERCHANT"));
    String key = created.text("#new-key");
    assertThat(key).startsWith("tb_test_").hasSize(40);
    PageClient.Page again = admin.open("/admin/api-keys");
    assertThat(again.body()).doesNotContain(key).contains(key.substring(0, 12));
    String revoke =
        again.html().select("form[action$=/revoke]").stream()
            .filter(f -> f.parent().parent().text().contains("상점 서버"))
            .findFirst()
            .orElseThrow()
            .attr("action");
    assertThat(admin.submit(revoke, Map.of()).text(".notice")).contains("폐기했습니다");

    admin.open("/admin/staff");
    String name = "new-" + UUID.randomUUID().toString().substring(0, 6);
    PageClient.Page added =
        admin.submit("/admin/staff", Map.of("username", name, "role", "SUPPORT"));
    String password = added.text("#new-password");
    assertThat(password).hasSize(20);
    assertThat(admin.open("/admin/staff").body()).doesNotContain(password);
    assertThat(login(name, password).open("/admin").status()).isEqualTo(200);
  }

  @Test
  void theOutboxShowsMailsAndTheClockRefusesNonsense() {
    String email = "outbox-" + UUID.randomUUID().toString().substring(0, 8) + "@example.com";
    new PageClient(port).get("/signup");
    PageClient subscriber = new PageClient(port);
    subscriber.get("/signup");
    subscriber.post(
        "/signup",
        Map.of("email", email, "password", "long enough 123", "passwordAgain", "long enough 123"));
    PageClient admin = login("admin", ADMIN_PASSWORD);
    await()
        .atMost(Duration.ofSeconds(15))
        .until(() -> admin.open("/admin/mail").body().contains(email));
    PageClient.Page outbox = admin.open("/admin/mail");
    String link =
        outbox.html().select("tr").stream()
            .filter(tr -> tr.text().contains(email))
            .findFirst()
            .orElseThrow()
            .selectFirst("a")
            .attr("href");
    PageClient.Page mail = admin.open(link);
    assertThat(mail.text("#mail-text")).contains("가입을 환영합니다");

    admin.open("/admin/test-clock");
    PageClient.Page refused = admin.submit("/admin/test-clock", Map.of("advanceBy", "yesterday"));
    assertThat(refused.text(".alert")).contains("ISO-8601");
  }

  private PageClient login(String username, String password) {
    PageClient client = new PageClient(port);
    client.get("/admin/login");
    PageClient.Page done =
        client.post("/admin/login", Map.of("username", username, "password", password));
    assertThat(done.location()).as(done.body()).endsWith("/admin");
    return client;
  }

  private Plan plan(String name, long price) {
    return catalog.create(
        new CatalogService.NewPlan(
            "a-" + UUID.randomUUID().toString().substring(0, 10),
            name,
            "",
            Won.of(price),
            BillingInterval.monthly(),
            0,
            Map.of(),
            false));
  }

  private long subscribedCustomer(Plan plan) {
    return subscribedCustomer(
        plan, "admin-" + UUID.randomUUID().toString().substring(0, 8) + "@example.com");
  }

  /** A subscriber who signed up and subscribed through the pages; returns the subscription id. */
  private long subscribedCustomer(Plan plan, String email) {
    PageClient client = new PageClient(port);
    client.get("/signup");
    client.post(
        "/signup",
        Map.of("email", email, "password", "long enough 123", "passwordAgain", "long enough 123"));
    PageClient.Page confirm =
        CardWindow.register(
            client, client.open("/subscribe/" + plan.id().value()), CardWindow.GOOD_CARD);
    assertThat(confirm.url()).endsWith("/confirm");
    PageClient.Page done = client.submit("/subscribe/" + plan.id().value() + "/confirm", Map.of());
    return Long.parseLong(done.url().replaceAll(".*/", ""));
  }
}
