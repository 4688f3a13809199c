package io.tossbill.consent;

import static org.assertj.core.api.Assertions.assertThat;

import io.tossbill.billing.SubscriptionId;
import io.tossbill.billing.SubscriptionStatus;
import io.tossbill.billing.SubscriptionView;
import io.tossbill.billing.Subscriptions;
import io.tossbill.platform.Won;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.test.context.TestPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * Where the operator allows it, a price increase without consent is dropped instead of ending the
 * subscription.
 */
@ConsentIntegrationTest
@TestPropertySource(properties = "tossbill.consent.on-missing=KEEP_OLD_PRICE")
class ConsentKeepOldPriceIntegrationTests {

  @LocalServerPort int port;
  @Autowired ConfigurableApplicationContext context;
  @Autowired Subscriptions subscriptions;

  @Test
  void withoutConsentTheSubscriptionRenewsAtTheOldPrice() {
    ConsentFixture fixture = new ConsentFixture(port, context);
    long plan = fixture.billing.plan("유지", 10_000, "MONTH", 1, 0);
    SubscriptionId id = fixture.subscribed(plan, "2033-04-02T10:00:00+09:00");
    fixture.moveTo(id, "2033-04-10T10:00:00+09:00");
    fixture.changePrice(plan, 13_000);
    JsonNode request = fixture.awaitRequest(id, "REQUESTED");
    assertThat(request.get("shownText").asString())
        .contains(
            "2033-05-02 09:00 전까지 동의하지 않으시면 인상된 요금은 청구되지 않으며, 기존 요금(10,000원)으로 계속 이용하실 수 있습니다.");

    fixture.moveTo(id, "2033-05-02T09:00:30+09:00");
    fixture.billing.runDuePass();
    SubscriptionView renewed = fixture.view(id);
    assertThat(renewed.status()).isEqualTo(SubscriptionStatus.ACTIVE);
    assertThat(renewed.price()).isEqualTo(Won.of(10_000));
    assertThat(renewed.pendingChange()).isNull();
    assertThat(subscriptions.payments(id))
        .extracting(p -> p.amount().value())
        .containsExactly(10_000L, 10_000L);
    assertThat(fixture.subscriptionHistory(id)).contains("PRICE_CHANGE_NOT_APPLIED");
    assertThat(fixture.requests(id).getFirst().get("status").asString()).isEqualTo("LAPSED");
  }
}
