package io.tossbill.browser;

import static org.assertj.core.api.Assertions.assertThat;

import io.tossbill.catalog.BillingInterval;
import io.tossbill.catalog.CatalogService;
import io.tossbill.catalog.Plan;
import io.tossbill.platform.Won;
import io.tossbill.testing.Browser;
import io.tossbill.testing.CardWindow;
import io.tossbill.testing.PagesIntegrationTest;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.openqa.selenium.By;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * A subscriber in a real browser: sign up, card in the sandbox window, subscribe, a month later
 * (the test clock) the renewal in the history, change plan with the htmx preview, cancel.
 */
@PagesIntegrationTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SubscriberJourneyBrowserTests {

  @LocalServerPort int port;
  @Autowired CatalogService catalog;

  Browser browser;

  @BeforeAll
  void start() {
    browser = new Browser(port, "ko-KR");
  }

  @AfterAll
  void stop() {
    browser.close();
  }

  @Test
  void signUpSubscribeRenewChangePlanCancel() {
    Plan basic = plan("베이직 브라우저", 4_900);
    Plan pro = plan("프로 브라우저", 9_900);
    Browser b = browser;
    String email = BrowserSteps.email();

    b.open("/plans").axe();
    BrowserSteps.signUp(b, email);
    b.axe();
    b.click("a[href='/subscribe/" + basic.id().value() + "']");
    b.waitForUrl(".*/subscribe/" + basic.id().value() + "$").axe();
    assertThat(b.text("h1")).isEqualTo("베이직 브라우저 구독하기");

    BrowserSteps.registerCard(b, CardWindow.GOOD_CARD);
    b.waitForUrl(".*/subscribe/" + basic.id().value() + "/confirm$").axe();
    assertThat(b.text("#due-now")).startsWith("4,900원");
    String promisedNext = b.text("#next-charge");
    b.clickText("4,900원 결제하고 구독하기");
    b.waitForUrl(".*/my/subscriptions/\\d+$").axe();
    String subscriptionUrl = b.url();
    assertThat(b.text(".notice")).isEqualTo("베이직 브라우저 구독을 시작했습니다.");
    assertThat(b.text("#next-charge")).isEqualTo(promisedNext);

    // a month later: the staff moves this customer's test clock, the engine renews
    BrowserSteps.adminLogin(b);
    b.axe();
    b.open("/admin/customers").axe();
    b.type("#q", email);
    b.wait(ExpectedConditions.textToBePresentInElementLocated(By.id("results"), email));
    b.find("#results a").click();
    b.waitForUrl(".*/admin/customers/\\d+$").axe();
    b.type("#advanceBy", "P32D").clickText("시계 움직이기");
    assertThat(b.text(".notice")).startsWith("시계를");

    b.open("/my/payments");
    b.wait(
        driver -> {
          driver.navigate().refresh();
          return driver.findElements(By.cssSelector("tbody tr")).size() == 2;
        });
    b.axe();
    assertThat(b.all("tbody tr"))
        .allSatisfy(row -> assertThat(row.getText()).contains("4,900원", "결제 완료"));
    b.all("tbody tr a").getFirst().click();
    b.waitForUrl(".*/my/payments/\\d+$").axe();
    assertThat(b.text("#vat")).isEqualTo("445원");

    // change plan: the preview comes in place (htmx), the confirm charges it
    b.open(subscriptionUrl.replace(b.base(), "")).axe();
    b.clickText("요금제 변경");
    b.waitForUrl(".*/change-plan$").axe();
    b.click("input[value='" + pro.id().value() + "']");
    String dueNow = b.find("#preview #due-now").getText();
    assertThat(b.url()).endsWith("/change-plan");
    assertThat(dueNow).endsWith("원");
    b.axe();
    b.click("#preview button[type=submit]");
    b.waitForUrl(".*/my/subscriptions/\\d+$");
    assertThat(b.text(".notice")).contains("프로 브라우저");
    assertThat(b.text("h1")).isEqualTo("프로 브라우저");
    b.axe();

    // cancel at the period end, spelled out first
    b.clickText("구독 해지");
    b.waitForUrl(".*/cancel$").axe();
    assertThat(b.text("label.choice")).contains("이번 기간이 끝날 때 해지");
    b.clickText("해지하기");
    b.waitForUrl(".*/my/subscriptions/\\d+$").axe();
    assertThat(b.text(".caution")).contains("해지될 예정");

    b.open("/my").axe();
    b.open("/my/card").axe();
    b.open("/my/account").axe();
    assertThat(browser.checkedPages()).hasSizeGreaterThanOrEqualTo(15);
  }

  @Test
  void aTrialsConsentIsAskedWithNothingTickedAndCanBeWithdrawn() {
    Plan trial =
        catalog.create(
            new CatalogService.NewPlan(
                "bt-" + UUID.randomUUID().toString().substring(0, 10),
                "체험 브라우저",
                "",
                Won.of(8_800),
                BillingInterval.monthly(),
                7,
                Map.of(),
                false));
    Browser b = browser;
    b.driver().manage().deleteAllCookies();
    BrowserSteps.signUp(b, BrowserSteps.email());
    b.open("/subscribe/" + trial.id().value()).axe();
    BrowserSteps.registerCard(b, CardWindow.GOOD_CARD);
    b.waitForUrl(".*/confirm$").axe();
    b.clickText("무료 체험 시작하기");
    b.waitForUrl(".*/my/subscriptions/\\d+$");
    String subscription = b.url();
    b.wait(
        driver -> {
          driver.navigate().refresh();
          return !driver.findElements(By.cssSelector("a[href^='/my/consents/']")).isEmpty();
        });
    b.axe();
    b.find("a[href^='/my/consents/']").click();
    b.waitForUrl(".*/my/consents/\\d+$").axe();
    assertThat(b.find("input[name=agree]").isSelected()).isFalse();
    b.clickText("동의합니다");
    assertThat(b.text(".alert")).isEqualTo("동의하시려면 확인란에 체크해 주세요.");
    b.click("input[name=agree]").clickText("동의합니다");
    b.wait(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector(".badge"), "동의함"));
    b.axe();
    b.clickText("동의 철회하기");
    b.wait(
        ExpectedConditions.textToBePresentInElementLocated(
            By.cssSelector(".notice"), "동의를 철회했습니다."));
    b.axe();
    assertThat(subscription).contains("/my/subscriptions/");
  }

  private Plan plan(String name, long price) {
    return catalog.create(
        new CatalogService.NewPlan(
            "b-" + UUID.randomUUID().toString().substring(0, 10),
            name,
            "브라우저 테스트 요금제",
            Won.of(price),
            BillingInterval.monthly(),
            0,
            Map.of("projects", "10"),
            false));
  }
}
