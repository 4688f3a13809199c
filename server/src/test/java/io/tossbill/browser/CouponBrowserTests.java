package io.tossbill.browser;

import static org.assertj.core.api.Assertions.assertThat;

import io.tossbill.catalog.BillingInterval;
import io.tossbill.catalog.CatalogService;
import io.tossbill.catalog.Plan;
import io.tossbill.platform.Won;
import io.tossbill.testing.Browser;
import io.tossbill.testing.CardWindow;
import io.tossbill.testing.PagesIntegrationTest;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.openqa.selenium.support.ui.Select;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * Coupons in a real browser: staff make a coupon (first refused beside its fields) and a promotion
 * code in the console; a subscriber types the code on the confirm page (a wrong one first), pays
 * the discounted amount and finds the discount on the receipt; the staff see it on the subscription
 * and the payment. axe checks every page on the way.
 */
@PagesIntegrationTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CouponBrowserTests {

  @LocalServerPort int port;
  @Autowired CatalogService catalog;

  Browser staff;
  Browser subscriber;

  @BeforeAll
  void start() {
    staff = new Browser(port, "ko-KR");
    subscriber = new Browser(port, "ko-KR");
  }

  @AfterAll
  void stop() {
    staff.close();
    subscriber.close();
  }

  @Test
  void staffMakeACodeASubscriberTypesItAndPaysTheDiscountedAmount() {
    Plan plan =
        catalog.create(
            new CatalogService.NewPlan(
                "cb-" + UUID.randomUUID().toString().substring(0, 10),
                "쿠폰 브라우저",
                "",
                Won.of(10_000),
                BillingInterval.monthly(),
                0,
                Map.of(),
                false));
    String suffix = UUID.randomUUID().toString().substring(0, 8).toUpperCase(Locale.ROOT);
    String couponCode = "WEB-" + suffix;
    String promo = "HELLO-" + suffix;

    Browser b = staff;
    BrowserSteps.adminLogin(b);
    b.open("/admin/coupons").axe();
    b.clickText("새 쿠폰");
    b.waitForUrl(".*/admin/coupons/new$").axe();
    // sent without a name and with both kinds of discount: refused beside each field
    b.type("#code", couponCode).type("#percentOff", "20").type("#amountOff", "1000");
    b.click("main button[type=submit]");
    assertThat(b.text("#name-error")).isEqualTo("쿠폰 이름은 1~100자여야 합니다.");
    assertThat(b.text("#off-error")).isEqualTo("할인율과 할인 금액 중 하나만 입력해 주세요.");
    assertThat(b.find("#amountOff").getAttribute("aria-invalid")).isEqualTo("true");
    b.axe();
    b.type("#name", "브라우저 할인").type("#amountOff", "");
    new Select(b.find("#duration")).selectByValue("REPEATING");
    b.type("#durationPeriods", "2");
    b.click("input[name=planIds][value='" + plan.id().value() + "']");
    b.click("main button[type=submit]");
    b.waitForUrl(".*/admin/coupons/\\d+$").axe();
    assertThat(b.text(".notice")).isEqualTo(couponCode + " 쿠폰을 만들었습니다.");
    assertThat(b.text("#coupon-terms")).isEqualTo("20% 할인 · 2회 결제");
    String couponPage = b.url();
    b.type("#code", promo.toLowerCase(Locale.ROOT)).clickText("코드 만들기");
    b.waitForUrl(".*/admin/coupons/\\d+$");
    assertThat(b.text(".notice")).isEqualTo(promo + " 프로모션 코드를 만들었습니다.");
    b.axe();

    Browser s = subscriber;
    BrowserSteps.signUp(s, BrowserSteps.email());
    s.open("/subscribe/" + plan.id().value()).axe();
    BrowserSteps.registerCard(s, CardWindow.GOOD_CARD);
    s.waitForUrl(".*/subscribe/" + plan.id().value() + "/confirm$").axe();
    s.type("#code", "NO-SUCH-" + suffix).clickText("적용");
    s.waitForUrl(".*/confirm\\?code=NO-SUCH-.*");
    assertThat(s.text("#code-error")).isEqualTo("프로모션 코드를 찾을 수 없습니다: NO-SUCH-" + suffix);
    assertThat(s.text("#due-now")).startsWith("10,000원");
    s.axe();
    s.type("#code", promo.toLowerCase(Locale.ROOT)).clickText("적용");
    s.waitForUrl(".*/confirm\\?code=hello-.*");
    assertThat(s.text("#due-now")).startsWith("8,000원");
    assertThat(s.text("#discount-now")).isEqualTo("할인 2,000원 적용");
    assertThat(s.text("#next-charge")).endsWith(", 8,000원");
    s.axe();
    s.clickText("8,000원 결제하고 구독하기");
    s.waitForUrl(".*/my/subscriptions/\\d+$").axe();
    String subscriptionPath = s.url().replace(s.base(), "");
    assertThat(s.text("#discount")).isEqualTo(promo + " · 20% 할인 · 다음 결제부터 1회");
    s.open("/my/payments").axe();
    s.find("main table a[href^='/my/payments/']").click();
    s.waitForUrl(".*/my/payments/\\d+$").axe();
    assertThat(s.text("#discount")).isEqualTo("−2,000원 (" + promo + ")");

    // the staff see the redemption, the subscription's discount and the discounted payment
    b.open(couponPage).axe();
    assertThat(b.text("#coupon-redeemed")).isEqualTo("1");
    b.open("/admin/subscriptions/" + subscriptionPath.replaceAll(".*/", "")).axe();
    assertThat(b.text("#discount-periods")).isEqualTo("1~2번째 기간");
    b.find("table a[href^='/admin/payments/']").click();
    b.waitForUrl(".*/admin/payments/\\d+$").axe();
    assertThat(b.text("#discount")).isEqualTo("−2,000원 (" + promo + ")");
  }
}
