package io.tossbill.browser;

import static org.assertj.core.api.Assertions.assertThat;

import io.tossbill.billing.BillingPasses;
import io.tossbill.billing.BillingTestSupport;
import io.tossbill.billing.SubscriptionId;
import io.tossbill.billing.Subscriptions;
import io.tossbill.catalog.Catalog;
import io.tossbill.catalog.Plan;
import io.tossbill.customer.CustomerId;
import io.tossbill.customer.Customers;
import io.tossbill.testing.Browser;
import io.tossbill.testing.CardWindow;
import io.tossbill.testing.TestEmails;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Import;

/**
 * Takes the screenshots in docs/screenshots (desktop and phone width) from a fresh server with the
 * demo plans, as the default run has them. Not part of the default build; run it with {@code ./mvnw
 * -pl server -am verify -Dsurefire.excludedGroups= -Dgroups=screenshots -Dtest=PageScreenshots
 * -Dsurefire.failIfNoSpecifiedTests=false}.
 */
@Tag("screenshots")
@Import(BillingPasses.class)
@SpringBootTest(
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = {
      "tossbill.catalog.demo-plans=true",
      "spring.application.name=tossbill-screenshots"
    })
class PageScreenshots {

  static final Path DIR = Path.of("../docs/screenshots");
  static final int DESKTOP = 1280;
  static final int PHONE = 390;

  @LocalServerPort int port;
  @Autowired ApplicationContext context;
  @Autowired Catalog catalog;
  @Autowired Customers customers;
  @Autowired Subscriptions subscriptions;

  @Test
  void takeThem() throws Exception {
    List<Plan> plans = catalog.activePlans();
    Plan basic = byCode(plans, "basic-monthly");
    Plan pro = byCode(plans, "pro-monthly");
    Plan team = byCode(plans, "team-quarterly");
    Plan yearly = byCode(plans, "pro-yearly");
    seedTheDashboard(basic, pro, team, yearly);

    try (Browser b = new Browser(port, "ko-KR")) {
      b.open("/plans");
      shoot(b, "plans");
      String email = BrowserSteps.email();
      BrowserSteps.signUp(b, email);
      b.open("/subscribe/" + pro.id().value());
      BrowserSteps.registerCard(b, CardWindow.GOOD_CARD);
      b.waitForUrl(".*/confirm$");
      shoot(b, "checkout-confirm");
      b.clickText("무료 체험 시작하기");
      b.waitForUrl(".*/my/subscriptions/\\d+$");
      b.wait(
          driver -> {
            driver.navigate().refresh();
            return !driver.findElements(By.cssSelector("a[href^='/my/consents/']")).isEmpty();
          });
      shoot(b, "my-subscription");
      b.find("a[href^='/my/consents/']").click();
      b.waitForUrl(".*/my/consents/\\d+$");
      shoot(b, "consent");

      b.driver().manage().deleteAllCookies();
      BrowserSteps.signUp(b, BrowserSteps.email());
      b.open("/subscribe/" + basic.id().value());
      BrowserSteps.registerCard(b, CardWindow.GOOD_CARD);
      b.waitForUrl(".*/confirm$");
      b.clickText("4,900원 결제하고 구독하기");
      b.waitForUrl(".*/my/subscriptions/\\d+$");
      String subscription = b.url().replace(b.base(), "");
      b.open(subscription + "/change-plan");
      b.click("input[value='" + pro.id().value() + "']");
      b.find("#preview #due-now");
      shoot(b, "change-plan");
      b.open(subscription + "/cancel");
      shoot(b, "cancel");
      b.open("/my/payments");
      b.find("tbody a").click();
      b.waitForUrl(".*/my/payments/\\d+$");
      shoot(b, "receipt");

      BrowserSteps.adminLogin(b);
      b.open("/admin");
      shoot(b, "admin-dashboard");
      b.open("/admin/subscriptions/" + subscription.replaceAll(".*/", ""));
      shoot(b, "admin-subscription");
      b.open("/admin/payments");
      shoot(b, "admin-payments");
      b.open("/admin/mail");
      shoot(b, "admin-mail");
      b.open("/plans?lang=en");
      shoot(b, "plans-en");
    }
  }

  private void shoot(Browser b, String name) {
    b.screenshot(DIR.resolve(name + "-desktop.png"), DESKTOP);
    b.screenshot(DIR.resolve(name + "-phone.png"), PHONE);
  }

  /** A few weeks of a small business: renewals, a decline recovered, a refund, an ended one. */
  private void seedTheDashboard(Plan basic, Plan pro, Plan team, Plan yearly) {
    BillingTestSupport billing = new BillingTestSupport(port, context);
    for (Plan plan : List.of(basic, basic, basic, team, team, yearly, pro)) {
      CustomerId customer = customers.create(TestEmails.next(), "데모 고객", null).id();
      billing.registerCard(customer, BillingTestSupport.GOOD_CARD);
      subscriptions.subscribe(customer, plan.id());
    }
    CustomerId declined = customers.create(TestEmails.next(), "재시도 고객", null).id();
    billing.registerCard(declined, "4000000000000201");
    subscriptions.subscribe(declined, basic.id());
    billing.registerCard(declined, BillingTestSupport.GOOD_CARD);
    billing.runDuePass();
    CustomerId leaving = customers.create(TestEmails.next(), "해지 고객", null).id();
    billing.registerCard(leaving, BillingTestSupport.GOOD_CARD);
    var left = subscriptions.subscribe(leaving, team.id());
    subscriptions.cancel(new SubscriptionId(left.id()), false, Subscriptions.RefundMode.PRORATED);
    assertThat(subscriptions.ofCustomer(declined)).isNotEmpty();
  }

  private static Plan byCode(List<Plan> plans, String code) {
    return plans.stream().filter(p -> p.code().equals(code)).findFirst().orElseThrow();
  }
}
