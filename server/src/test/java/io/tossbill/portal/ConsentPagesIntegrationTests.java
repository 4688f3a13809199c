package io.tossbill.portal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.tossbill.billing.SubscriptionId;
import io.tossbill.catalog.BillingInterval;
import io.tossbill.catalog.CatalogService;
import io.tossbill.catalog.Plan;
import io.tossbill.consent.ConsentHistoryEntry;
import io.tossbill.consent.ConsentRequest;
import io.tossbill.consent.ConsentRequestId;
import io.tossbill.consent.ConsentStatus;
import io.tossbill.consent.Consents;
import io.tossbill.testing.CardWindow;
import io.tossbill.testing.PageClient;
import io.tossbill.testing.PagesIntegrationTest;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

/** Consent to a trial turning paid, answered on the page: nothing pre-ticked, withdrawable. */
@PagesIntegrationTest
class ConsentPagesIntegrationTests {

  @LocalServerPort int port;
  @Autowired CatalogService catalog;
  @Autowired Consents consents;

  @Test
  void aTrialsConsentIsGivenOnlyByTickingAndCanBeWithdrawn() {
    PortalFixture fixture = new PortalFixture(catalog, port);
    Plan plan = fixture.plan("동의 체험", 12_000, BillingInterval.monthly(), 10);
    PageClient client = fixture.subscriber(PortalFixture.email());
    long id =
        PortalFixture.idFrom(PortalFixture.subscribe(client, plan, CardWindow.GOOD_CARD).url());
    await()
        .atMost(Duration.ofSeconds(15))
        .until(() -> !consents.ofSubscription(new SubscriptionId(id)).isEmpty());
    ConsentRequest request = consents.ofSubscription(new SubscriptionId(id)).getFirst();

    PageClient.Page my = client.open("/my/subscriptions/" + id);
    PageClient.Page page =
        client.open(my.one("a[href=/my/consents/" + request.id() + "]").attr("href"));
    assertThat(page.text("h1")).isEqualTo("유료 전환 동의 요청");
    assertThat(page.text("#price-before")).isEqualTo("무료 체험");
    assertThat(page.text("#price-after")).isEqualTo("12,000원");
    assertThat(page.text(".pre")).isEqualTo(request.shownText().replaceAll("\\s+", " "));
    assertThat(page.one("input[name=agree]").hasAttr("checked")).isFalse();

    PageClient.Page unticked =
        client.submit(
            "/my/consents/" + request.id() + "/accept", Map.of("textHash", request.textHash()));
    assertThat(unticked.text(".alert")).isEqualTo("동의하시려면 확인란에 체크해 주세요.");
    assertThat(status(request)).isNotEqualTo(ConsentStatus.ACCEPTED);

    PageClient.Page accepted =
        client.submit(
            "/my/consents/" + request.id() + "/accept",
            Map.of("textHash", request.textHash(), "agree", "yes"));
    assertThat(accepted.text(".notice")).contains("동의를 기록했습니다");
    assertThat(status(request)).isEqualTo(ConsentStatus.ACCEPTED);
    ConsentHistoryEntry step = consents.history(new ConsentRequestId(request.id())).getLast();
    assertThat(step.toString()).contains("WEB").contains("subscriber account");

    PageClient.Page withdrawn =
        client.submit("/my/consents/" + request.id() + "/withdraw", Map.of());
    assertThat(withdrawn.text(".notice")).isEqualTo("동의를 철회했습니다.");
    assertThat(status(request)).isEqualTo(ConsentStatus.WITHDRAWN);
  }

  private ConsentStatus status(ConsentRequest request) {
    return consents.request(new ConsentRequestId(request.id())).status();
  }
}
