package io.tossbill.admin;

import static org.assertj.core.api.Assertions.assertThat;

import io.tossbill.billing.SubscriptionId;
import io.tossbill.billing.SubscriptionView;
import io.tossbill.billing.Subscriptions;
import io.tossbill.catalog.BillingInterval;
import io.tossbill.catalog.CatalogService;
import io.tossbill.catalog.Plan;
import io.tossbill.coupon.Coupon;
import io.tossbill.coupon.CouponDuration;
import io.tossbill.coupon.Coupons;
import io.tossbill.payment.PaymentView;
import io.tossbill.platform.Won;
import io.tossbill.security.Staff;
import io.tossbill.security.StaffRole;
import io.tossbill.testing.CardWindow;
import io.tossbill.testing.PageClient;
import io.tossbill.testing.PagesIntegrationTest;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * Coupons in the console: a new coupon refused field by field then created, its promotion codes
 * made and switched off, a coupon applied to a subscription and taken off again; SUPPORT sees it
 * all and changes nothing.
 */
@PagesIntegrationTest
class AdminCouponPagesIntegrationTests {

  @LocalServerPort int port;
  @Autowired CatalogService catalog;
  @Autowired Subscriptions subscriptions;
  @Autowired Coupons coupons;
  @Autowired Staff staff;

  private static String suffix() {
    return UUID.randomUUID().toString().substring(0, 8).toUpperCase(Locale.ROOT);
  }

  @Test
  void aNewCouponIsRefusedFieldByFieldThenCreatedWithItsCodes() {
    Plan plan = plan("쿠폰 요금제", 10_000);
    PageClient admin = login("admin", AdminPagesIntegrationTests.ADMIN_PASSWORD);
    admin.open("/admin/coupons/new");

    PageClient.Page refused =
        admin.post(
            "/admin/coupons",
            Map.of(
                "code", "no spaces",
                "name", "",
                "percentOff", "10",
                "amountOff", "1000",
                "duration", "REPEATING",
                "maxRedemptions", "0",
                "redeemBy", "2001-01-01"));
    assertThat(refused.status()).isEqualTo(400);
    assertThat(refused.text("#code-error")).contains("3~40자");
    assertThat(refused.text("#name-error")).isEqualTo("쿠폰 이름은 1~100자여야 합니다.");
    assertThat(refused.text("#off-error")).isEqualTo("할인율과 할인 금액 중 하나만 입력해 주세요.");
    assertThat(refused.text("#duration-error")).contains("결제 횟수를 1~120으로");
    assertThat(refused.text("#maxRedemptions-error")).contains("1 이상");
    assertThat(refused.one("#maxRedemptions").attr("aria-invalid")).isEqualTo("true");
    assertThat(refused.text("#redeemBy-error")).contains("오늘보다 뒤");
    assertThat(refused.one("#code").attr("value")).isEqualTo("no spaces");

    String code = "SPRING-" + suffix();
    PageClient.Page created =
        admin.submit(
            "/admin/coupons",
            Map.of(
                "code", code.toLowerCase(Locale.ROOT),
                "name", "봄 할인",
                "amountOff", "3,000",
                "duration", "REPEATING",
                "durationPeriods", "3",
                "maxRedemptions", "100",
                "planIds", String.valueOf(plan.id().value())));
    assertThat(created.text(".notice")).isEqualTo(code + " 쿠폰을 만들었습니다.");
    assertThat(created.text("#coupon-terms")).isEqualTo("3,000원 할인 · 3회 결제");
    assertThat(created.text("#coupon-redeemed")).isEqualTo("0 / 100");
    assertThat(created.text("main")).contains("쿠폰 요금제");

    String promo = "HELLO-" + suffix();
    String couponPath = created.url().replaceAll("^https?://[^/]+", "");
    PageClient.Page withCode =
        admin.submit(couponPath + "/promotion-codes", Map.of("code", promo.toLowerCase()));
    assertThat(withCode.text(".notice")).isEqualTo(promo + " 프로모션 코드를 만들었습니다.");
    assertThat(withCode.text("main table")).contains(promo);
    long codeId = coupons.codeNamed(promo).id();
    PageClient.Page off =
        admin.submit("/admin/promotion-codes/" + codeId + "/deactivate", Map.of());
    assertThat(off.text(".notice")).isEqualTo(promo + " 코드 사용을 중지했습니다.");
    assertThat(coupons.requireCode(codeId).active()).isFalse();
    PageClient.Page taken = admin.post(couponPath + "/promotion-codes", Map.of("code", promo));
    assertThat(taken.status()).isEqualTo(400);
    assertThat(taken.text("#code-error")).contains("이미 쓰이고 있는");

    assertThat(admin.open("/admin/coupons").text("main table")).contains(code, "봄 할인");
  }

  @Test
  void aCouponIsAppliedToASubscriptionFromItsPageAndTakenOff() {
    Plan plan = plan("콘솔 적용", 10_000);
    long subscription = subscribedCustomer(plan);
    Coupon coupon =
        coupons.create(
            new Coupons.NewCoupon(
                "STAFF-" + suffix(),
                "사과 할인",
                50,
                null,
                CouponDuration.ONCE,
                null,
                null,
                null,
                null,
                false));
    PageClient admin = login("admin", AdminPagesIntegrationTests.ADMIN_PASSWORD);
    PageClient.Page page = admin.open("/admin/subscriptions/" + subscription);
    assertThat(page.text("#discount-heading + p")).isEqualTo("적용된 할인이 없습니다.");

    PageClient.Page applied =
        admin.submit(
            "/admin/subscriptions/" + subscription + "/discount",
            Map.of("coupon", coupon.code().toLowerCase(Locale.ROOT)));

    assertThat(applied.text(".notice")).startsWith(coupon.code() + " 쿠폰을 적용했습니다.");
    assertThat(applied.text("#discount-off")).isEqualTo("50% 할인");
    assertThat(applied.text("#discount-periods")).isEqualTo("2번째 기간만");
    SubscriptionView view = subscriptions.view(new SubscriptionId(subscription));
    assertThat(view.nextChargeAmount()).isEqualTo(Won.of(5_000));
    assertThat(coupons.redemptions(coupon.id()))
        .singleElement()
        .satisfies(r -> assertThat(r.channel().name()).isEqualTo("ADMIN"));

    PageClient.Page unknown =
        admin.submit(
            "/admin/subscriptions/" + subscription + "/discount", Map.of("coupon", "NOPE-NOPE"));
    assertThat(unknown.text(".alert")).isEqualTo("쿠폰을 찾을 수 없습니다: NOPE-NOPE");

    PageClient.Page removed =
        admin.submit("/admin/subscriptions/" + subscription + "/discount/remove", Map.of());
    assertThat(removed.text(".notice")).startsWith("할인을 뺐습니다.");
    assertThat(subscriptions.view(new SubscriptionId(subscription)).nextChargeAmount())
        .isEqualTo(Won.of(10_000));
  }

  @Test
  void supportSeesCouponsButChangesNothing() {
    Plan plan = plan("지원 쿠폰", 10_000);
    long subscription = subscribedCustomer(plan);
    Coupon coupon =
        coupons.create(
            new Coupons.NewCoupon(
                "SUPPORT-" + suffix(),
                "지원",
                10,
                null,
                CouponDuration.FOREVER,
                null,
                null,
                null,
                null,
                false));
    String username = "support-" + UUID.randomUUID().toString().substring(0, 6);
    PageClient support = login(username, staff.add(username, StaffRole.SUPPORT).password());

    assertThat(support.get("/admin/coupons").status()).isEqualTo(200);
    assertThat(support.get("/admin/coupons/" + coupon.id()).status()).isEqualTo(200);
    assertThat(support.get("/admin/coupons/new").status()).isEqualTo(403);
    assertThat(support.post("/admin/coupons", Map.of("code", "X-Y-Z")).status()).isEqualTo(403);
    assertThat(support.post("/admin/coupons/" + coupon.id() + "/deactivate", Map.of()).status())
        .isEqualTo(403);
    assertThat(
            support
                .post(
                    "/admin/subscriptions/" + subscription + "/discount",
                    Map.of("coupon", coupon.code()))
                .status())
        .isEqualTo(403);
    assertThat(coupons.require(coupon.id()).active()).isTrue();
    assertThat(subscriptions.view(new SubscriptionId(subscription)).discount()).isNull();
  }

  @Test
  void aDeactivatedCouponTakesNoNewCodesAndItsDiscountsShowOnThePayment() {
    Plan plan = plan("중지 쿠폰", 12_000);
    Coupon coupon = coupon("STOP-" + suffix(), 25, CouponDuration.FOREVER);
    String promo = "STOP-CODE-" + suffix();
    coupons.createCode(coupon.id(), new Coupons.NewPromotionCode(promo, null, null, false));
    long subscription = subscribedCustomer(plan, Map.of("code", promo));
    PageClient admin = login("admin", AdminPagesIntegrationTests.ADMIN_PASSWORD);

    // the first charge, discounted, as the console shows it
    PaymentView paid = subscriptions.payments(new SubscriptionId(subscription)).getFirst();
    assertThat(paid.amount()).isEqualTo(Won.of(9_000));
    PageClient.Page payment = admin.open("/admin/payments/" + paid.id());
    assertThat(payment.text("#discount")).isEqualTo("−3,000원 (" + promo + ")");
    PageClient.Page sub = admin.open("/admin/subscriptions/" + subscription);
    assertThat(sub.text("#discount-off")).isEqualTo("25% 할인");
    assertThat(sub.text("#discount-periods")).isEqualTo("1번째 기간부터 계속");
    assertThat(admin.open("/admin/coupons/" + coupon.id()).text("main"))
        .contains(promo, "구독 신청 화면");

    PageClient.Page stopped =
        admin.submit("/admin/coupons/" + coupon.id() + "/deactivate", Map.of());

    assertThat(stopped.text(".notice")).isEqualTo(coupon.code() + " 쿠폰 사용을 중지했습니다.");
    assertThat(stopped.text("main .spread .badge")).isEqualTo("중지됨");
    assertThat(stopped.has("#new-code-heading")).isFalse();
    assertThat(coupons.require(coupon.id()).active()).isFalse();
    PageClient.Page refused =
        admin.post(
            "/admin/coupons/" + coupon.id() + "/promotion-codes",
            Map.of("code", "LATE-" + suffix()));
    assertThat(refused.status()).isEqualTo(400);
    assertThat(refused.text("main .alert")).contains(coupon.code());
    assertThat(coupons.codes(coupon.id())).hasSize(1);
    // the discount already given keeps running
    assertThat(subscriptions.view(new SubscriptionId(subscription)).nextChargeAmount())
        .isEqualTo(Won.of(9_000));
  }

  @Test
  void theCouponFormSpeaksEnglishToo() {
    PageClient admin = login("admin", AdminPagesIntegrationTests.ADMIN_PASSWORD).english();
    admin.open("/admin/coupons/new");

    PageClient.Page refused =
        admin.post(
            "/admin/coupons",
            Map.of(
                "code", "OK-" + suffix(), "name", "Half", "percentOff", "150", "duration", "ONCE"));

    assertThat(refused.status()).isEqualTo(400);
    assertThat(refused.text("label[for=percentOff]")).isEqualTo("Percent off");
    assertThat(refused.text("#off-error"))
        .isEqualTo("Enter a percent off from 1 to 100, a whole number.");
    assertThat(refused.one("#percentOff").attr("aria-invalid")).isEqualTo("true");
    assertThat(coupons.coupons()).noneMatch(c -> c.name().equals("Half"));
  }

  @Test
  void aCouponOrCodeThatIsNotThereIsNotFound() {
    PageClient admin = login("admin", AdminPagesIntegrationTests.ADMIN_PASSWORD);
    admin.open("/admin/coupons/new");

    assertThat(admin.get("/admin/coupons/999999999").status()).isEqualTo(404);
    assertThat(admin.get("/admin/coupons/0").status()).isEqualTo(404);
    assertThat(admin.get("/admin/coupons/abc").status()).isBetween(400, 404);
    assertThat(admin.post("/admin/promotion-codes/999999999/deactivate", Map.of()).status())
        .isEqualTo(404);
    assertThat(admin.post("/admin/coupons/-5/deactivate", Map.of()).status()).isEqualTo(404);
    assertThat(
            admin
                .post("/admin/subscriptions/999999999/discount", Map.of("coupon", "ANY-CODE"))
                .status())
        .isEqualTo(404);
  }

  private Coupon coupon(String code, int percent, CouponDuration duration) {
    return coupons.create(
        new Coupons.NewCoupon(code, "할인", percent, null, duration, null, null, null, null, false));
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
            "c-" + UUID.randomUUID().toString().substring(0, 10),
            name,
            "",
            Won.of(price),
            BillingInterval.monthly(),
            0,
            Map.of(),
            false));
  }

  /** A subscriber who signed up and subscribed through the pages; returns the subscription id. */
  private long subscribedCustomer(Plan plan) {
    return subscribedCustomer(plan, Map.of());
  }

  /** The same, sending {@code fields} (a promotion code) with the confirm. */
  private long subscribedCustomer(Plan plan, Map<String, String> fields) {
    PageClient client = new PageClient(port);
    client.get("/signup");
    client.post(
        "/signup",
        Map.of(
            "email",
            "coupon-" + UUID.randomUUID().toString().substring(0, 8) + "@example.com",
            "password",
            "long enough 123",
            "passwordAgain",
            "long enough 123"));
    CardWindow.register(
        client, client.open("/subscribe/" + plan.id().value()), CardWindow.GOOD_CARD);
    PageClient.Page done = client.submit("/subscribe/" + plan.id().value() + "/confirm", fields);
    return Long.parseLong(done.url().replaceAll(".*/", ""));
  }
}
