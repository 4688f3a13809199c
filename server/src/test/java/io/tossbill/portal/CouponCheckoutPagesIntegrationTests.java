package io.tossbill.portal;

import static org.assertj.core.api.Assertions.assertThat;

import io.tossbill.billing.SubscriptionId;
import io.tossbill.billing.SubscriptionStatus;
import io.tossbill.billing.SubscriptionView;
import io.tossbill.billing.Subscriptions;
import io.tossbill.catalog.BillingInterval;
import io.tossbill.catalog.CatalogService;
import io.tossbill.catalog.Plan;
import io.tossbill.coupon.Coupon;
import io.tossbill.coupon.CouponDuration;
import io.tossbill.coupon.Coupons;
import io.tossbill.coupon.PromotionCode;
import io.tossbill.customer.Customer;
import io.tossbill.customer.Customers;
import io.tossbill.payment.PaymentView;
import io.tossbill.platform.Won;
import io.tossbill.testing.CardWindow;
import io.tossbill.testing.PageClient;
import io.tossbill.testing.PagesIntegrationTest;
import io.tossbill.web.PageFormats;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.i18n.LocaleContextHolder;

/**
 * A promotion code on the checkout's confirm page: checked before anything is redeemed, the
 * discounted amount charged now and the amount of the next charge shown as the engine then charges
 * them, the discount on the receipt and in the payments list; a code that cannot be used is refused
 * beside the field and redeems nothing.
 */
@PagesIntegrationTest
class CouponCheckoutPagesIntegrationTests {

  @LocalServerPort int port;
  @Autowired CatalogService catalog;
  @Autowired Subscriptions subscriptions;
  @Autowired Coupons coupons;
  @Autowired PageFormats fmt;
  @Autowired Customers customers;
  @Autowired HostedSessions sessions;

  PortalFixture fixture;

  @BeforeEach
  void setUp() {
    fixture = new PortalFixture(catalog, port);
  }

  private PromotionCode code(int percent, @Nullable Integer periods, @Nullable Integer max) {
    String suffix = UUID.randomUUID().toString().substring(0, 8).toUpperCase(Locale.ROOT);
    Coupon coupon =
        coupons.create(
            new Coupons.NewCoupon(
                "C-" + suffix,
                "가입 할인",
                percent,
                null,
                periods == null
                    ? CouponDuration.FOREVER
                    : periods == 1 ? CouponDuration.ONCE : CouponDuration.REPEATING,
                periods == null || periods == 1 ? null : periods,
                null,
                null,
                null,
                false));
    return coupons.createCode(
        coupon.id(), new Coupons.NewPromotionCode("WELCOME-" + suffix, max, null, false));
  }

  /** A subscriber with a card on the confirm page of {@code plan}. */
  private PageClient atConfirm(Plan plan) {
    PageClient client = fixture.subscriber(PortalFixture.email());
    CardWindow.register(
        client, client.open("/subscribe/" + plan.id().value()), CardWindow.GOOD_CARD);
    return client;
  }

  @Test
  void aPromotionCodeShowsWhatIsChargedNowAndNextAndIsChargedSo() {
    Plan plan = fixture.monthly("할인 베이직", 9_900);
    PromotionCode code = code(10, 1, null);
    PageClient client = atConfirm(plan);

    // typed in lower case: codes are matched without regard to case
    PageClient.Page confirm =
        client.open(
            "/subscribe/" + plan.id().value() + "/confirm?code=" + code.code().toLowerCase());

    assertThat(confirm.status()).isEqualTo(200);
    assertThat(confirm.text("#due-now")).startsWith("8,910원").contains("부가세 810원 포함");
    assertThat(confirm.text("#discount-now")).isEqualTo("할인 990원 적용");
    assertThat(confirm.text("#discount")).isEqualTo(code.code() + ": 10% 할인, 첫 결제 1회");
    assertThat(confirm.has("#discount-next")).isFalse();
    assertThat(confirm.one("input[type=hidden][name=code]").attr("value")).isEqualTo(code.code());
    assertThat(confirm.text("main button[type=submit]:not(.secondary)"))
        .isEqualTo("8,910원 결제하고 구독하기");
    String nextCharge = confirm.text("#next-charge");

    PageClient.Page subscribed =
        client.submit("/subscribe/" + plan.id().value() + "/confirm", Map.of("code", code.code()));

    SubscriptionView view =
        subscriptions.view(new SubscriptionId(PortalFixture.idFrom(subscribed.url())));
    assertThat(view.status()).isEqualTo(SubscriptionStatus.ACTIVE);
    LocaleContextHolder.setLocale(Locale.KOREAN);
    assertThat(nextCharge)
        .isEqualTo(fmt.date(view.nextChargeAt()) + ", " + fmt.won(view.nextChargeAmount()))
        .endsWith("9,900원");
    List<PaymentView> paid = subscriptions.payments(new SubscriptionId(view.id()));
    assertThat(paid)
        .singleElement()
        .satisfies(
            p -> {
              assertThat(p.amount()).isEqualTo(Won.of(8_910));
              assertThat(p.discount()).isEqualTo(Won.of(990));
            });
    assertThat(subscribed.text("#discount")).isEqualTo(code.code() + " · 10% 할인 · 이번 기간까지");
    PageClient.Page receipt = client.open("/my/payments/" + paid.getFirst().id());
    assertThat(receipt.text("#discount")).isEqualTo("−990원 (" + code.code() + ")");
    assertThat(client.open("/my/payments").text("main table")).contains("할인 990원");
    assertThat(coupons.requireCode(code.id()).timesRedeemed()).isEqualTo(1);
  }

  @Test
  void aCodeForSeveralChargesShowsTheNextDiscountToo() {
    Plan plan = fixture.monthly("세 번 할인", 10_000);
    PromotionCode code = code(100, 2, null);
    PageClient client = atConfirm(plan);

    PageClient.Page confirm =
        client.open("/subscribe/" + plan.id().value() + "/confirm?code=" + code.code());

    assertThat(confirm.text("#due-now")).isEqualTo("0원");
    assertThat(confirm.text("#next-charge")).endsWith(", 0원");
    assertThat(confirm.text("#discount-next")).isEqualTo("할인 10,000원 적용");
    assertThat(confirm.text("main button[type=submit]:not(.secondary)")).isEqualTo("구독하기");
    PageClient.Page subscribed =
        client.submit("/subscribe/" + plan.id().value() + "/confirm", Map.of("code", code.code()));
    long id = PortalFixture.idFrom(subscribed.url());
    assertThat(subscriptions.view(new SubscriptionId(id)).status())
        .isEqualTo(SubscriptionStatus.ACTIVE);
    assertThat(subscriptions.payments(new SubscriptionId(id))).isEmpty();
    assertThat(subscribed.text("#discount")).endsWith("다음 결제부터 1회");
  }

  @Test
  void aCodeThatCannotBeUsedIsRefusedBesideTheFieldAndRedeemsNothing() {
    Plan plan = fixture.monthly("거절 코드", 10_000);
    PromotionCode used = code(20, 1, 1);
    PageClient first = atConfirm(plan);
    first.submit("/subscribe/" + plan.id().value() + "/confirm", Map.of("code", used.code()));
    PageClient client = atConfirm(plan);

    PageClient.Page unknown =
        client.open("/subscribe/" + plan.id().value() + "/confirm?code=NO-SUCH-CODE");
    assertThat(unknown.status()).isEqualTo(400);
    assertThat(unknown.text("#code-error")).isEqualTo("프로모션 코드를 찾을 수 없습니다: NO-SUCH-CODE");
    assertThat(unknown.one("#code").attr("aria-invalid")).isEqualTo("true");
    assertThat(unknown.text("#due-now")).startsWith("10,000원");
    assertThat(unknown.has("input[type=hidden][name=code]")).isFalse();
    PageClient.Page exhausted =
        client.open("/subscribe/" + plan.id().value() + "/confirm?code=" + used.code());
    assertThat(exhausted.status()).isEqualTo(400);
    assertThat(exhausted.text("#code-error")).contains("사용 가능 횟수를 모두 쓴");

    // sent with the confirm anyway: refused, back on the confirm page, nothing subscribed
    PageClient.Page back =
        client.submit("/subscribe/" + plan.id().value() + "/confirm", Map.of("code", used.code()));
    assertThat(back.url()).endsWith("/subscribe/" + plan.id().value() + "/confirm");
    assertThat(back.text(".alert")).contains("사용 가능 횟수를 모두 쓴");
    assertThat(coupons.requireCode(used.id()).timesRedeemed()).isEqualTo(1);
  }

  @Test
  void theCodeFieldSpeaksEnglishToo() {
    Plan plan = fixture.monthly("English code", 10_000);
    PromotionCode code = code(25, null, null);
    PageClient client = atConfirm(plan).english();

    PageClient.Page confirm =
        client.open("/subscribe/" + plan.id().value() + "/confirm?code=" + code.code());

    assertThat(confirm.text("label[for=code]")).isEqualTo("Promotion code");
    assertThat(confirm.text("#discount")).isEqualTo(code.code() + ": 25% off, every charge");
    assertThat(confirm.text("#discount-now")).isEqualTo("₩2,500 off");

    PageClient.Page refused =
        client.open("/subscribe/" + plan.id().value() + "/confirm?code=NOT-A-CODE");
    assertThat(refused.status()).isEqualTo(400);
    assertThat(refused.text("#code-error")).isEqualTo("No promotion code NOT-A-CODE.");
    assertThat(refused.text("#due-now")).startsWith("₩10,000");
  }

  @Test
  void aTrialWithACodeShowsItsDiscountedFirstChargeAndTheEngineChargesThat() {
    Plan plan = fixture.plan("체험 할인", 10_000, BillingInterval.monthly(), 14);
    PromotionCode code = code(30, 1, null);
    PageClient client = atConfirm(plan);

    PageClient.Page confirm =
        client.open("/subscribe/" + plan.id().value() + "/confirm?code=" + code.code());

    assertThat(confirm.text("#due-now")).isEqualTo("0원");
    assertThat(confirm.has("#discount-now")).isFalse();
    assertThat(confirm.text("#discount-next")).isEqualTo("할인 3,000원 적용");
    String firstCharge = confirm.text("#next-charge");
    assertThat(firstCharge).endsWith(", 7,000원");
    PageClient.Page subscribed =
        client.submit("/subscribe/" + plan.id().value() + "/confirm", Map.of("code", code.code()));
    SubscriptionView view =
        subscriptions.view(new SubscriptionId(PortalFixture.idFrom(subscribed.url())));
    assertThat(view.status()).isEqualTo(SubscriptionStatus.TRIALING);
    LocaleContextHolder.setLocale(Locale.KOREAN);
    assertThat(firstCharge)
        .isEqualTo(fmt.date(view.nextChargeAt()) + ", " + fmt.won(view.nextChargeAmount()));
    assertThat(view.nextChargeAmount()).isEqualTo(Won.of(7_000));
  }

  @Test
  void aCheckoutLinkTakesACodeAndARefusedOneSubscribesNothing() {
    Plan plan = fixture.monthly("링크 할인", 20_000);
    PromotionCode code = code(50, 1, null);
    Customer customer = customers.create(PortalFixture.email(), "링크 고객", null);
    HostedSession session =
        sessions.createCheckout(
            customer.id().value(),
            plan.id().value(),
            "https://shop.example.com/done",
            "https://shop.example.com/cancel",
            "test");
    PageClient client = new PageClient(port);
    PageClient.Page confirm =
        CardWindow.register(client, client.open(session.url()), CardWindow.GOOD_CARD);
    String base = "/checkout/" + session.id() + "/confirm";
    assertThat(confirm.url()).endsWith(base);

    PageClient.Page back = client.submit(base, Map.of("code", "WRONG-CODE"));
    assertThat(back.url()).endsWith(base);
    assertThat(back.text(".alert")).isEqualTo("프로모션 코드를 찾을 수 없습니다: WRONG-CODE");
    assertThat(subscriptions.ofCustomer(customer.id())).isEmpty();

    PageClient.Page withCode = client.open(base + "?code=" + code.code());
    assertThat(withCode.text("#due-now")).startsWith("10,000원");
    assertThat(withCode.one("form[method=post] input[name=code]").attr("value"))
        .isEqualTo(code.code());
    PageClient.Page done = client.post(base, Map.of("code", code.code()));
    assertThat(done.location()).isEqualTo("https://shop.example.com/done");
    SubscriptionView view = subscriptions.ofCustomer(customer.id()).getFirst();
    assertThat(subscriptions.payments(new SubscriptionId(view.id())))
        .singleElement()
        .satisfies(p -> assertThat(p.amount()).isEqualTo(Won.of(10_000)));
    assertThat(view.nextChargeAmount()).isEqualTo(Won.of(20_000));
  }
}
