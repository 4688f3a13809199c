package io.tossbill.browser;

import static org.assertj.core.api.Assertions.assertThat;

import io.tossbill.catalog.CatalogService;
import io.tossbill.testing.Browser;
import io.tossbill.testing.CardWindow;
import io.tossbill.testing.PagesIntegrationTest;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.openqa.selenium.By;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * Staff in a real browser: create a plan in the console, a subscriber takes it through a checkout
 * link, the staff finds the subscription, refunds part of it, and sees it on the dashboard.
 */
@PagesIntegrationTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ConsoleBrowserTests {

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
  void createAPlanSubscribeThroughACheckoutLinkFindRefundAndSeeItOnTheDashboard() throws Exception {
    Browser b = staff;
    String email = BrowserSteps.email();
    BrowserSteps.signUp(subscriber, email); // its welcome mail shows in the outbox below
    BrowserSteps.adminLogin(b);
    b.axe();
    String code = "web-" + UUID.randomUUID().toString().substring(0, 8);
    b.open("/admin/plans").axe();
    b.clickText("새 요금제");
    b.waitForUrl(".*/admin/plans/new$").axe();
    b.type("#code", code).type("#name", "콘솔 플랜").type("#price", "15000");
    b.type("#trialDays", "0").type("#features", "projects=20");
    b.click("main button[type=submit]");
    b.waitForUrl(".*/admin/plans/\\d+$").axe();
    assertThat(b.text(".notice")).isEqualTo("콘솔 플랜 요금제를 만들었습니다.");
    long planId = Long.parseLong(b.url().replaceAll(".*/", ""));

    // a merchant's app makes a checkout link for its customer; the customer uses it
    var customer =
        HttpApi.post(
            port,
            "/api/v1/customers",
            "{\"email\":\"link-" + code + "@example.com\",\"name\":\"링크 고객\"}");
    String success = b.base() + "/plans?checkout=done";
    var session =
        HttpApi.post(
            port,
            "/api/v1/checkout-sessions",
            "{\"customerId\":%d,\"planId\":%d,\"successUrl\":\"%s\",\"cancelUrl\":\"%s\"}"
                .formatted(customer.get("id").asLong(), planId, success, b.base() + "/plans"));
    Browser s = subscriber;
    s.open(session.get("url").asString());
    s.waitForUrl(".*/checkout/cs_\\w+$").axe();
    BrowserSteps.registerCard(s, CardWindow.GOOD_CARD);
    s.waitForUrl(".*/checkout/cs_\\w+/confirm$").axe();
    s.clickText("15,000원 결제하고 구독하기");
    s.waitForUrl(".*/plans\\?checkout=done$");
    assertThat(
            HttpApi.get(port, "/api/v1/checkout-sessions/" + session.get("id").asString())
                .get("status")
                .asString())
        .isEqualTo("COMPLETE");

    // the staff finds it by the customer's email and refunds part of it
    b.open("/admin/subscriptions").axe();
    new Select(b.find("#plan")).selectByValue(String.valueOf(planId));
    b.wait(ExpectedConditions.textToBePresentInElementLocated(By.id("results"), "link-" + code));
    b.type("#q", "link-" + code).click("main form[role=search] button[type=submit]");
    b.wait(ExpectedConditions.textToBePresentInElementLocated(By.id("results"), "1건"));
    b.axe();
    b.find("#results tbody a").click();
    b.waitForUrl(".*/admin/subscriptions/\\d+$").axe();
    b.find("table a[href^='/admin/payments/']").click();
    b.waitForUrl(".*/admin/payments/\\d+$").axe();
    b.type("#amount", "5000").type("#reason", "일부 환불");
    b.clickText("토스페이먼츠로 환불하기");
    b.wait(
        ExpectedConditions.textToBePresentInElementLocated(
            By.cssSelector(".notice"), "5,000원을 환불했습니다."));
    assertThat(b.text("#refunded")).isEqualTo("5,000원");
    b.axe();

    // the dashboard counts it, with its charts drawn from the webjar's Chart.js
    b.open("/admin").axe();
    assertThat(b.text("#plans-table")).contains("콘솔 플랜");
    Object charts =
        b.driver()
            .executeScript(
                "return ['chart-revenue','chart-failures','chart-plans']"
                    + ".filter(id => window.Chart && Chart.getChart(document.getElementById(id))).length");
    assertThat(((Number) charts).intValue()).isEqualTo(3);
    b.find("details.data summary").click();
    b.axe();

    b.open("/admin/payments").axe();
    b.open("/admin/customers").axe();
    b.open("/admin/webhooks").axe();
    b.open("/admin/test-clock").axe();
    b.open("/admin/mail");
    b.wait(
        driver -> {
          driver.navigate().refresh();
          return driver.getPageSource().contains(email);
        });
    b.axe();
    b.find("tbody a").click();
    b.waitForUrl(".*/admin/mail/\\d+$").axe();
    b.open("/admin/api-keys").axe();
    b.open("/admin/staff").axe();
    b.open("/admin/password").axe();
    assertThat(b.checkedPages()).hasSizeGreaterThanOrEqualTo(15);
  }

  @Test
  void theRemainingSubscriberPagesPassAxeInBothLanguages() {
    Browser b = subscriber;
    b.open("/login").axe();
    b.open("/password-reset").axe();
    b.open("/password-reset/new?token=nothing").axe();
    b.open("/no-such-page").axe();
    b.open("/plans?lang=en").axe();
    assertThat(b.find("html").getAttribute("lang")).isEqualTo("en");
    b.open("/signup").axe();
    b.open("/login?error=bad").axe();
    b.open("/plans?lang=ko").axe();
    assertThat(b.find("html").getAttribute("lang")).isEqualTo("ko");
  }
}
