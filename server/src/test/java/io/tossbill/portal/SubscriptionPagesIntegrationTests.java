package io.tossbill.portal;

import static org.assertj.core.api.Assertions.assertThat;

import io.tossbill.billing.SubscriptionId;
import io.tossbill.billing.SubscriptionStatus;
import io.tossbill.billing.SubscriptionView;
import io.tossbill.billing.Subscriptions;
import io.tossbill.catalog.BillingInterval;
import io.tossbill.catalog.CatalogService;
import io.tossbill.catalog.Plan;
import io.tossbill.payment.ChargePurpose;
import io.tossbill.payment.PaymentStatus;
import io.tossbill.payment.PaymentView;
import io.tossbill.testing.CardWindow;
import io.tossbill.testing.PageClient;
import io.tossbill.testing.PagesIntegrationTest;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

@PagesIntegrationTest
class SubscriptionPagesIntegrationTests {

  @LocalServerPort int port;
  @Autowired CatalogService catalog;
  @Autowired Subscriptions subscriptions;

  PortalFixture fixture;

  @BeforeEach
  void setUp() {
    fixture = new PortalFixture(catalog, port);
  }

  @Test
  void anUpgradeChargesExactlyThePreviewedAmount() {
    Plan basic = fixture.monthly("베이직 A", 4_900);
    Plan pro = fixture.monthly("프로 A", 9_900);
    PageClient client = fixture.subscriber(PortalFixture.email());
    long id =
        PortalFixture.idFrom(PortalFixture.subscribe(client, basic, CardWindow.GOOD_CARD).url());

    PageClient.Page preview =
        client.open("/my/subscriptions/" + id + "/change-plan?planId=" + pro.id().value());
    String dueNow = preview.text("#due-now");
    assertThat(preview.text("#preview-text")).contains(dueNow).contains("오늘 결제됩니다");

    PageClient.Page done =
        client.submit(
            "/my/subscriptions/" + id + "/change-plan",
            Map.of(
                "planId", String.valueOf(pro.id().value()),
                "expectedDueNow", preview.one("input[name=expectedDueNow]").attr("value")));
    assertThat(done.text(".notice")).contains("프로 A");
    PaymentView upgrade =
        subscriptions.payments(new SubscriptionId(id)).stream()
            .filter(p -> p.purpose() == ChargePurpose.PRORATION)
            .findFirst()
            .orElseThrow();
    assertThat(upgrade.status()).isEqualTo(PaymentStatus.APPROVED);
    assertThat(String.format("%,d원", upgrade.amount().value())).isEqualTo(dueNow);
    assertThat(subscriptions.view(new SubscriptionId(id)).planName()).isEqualTo("프로 A");
  }

  @Test
  void aQuoteThatChangedSinceThePreviewIsRefusedNotCharged() {
    Plan basic = fixture.monthly("베이직 J", 4_900);
    Plan pro = fixture.monthly("프로 J", 9_900);
    PageClient client = fixture.subscriber(PortalFixture.email());
    long id =
        PortalFixture.idFrom(PortalFixture.subscribe(client, basic, CardWindow.GOOD_CARD).url());
    client.open("/my/subscriptions/" + id + "/change-plan?planId=" + pro.id().value());
    PageClient.Page refused =
        client.submit(
            "/my/subscriptions/" + id + "/change-plan",
            Map.of("planId", String.valueOf(pro.id().value()), "expectedDueNow", "1234"));
    assertThat(refused.text(".alert")).isEqualTo("요금제 변경 금액이 바뀌었습니다. 새 금액을 확인한 뒤 다시 바꿔 주세요.");
    assertThat(refused.text("#due-now")).isEqualTo("5,000원");
    assertThat(subscriptions.payments(new SubscriptionId(id))).hasSize(1);
    assertThat(subscriptions.view(new SubscriptionId(id)).planName()).isEqualTo("베이직 J");
  }

  @Test
  void thePreviewIsAFragmentForHtmx() throws Exception {
    Plan basic = fixture.monthly("베이직 B", 4_900);
    Plan yearly = fixture.plan("연간 B", 49_000, BillingInterval.yearly(), 0);
    PageClient client = fixture.subscriber(PortalFixture.email());
    long id =
        PortalFixture.idFrom(PortalFixture.subscribe(client, basic, CardWindow.GOOD_CARD).url());

    PageClient.Page full =
        client.open("/my/subscriptions/" + id + "/change-plan?planId=" + yearly.id().value());
    assertThat(full.has("header")).isTrue();
    assertThat(full.text("#preview-text")).contains("지금 결제되는 금액은 없습니다");
    assertThat(full.text("#due-now")).isEqualTo("0원");

    PageClient.Page part =
        client.fragment("/my/subscriptions/" + id + "/change-plan?planId=" + yearly.id().value());
    assertThat(part.status()).isEqualTo(200);
    assertThat(part.body()).doesNotContain("<header").contains("id=\"preview\"");
    assertThat(part.text("#due-now")).isEqualTo("0원");
  }

  @Test
  void cancellingNowRefundsWhatTheCancelPageSaid() {
    Plan plan = fixture.monthly("해지 C", 7_000);
    PageClient client = fixture.subscriber(PortalFixture.email());
    long id =
        PortalFixture.idFrom(PortalFixture.subscribe(client, plan, CardWindow.GOOD_CARD).url());

    PageClient.Page cancel = client.open("/my/subscriptions/" + id + "/cancel");
    assertThat(cancel.text("#refund-text")).contains("7,000원");
    PageClient.Page done =
        client.submit("/my/subscriptions/" + id + "/cancel", Map.of("when", "now"));
    assertThat(done.text(".notice")).isEqualTo("구독을 해지하고 7,000원을 환불했습니다.");
    SubscriptionView view = subscriptions.view(new SubscriptionId(id));
    assertThat(view.status()).isEqualTo(SubscriptionStatus.CANCELED);
    assertThat(subscriptions.payments(new SubscriptionId(id)).getFirst().refundedAmount().value())
        .isEqualTo(7_000);
  }

  @Test
  void aCancelAtPeriodEndCanBeTakenBack() {
    Plan plan = fixture.monthly("해지 D", 3_000);
    PageClient client = fixture.subscriber(PortalFixture.email());
    long id =
        PortalFixture.idFrom(PortalFixture.subscribe(client, plan, CardWindow.GOOD_CARD).url());

    PageClient.Page scheduled =
        client.submit("/my/subscriptions/" + id + "/cancel", Map.of("when", "period_end"));
    assertThat(scheduled.text(".caution")).contains("해지될 예정");
    assertThat(subscriptions.view(new SubscriptionId(id)).cancelAtPeriodEnd()).isTrue();
    assertThat(scheduled.text("#next-charge")).isEqualTo("예정된 결제가 없습니다.");

    PageClient.Page kept = client.submit("/my/subscriptions/" + id + "/undo-cancel", Map.of());
    assertThat(kept.text(".notice")).contains("해지 예약을 취소했습니다");
    assertThat(subscriptions.view(new SubscriptionId(id)).cancelAtPeriodEnd()).isFalse();
  }

  @Test
  void pauseAndResumeWithinThePaidPeriod() {
    Plan plan = fixture.monthly("정지 E", 3_000);
    PageClient client = fixture.subscriber(PortalFixture.email());
    long id =
        PortalFixture.idFrom(PortalFixture.subscribe(client, plan, CardWindow.GOOD_CARD).url());

    client.submit("/my/subscriptions/" + id + "/pause", Map.of());
    assertThat(subscriptions.view(new SubscriptionId(id)).status())
        .isEqualTo(SubscriptionStatus.PAUSED);
    PageClient.Page resumed = client.submit("/my/subscriptions/" + id + "/resume", Map.of());
    assertThat(resumed.text(".notice")).isEqualTo("구독을 다시 시작했습니다.");
    assertThat(subscriptions.view(new SubscriptionId(id)).status())
        .isEqualTo(SubscriptionStatus.ACTIVE);
    assertThat(subscriptions.payments(new SubscriptionId(id))).hasSize(1);
  }

  @Test
  void aRefusedActionIsExplainedNotFailed() {
    Plan plan = fixture.monthly("거절 F", 3_000);
    PageClient client = fixture.subscriber(PortalFixture.email());
    long id =
        PortalFixture.idFrom(PortalFixture.subscribe(client, plan, CardWindow.GOOD_CARD).url());
    PageClient.Page refused = client.submit("/my/subscriptions/" + id + "/resume", Map.of());
    assertThat(refused.text(".alert")).isEqualTo("지금 상태에서는 할 수 없는 변경입니다.");
  }

  @Test
  void theReceiptShowsTossesVatSplitAndReceipt() {
    Plan plan = fixture.monthly("영수증 G", 11_000);
    PageClient client = fixture.subscriber(PortalFixture.email());
    long id =
        PortalFixture.idFrom(PortalFixture.subscribe(client, plan, CardWindow.GOOD_CARD).url());
    PaymentView paid = subscriptions.payments(new SubscriptionId(id)).getFirst();

    PageClient.Page list = client.open("/my/payments");
    assertThat(list.body()).contains("11,000원").contains("결제 완료");
    PageClient.Page receipt = client.open("/my/payments/" + paid.id());
    assertThat(receipt.text("#supplied")).isEqualTo("10,000원");
    assertThat(receipt.text("#vat")).isEqualTo("1,000원");
    assertThat(receipt.body()).contains(paid.orderId());
    assertThat(receipt.has("a[href^=http][target=_blank]")).isEqualTo(paid.receiptUrl() != null);
  }

  @Test
  void aNewCardFromMySubscriptionReplacesTheOld() {
    Plan plan = fixture.monthly("카드 H", 3_000);
    PageClient client = fixture.subscriber(PortalFixture.email());
    PortalFixture.subscribe(client, plan, CardWindow.GOOD_CARD);
    PageClient.Page card = client.open("/my/card");
    assertThat(card.one("[data-card-window]").attr("data-success-url"))
        .endsWith("/my/card/success");
    PageClient.Page after = CardWindow.register(client, card, "5105105105105100");
    assertThat(after.url()).endsWith("/my");
    assertThat(after.text(".notice")).isEqualTo("새 카드를 등록했습니다.");
    assertThat(after.body()).contains("5105");
  }

  @Test
  void englishPagesSpeakEnglish() throws Exception {
    Plan plan = fixture.monthly("English I", 3_000);
    PageClient client = fixture.subscriber(PortalFixture.email()).english();
    long id =
        PortalFixture.idFrom(PortalFixture.subscribe(client, plan, CardWindow.GOOD_CARD).url());
    PageClient.Page page = client.open("/my/subscriptions/" + id);
    assertThat(page.one("html").attr("lang")).isEqualTo("en");
    assertThat(page.text("h1")).isEqualTo("English I");
    assertThat(page.body()).contains("Cancel subscription").contains("₩3,000");

    // ?lang=ko switches and the cookie keeps it
    assertThat(client.open("/my/subscriptions/" + id + "?lang=ko").body()).contains("구독 해지");
    assertThat(client.open("/my").body()).contains("내 구독");
    // the API keeps speaking by Accept-Language alone
    HttpResponse<String> api =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(URI.create(client.base() + "/api/v1/nothing"))
                    .header("Accept-Language", "en")
                    .build(),
                HttpResponse.BodyHandlers.ofString());
    assertThat(api.body()).contains("An API key is required");
  }
}
