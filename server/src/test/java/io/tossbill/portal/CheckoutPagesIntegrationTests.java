package io.tossbill.portal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.tossbill.billing.BillingCalendar;
import io.tossbill.billing.BillingProperties;
import io.tossbill.billing.SubscriptionId;
import io.tossbill.billing.SubscriptionStatus;
import io.tossbill.billing.SubscriptionView;
import io.tossbill.billing.Subscriptions;
import io.tossbill.catalog.BillingInterval;
import io.tossbill.catalog.CatalogService;
import io.tossbill.catalog.Plan;
import io.tossbill.customer.CustomerId;
import io.tossbill.customer.CustomerQueries;
import io.tossbill.payment.PaymentStatus;
import io.tossbill.payment.PaymentView;
import io.tossbill.testclock.TestClock;
import io.tossbill.testing.CardWindow;
import io.tossbill.testing.PageClient;
import io.tossbill.testing.PagesIntegrationTest;
import io.tossbill.web.PageFormats;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.i18n.LocaleContextHolder;

@PagesIntegrationTest
class CheckoutPagesIntegrationTests {

  @LocalServerPort int port;
  @Autowired CatalogService catalog;
  @Autowired Subscriptions subscriptions;
  @Autowired TestClock clock;
  @Autowired BillingProperties billing;
  @Autowired PageFormats fmt;
  @Autowired CustomerQueries customers;

  PortalFixture fixture;

  @BeforeEach
  void setUp() {
    fixture = new PortalFixture(catalog, port);
  }

  @Test
  void theConfirmPageStatesWhatTheEngineThenCharges() {
    Plan plan = fixture.monthly("베이직", 4_900);
    PageClient client = fixture.subscriber(PortalFixture.email());

    PageClient.Page checkout = client.open("/subscribe/" + plan.id().value());
    assertThat(checkout.status()).isEqualTo(200);
    assertThat(checkout.text("h1")).contains("베이직");
    assertThat(checkout.one("[data-card-window]").attr("data-script"))
        .isEqualTo("/toss-sandbox/v2/standard");

    PageClient.Page confirm = CardWindow.register(client, checkout, CardWindow.GOOD_CARD);
    assertThat(confirm.text(".notice")).isEqualTo("카드를 등록했습니다.");
    assertThat(confirm.text("#due-now")).startsWith("4,900원").contains("부가세 445원 포함");
    String nextCharge = confirm.text("#next-charge");

    PageClient.Page subscribed =
        client.submit("/subscribe/" + plan.id().value() + "/confirm", Map.of());
    assertThat(subscribed.url()).contains("/my/subscriptions/");
    assertThat(subscribed.text(".notice")).isEqualTo("베이직 구독을 시작했습니다.");
    SubscriptionView view =
        subscriptions.view(new SubscriptionId(PortalFixture.idFrom(subscribed.url())));
    assertThat(view.status()).isEqualTo(SubscriptionStatus.ACTIVE);
    List<PaymentView> paid = subscriptions.payments(new SubscriptionId(view.id()));
    assertThat(paid)
        .singleElement()
        .satisfies(
            p -> {
              assertThat(p.status()).isEqualTo(PaymentStatus.APPROVED);
              assertThat(p.amount().value()).isEqualTo(4_900);
            });
    LocaleContextHolder.setLocale(Locale.KOREAN);
    assertThat(nextCharge)
        .isEqualTo(fmt.date(view.nextChargeAt()) + ", " + fmt.won(view.nextChargeAmount()));
    assertThat(subscribed.text("#next-charge")).isEqualTo(nextCharge);
  }

  @Test
  void aTrialChargesNothingNowAndItsPriceOnTheTrialsLastDay() {
    Plan plan = fixture.plan("프로 체험", 9_900, BillingInterval.monthly(), 7);
    PageClient client = fixture.subscriber(PortalFixture.email());
    PageClient.Page confirm =
        CardWindow.register(
            client, client.open("/subscribe/" + plan.id().value()), CardWindow.GOOD_CARD);
    assertThat(confirm.text("#due-now")).isEqualTo("0원");
    assertThat(confirm.text("main form[method=post] button[type=submit]")).isEqualTo("무료 체험 시작하기");

    PageClient.Page subscribed =
        client.submit("/subscribe/" + plan.id().value() + "/confirm", Map.of());
    SubscriptionView view =
        subscriptions.view(new SubscriptionId(PortalFixture.idFrom(subscribed.url())));
    assertThat(view.status()).isEqualTo(SubscriptionStatus.TRIALING);
    assertThat(subscriptions.payments(new SubscriptionId(view.id()))).isEmpty();
    LocalDate trialEnd =
        BillingCalendar.businessDate(clock.now(new CustomerId(view.customerId()))).plusDays(7);
    assertThat(view.nextChargeAt())
        .isEqualTo(BillingCalendar.chargeInstant(trialEnd, billing.chargeTime()));
    LocaleContextHolder.setLocale(Locale.KOREAN);
    assertThat(confirm.text("#next-charge"))
        .isEqualTo(fmt.date(view.nextChargeAt()) + ", " + fmt.won(view.nextChargeAmount()));
  }

  @Test
  void aDeclinedFirstChargeSaysWhyAndSubscribesNothing() {
    Plan plan = fixture.monthly("거절 테스트", 5_000);
    String email = PortalFixture.email();
    PageClient client = fixture.subscriber(email);
    CardWindow.register(client, client.open("/subscribe/" + plan.id().value()), "4000000000000201");
    PageClient.Page back = client.submit("/subscribe/" + plan.id().value() + "/confirm", Map.of());
    assertThat(back.url()).endsWith("/subscribe/" + plan.id().value());
    assertThat(back.text(".alert")).startsWith("카드 결제가 거절되었습니다");

    SubscriptionView incomplete =
        subscriptions.ofCustomer(customerOf(email)).stream().findFirst().orElseThrow();
    assertThat(incomplete.status()).isEqualTo(SubscriptionStatus.INCOMPLETE);

    // a new card: the engine retries the first charge on it; confirming then charges nothing more
    CardWindow.register(client, back, CardWindow.GOOD_CARD);
    await()
        .atMost(Duration.ofSeconds(20))
        .until(
            () ->
                subscriptions.view(new SubscriptionId(incomplete.id())).status()
                    == SubscriptionStatus.ACTIVE);
    PageClient.Page subscribed =
        client.submit("/subscribe/" + plan.id().value() + "/confirm", Map.of());
    assertThat(subscribed.url()).endsWith("/my/subscriptions/" + incomplete.id());
    assertThat(subscriptions.ofCustomer(customerOf(email))).hasSize(1);
    assertThat(subscriptions.payments(new SubscriptionId(incomplete.id())))
        .filteredOn(p -> p.status() == PaymentStatus.APPROVED)
        .singleElement()
        .satisfies(p -> assertThat(p.amount().value()).isEqualTo(5_000));
  }

  private CustomerId customerOf(String email) {
    return new CustomerId(customers.search(email, 0, 1).customers().getFirst().id());
  }

  @Test
  void theCardWindowsFailureIsShownInThePagesLanguage() {
    Plan plan = fixture.monthly("실패 안내", 5_000);
    PageClient client = fixture.subscriber(PortalFixture.email());
    client.open("/subscribe/" + plan.id().value());
    PageClient.Page korean =
        client.open(
            "/subscribe/"
                + plan.id().value()
                + "/card/fail?code=PAY_PROCESS_CANCELED&message="
                + "%EC%82%AC%EC%9A%A9%EC%9E%90%EC%97%90%20%EC%9D%98%ED%95%B4");
    assertThat(korean.text(".alert")).isEqualTo("카드 등록을 취소했습니다.");
    PageClient.Page english =
        client.open(
            "/subscribe/"
                + plan.id().value()
                + "/card/fail?code=SOMETHING_NEW&message=boom&lang=en");
    assertThat(english.text(".alert"))
        .isEqualTo("The card was not registered (SOMETHING_NEW): boom");
  }

  @Test
  void aSuccessCallbackForAnotherCustomerIsRefusedBeforeAnythingIsStored() {
    Plan plan = fixture.monthly("키 검사", 5_000);
    PageClient client = fixture.subscriber(PortalFixture.email());
    client.open("/subscribe/" + plan.id().value());
    PageClient.Page refused =
        client.open(
            "/subscribe/"
                + plan.id().value()
                + "/card/success?customerKey=someoneElse123&authKey=bln_whatever");
    assertThat(refused.text(".alert")).contains("이 고객의 것이 아닙니다");
    assertThat(refused.has("[data-card-window]")).isTrue();
    assertThat(refused.body()).doesNotContain("등록된 카드:");
  }
}
