package io.tossbill.browser;

import static org.assertj.core.api.Assertions.assertThat;

import io.tossbill.testing.Browser;
import java.util.UUID;

/** What a person does on the pages, step by step, with axe on every page reached. */
final class BrowserSteps {

  static final String PASSWORD = "correct horse 42";
  static final String ADMIN_PASSWORD = "tb_test_admin_password";

  private BrowserSteps() {}

  static String email() {
    return "web-" + UUID.randomUUID().toString().substring(0, 8) + "@example.com";
  }

  static void signUp(Browser b, String email) {
    b.open("/signup").axe();
    b.type("#email", email).type("#name", "김브라우저").type("#password", PASSWORD);
    b.type("#passwordAgain", PASSWORD).click("main button[type=submit]");
    b.waitForUrl(".*/plans$");
    assertThat(b.text(".notice")).isEqualTo("가입을 마쳤습니다. 환영합니다!");
  }

  /** Registers a card in the (sandbox's) card window opened from the page shown. */
  static void registerCard(Browser b, String cardNumber) {
    b.click("[data-card-window]");
    b.waitForUrl(".*/_sandbox/billing-auth.*");
    b.type("#cardNumber", cardNumber).type("#expiry", "12/45").type("#identity", "900101");
    b.click("input[name=agree]");
    b.click("button[value=register]");
  }

  static void adminLogin(Browser b) {
    b.open("/admin/login").axe();
    b.type("#username", "admin")
        .type("#password", ADMIN_PASSWORD)
        .click("main button[type=submit]");
    b.waitForUrl(".*/admin$");
  }
}
