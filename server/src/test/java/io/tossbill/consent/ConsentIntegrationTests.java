package io.tossbill.consent;

import static io.tossbill.billing.BillingTestSupport.assertRefused;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.tossbill.billing.SubscriptionCanceled;
import io.tossbill.billing.SubscriptionId;
import io.tossbill.billing.SubscriptionStatus;
import io.tossbill.billing.SubscriptionView;
import io.tossbill.billing.Subscriptions;
import io.tossbill.payment.PaymentStatus;
import io.tossbill.payment.PaymentView;
import io.tossbill.platform.Won;
import io.tossbill.testing.EventRecorder;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

/**
 * Consent as 전자상거래법 requires, through the API and each customer's test clock: a price increase or a
 * trial's first paid charge is charged only with consent given within 30 days before the change.
 */
@ConsentIntegrationTest
class ConsentIntegrationTests {

  @LocalServerPort int port;
  @Autowired ConfigurableApplicationContext context;
  @Autowired Subscriptions subscriptions;
  @Autowired JdbcClient jdbc;

  private ConsentFixture fixture;

  @BeforeEach
  void fixture() {
    fixture = new ConsentFixture(port, context);
  }

  @Test
  void priceIncreaseIsAskedWithinTheWindowWithExactTextAndChargedOnlyAfterConsent() {
    long plan = fixture.billing.plan("스탠다드", 10_000, "MONTH", 1, 0);
    SubscriptionId id = fixture.subscribed(plan, "2033-03-10T10:00:00+09:00");
    fixture.moveTo(id, "2033-03-20T10:00:00+09:00");

    try (EventRecorder events = EventRecorder.listenTo(context)) {
      fixture.changePrice(plan, 12_000);
      JsonNode request = fixture.awaitRequest(id, "REQUESTED");
      assertThat(request.get("kind").asString()).isEqualTo("PRICE_INCREASE");
      assertThat(request.get("priceBefore").asLong()).isEqualTo(10_000);
      assertThat(request.get("priceAfter").asLong()).isEqualTo(12_000);
      assertThat(request.get("changeDate").asString()).isEqualTo("2033-04-10");
      assertThat(Instant.parse(request.get("deadline").asString()))
          .isEqualTo(Instant.parse("2033-04-10T00:00:00Z"));
      assertThat(Instant.parse(request.get("windowOpensAt").asString()))
          .isEqualTo(Instant.parse("2033-03-11T00:00:00Z"));
      String card = fixture.paymentMethod(id);
      assertThat(card).contains("*");
      assertThat(request.get("paymentMethod").asString()).isEqualTo(card);
      assertThat(request.get("shownText").asString())
          .isEqualTo(
              """
          [구독 요금 인상 동의 요청]
          스탠다드 구독 요금이 2033-04-10부터 인상됩니다.
          - 변경일: 2033-04-10
          - 변경 전 요금: 10,000원 / 1개월
          - 변경 후 요금: 12,000원 / 1개월
          - 결제수단: %s
          동의하시면 2033-04-10 결제부터 12,000원이 청구됩니다.
          2033-04-10 09:00 전까지 동의하지 않으시면 인상된 요금은 청구되지 않으며, 구독은 2033-04-10에 종료됩니다.
          동의 철회: 2033-04-10 09:00 전까지 언제든지 구독 관리 화면의 [동의 철회]로 동의를 철회할 수 있으며, 철회하면 동의하지 않은 것으로 처리됩니다.
          구독 해지: 구독 관리 화면의 [구독 해지]에서 가입할 때와 같은 방법으로 언제든지 해지할 수 있습니다."""
                  .formatted(card));
      ConsentFixture.assertTextHash(request);
      await()
          .atMost(Duration.ofSeconds(10))
          .untilAsserted(
              () ->
                  assertThat(events.of(ConsentRequested.class))
                      .filteredOn(e -> e.subscriptionId().equals(id))
                      .singleElement()
                      .satisfies(
                          e -> {
                            assertThat(e.requestId().value()).isEqualTo(request.get("id").asLong());
                            assertThat(e.priceBefore()).isEqualTo(Won.of(10_000));
                            assertThat(e.priceAfter()).isEqualTo(Won.of(12_000));
                            assertThat(e.changeDate()).isEqualTo(LocalDate.parse("2033-04-10"));
                            assertThat(e.shownText())
                                .isEqualTo(request.get("shownText").asString());
                            assertThat(e.reminder()).isFalse();
                          }));
    }

    fixture.moveTo(id, "2033-03-25T15:30:00+09:00");
    JsonNode accepted = fixture.accept(fixture.requests(id).getFirst());
    assertThat(accepted.get("status").asString()).isEqualTo("ACCEPTED");
    assertThat(Instant.parse(accepted.get("acceptedAt").asString()))
        .isBetween(Instant.parse("2033-03-25T06:30:00Z"), Instant.parse("2033-03-25T06:31:00Z"));
    assertThat(fixture.consentHistory(id))
        .extracting(ConsentHistoryEntry::action)
        .containsExactly("SCHEDULED", "REQUESTED", "ACCEPTED");
    assertThat(fixture.consentHistory(id).getLast())
        .satisfies(
            step -> {
              assertThat(step.actor()).startsWith("api-key ");
              assertThat(step.channel()).isEqualTo("WEB");
              assertThat(step.ip()).isEqualTo("203.0.113.7");
              assertThat(step.shownText()).isEqualTo(accepted.get("shownText").asString());
              assertThat(step.textHash()).isEqualTo(accepted.get("textHash").asString());
            });
    assertThat(fixture.subscriptionHistory(id)).contains("PRICE_CHANGE_SCHEDULED");
    assertThat(fixture.consentActions(id)).contains("SCHEDULED", "REQUESTED", "ACCEPTED");

    fixture.moveTo(id, "2033-04-10T09:00:30+09:00");
    fixture.billing.runDuePass();
    SubscriptionView renewed = fixture.view(id);
    assertThat(renewed.status()).isEqualTo(SubscriptionStatus.ACTIVE);
    assertThat(renewed.price()).isEqualTo(Won.of(12_000));
    assertThat(renewed.currentPeriodStart()).isEqualTo(LocalDate.parse("2033-04-10"));
    assertThat(subscriptions.payments(id))
        .extracting(p -> p.amount().value())
        .containsExactly(10_000L, 12_000L);
    assertThat(fixture.requests(id).getFirst().get("status").asString()).isEqualTo("APPLIED");
    assertThat(fixture.subscriptionHistory(id)).contains("CONSENT_CONFIRMED");
  }

  @Test
  void withoutConsentTheSubscriptionEndsAtTheChangeDateAndTheNewPriceIsNeverCharged() {
    long plan = fixture.billing.plan("무응답", 10_000, "MONTH", 1, 0);
    SubscriptionId id = fixture.subscribed(plan, "2033-06-10T10:00:00+09:00");
    fixture.moveTo(id, "2033-06-15T10:00:00+09:00");
    fixture.changePrice(plan, 15_000);
    fixture.awaitRequest(id, "REQUESTED"); // the dialog is closed: "later" is no answer

    try (EventRecorder events = EventRecorder.listenTo(context)) {
      fixture.moveTo(id, "2033-07-10T09:00:30+09:00");
      fixture.billing.runDuePass();
      SubscriptionView ended = fixture.view(id);
      assertThat(ended.status()).isEqualTo(SubscriptionStatus.CANCELED);
      assertThat(ended.endedAt()).isEqualTo(Instant.parse("2033-07-10T00:00:00Z"));
      assertThat(ended.hasAccess()).isFalse();
      await()
          .atMost(Duration.ofSeconds(10))
          .untilAsserted(
              () ->
                  assertThat(events.of(SubscriptionCanceled.class))
                      .filteredOn(e -> e.subscriptionId().equals(id))
                      .singleElement()
                      .extracting(SubscriptionCanceled::reason)
                      .isEqualTo("CONSENT_MISSING"));
    }
    List<PaymentView> payments = subscriptions.payments(id);
    assertThat(payments).singleElement().extracting(p -> p.amount().value()).isEqualTo(10_000L);
    assertThat(fixture.billing.ledger(payments.stream().map(PaymentView::orderId).toList()))
        .hasSize(1);
    assertThat(fixture.requests(id).getFirst().get("status").asString()).isEqualTo("LAPSED");
    assertThat(fixture.consentHistory(id))
        .extracting(ConsentHistoryEntry::action)
        .endsWith("CHARGE_BLOCKED");

    fixture.moveTo(id, "2033-08-10T09:00:30+09:00");
    fixture.billing.runDuePass();
    assertThat(subscriptions.payments(id)).hasSize(1);
  }

  @Test
  void withdrawnConsentBlocksTheChargeAgain() {
    long plan = fixture.billing.plan("철회", 20_000, "MONTH", 1, 0);
    SubscriptionId id = fixture.subscribed(plan, "2033-09-01T10:00:00+09:00");
    fixture.moveTo(id, "2033-09-10T10:00:00+09:00");
    fixture.changePrice(plan, 25_000);
    JsonNode request = fixture.accept(fixture.awaitRequest(id, "REQUESTED"));
    String path = "/api/v1/consents/" + request.get("id").asLong();

    fixture.moveTo(id, "2033-09-20T10:00:00+09:00");
    JsonNode withdrawn = fixture.billing.ok("POST", path + "/withdraw", "{\"channel\":\"APP\"}");
    assertThat(withdrawn.get("status").asString()).isEqualTo("WITHDRAWN");
    assertRefused(
        fixture.billing.send("POST", path + "/withdraw", null), 409, "ILLEGAL_CONSENT_TRANSITION");
    assertThat(fixture.consentActions(id)).contains("ACCEPTED", "WITHDRAWN");

    fixture.moveTo(id, "2033-10-01T09:00:30+09:00");
    fixture.billing.runDuePass();
    assertThat(fixture.view(id).status()).isEqualTo(SubscriptionStatus.CANCELED);
    assertThat(subscriptions.payments(id))
        .extracting(p -> p.amount().value())
        .containsExactly(20_000L);
    assertRefused(
        fixture.billing.send(
            "POST",
            path + "/accept",
            "{\"textHash\":\"" + request.get("textHash").asString() + "\",\"channel\":\"WEB\"}"),
        409,
        "ILLEGAL_CONSENT_TRANSITION");
  }

  @Test
  void trialWithoutConsentEndsAndNothingIsCharged() {
    long plan = fixture.billing.plan("체험 무응답", 9_900, "MONTH", 1, 14);
    SubscriptionId id = fixture.subscribed(plan, "2033-02-01T10:00:00+09:00");
    assertThat(fixture.view(id).status()).isEqualTo(SubscriptionStatus.TRIALING);
    JsonNode request = fixture.awaitRequest(id, "REQUESTED");
    assertThat(request.get("kind").asString()).isEqualTo("TRIAL_CONVERSION");
    assertThat(request.get("priceBefore").asLong()).isZero();
    assertThat(request.get("priceAfter").asLong()).isEqualTo(9_900);
    assertThat(request.get("changeDate").asString()).isEqualTo("2033-02-15");
    assertThat(request.get("shownText").asString())
        .startsWith("[유료 전환 동의 요청]\n체험 무응답 무료 체험이 2033-02-15에 끝나고 유료 구독으로 전환됩니다.\n")
        .contains(
            "- 전환 전 요금: 0원 (무료 체험)\n- 전환 후 요금: 9,900원 / 1개월\n- 결제수단: " + fixture.paymentMethod(id))
        .contains("2033-02-15 09:00 전까지 동의하지 않으시면 결제되지 않으며, 무료 체험 종료와 함께 구독이 종료됩니다.")
        .contains("동의 철회: ");

    fixture.moveTo(id, "2033-02-15T09:00:30+09:00");
    fixture.billing.runDuePass();
    SubscriptionView ended = fixture.view(id);
    assertThat(ended.status()).isEqualTo(SubscriptionStatus.CANCELED);
    assertThat(subscriptions.payments(id)).isEmpty();
    assertThat(subscriptions.history(id))
        .anySatisfy(
            h -> {
              assertThat(h.kind()).isEqualTo("CANCELED");
              assertThat(h.detail()).isEqualTo("CONSENT_MISSING");
            });
  }

  @Test
  void trialWithConsentIsChargedAtItsEnd() {
    long plan = fixture.billing.plan("체험 동의", 9_900, "MONTH", 1, 7);
    SubscriptionId id = fixture.subscribed(plan, "2033-02-01T10:00:00+09:00");
    fixture.accept(fixture.awaitRequest(id, "REQUESTED"));

    fixture.moveTo(id, "2033-02-08T09:00:30+09:00");
    fixture.billing.runDuePass();
    SubscriptionView active = fixture.view(id);
    assertThat(active.status()).isEqualTo(SubscriptionStatus.ACTIVE);
    assertThat(active.currentPeriodStart()).isEqualTo(LocalDate.parse("2033-02-08"));
    assertThat(subscriptions.payments(id))
        .singleElement()
        .satisfies(
            p -> {
              assertThat(p.amount()).isEqualTo(Won.of(9_900));
              assertThat(p.status()).isEqualTo(PaymentStatus.APPROVED);
            });
    assertThat(fixture.subscriptionHistory(id)).contains("CONSENT_CONFIRMED", "TRIAL_CONVERTED");
  }

  @Test
  void aPlanSwitchDuringTheTrialAsksAgainForTheNewPrice() {
    long basic = fixture.billing.plan("체험 베이직", 9_900, "MONTH", 1, 7);
    long pro = fixture.billing.plan("체험 프로", 19_900, "MONTH", 1, 7);
    SubscriptionId id = fixture.subscribed(basic, "2033-08-01T10:00:00+09:00");
    fixture.accept(fixture.awaitRequest(id, "REQUESTED"));

    fixture.billing.ok(
        "POST", "/api/v1/subscriptions/" + id.value() + "/change-plan", "{\"planId\":" + pro + "}");
    JsonNode again = fixture.awaitRequest(id, r -> r.get("priceAfter").asLong() == 19_900);
    assertThat(again.get("status").asString()).isEqualTo("REQUESTED");
    assertThat(again.get("shownText").asString()).contains("- 전환 후 요금: 19,900원 / 1개월");
    assertThat(fixture.requests(id).getFirst().get("status").asString()).isEqualTo("SUPERSEDED");
    fixture.accept(again);

    fixture.moveTo(id, "2033-08-08T09:00:30+09:00");
    fixture.billing.runDuePass();
    assertThat(fixture.view(id).status()).isEqualTo(SubscriptionStatus.ACTIVE);
    assertThat(subscriptions.payments(id))
        .extracting(p -> p.amount().value())
        .containsExactly(19_900L);
  }

  @Test
  void consentBeforeTheWindowOpensIsRefusedAndWritesNothing() {
    long plan = fixture.billing.plan("연간", 120_000, "YEAR", 1, 0);
    SubscriptionId id = fixture.subscribed(plan, "2033-01-05T10:00:00+09:00");
    fixture.moveTo(id, "2033-01-06T10:00:00+09:00");
    try (EventRecorder events = EventRecorder.listenTo(context)) {
      fixture.changePrice(plan, 150_000);
      JsonNode request = fixture.awaitRequest(id, "SCHEDULED");
      assertThat(request.get("changeDate").asString()).isEqualTo("2034-01-05");
      assertThat(Instant.parse(request.get("windowOpensAt").asString()))
          .isEqualTo(Instant.parse("2033-12-06T00:00:00Z")); // 2034-01-05 09:00 Seoul − 30 days
      String path = "/api/v1/consents/" + request.get("id").asLong();
      String body =
          "{\"textHash\":\"" + request.get("textHash").asString() + "\",\"channel\":\"WEB\"}";
      long consentSteps = fixture.consentHistory(id).size();
      long subscriptionSteps = fixture.subscriptionHistory(id).size();

      assertRefused(
          fixture.billing.send("POST", path + "/accept", body), 409, "CONSENT_WINDOW_NOT_OPEN");
      assertRefused(
          fixture.billing.send(
              "POST", path + "/accept", "{\"textHash\":\"abc\",\"channel\":\"WEB\"}"),
          400,
          "INVALID_TEXT_HASH");
      assertRefused(
          fixture.billing.send(
              "POST",
              path + "/accept",
              "{\"textHash\":\""
                  + request.get("textHash").asString()
                  + "\",\"channel\":\"pigeon\"}"),
          400,
          "INVALID_CHANNEL");
      assertRefused(
          fixture.billing.send("POST", "/api/v1/consents/987654321/accept", body),
          404,
          "CONSENT_REQUEST_NOT_FOUND");
      assertRefused(
          fixture.billing.send(
              "POST",
              path + "/accept",
              "{\"textHash\":\""
                  + request.get("textHash").asString()
                  + "\",\"channel\":\"WEB\",\"ip\":\"not an ip\"}"),
          400,
          "INVALID_IP");
      assertThat(fixture.consentHistory(id)).hasSize((int) consentSteps);
      assertThat(fixture.subscriptionHistory(id)).hasSize((int) subscriptionSteps);
      assertThat(fixture.requests(id).getFirst().get("status").asString()).isEqualTo("SCHEDULED");
      assertThat(events.of(ConsentRequested.class))
          .filteredOn(e -> e.subscriptionId().equals(id))
          .isEmpty();

      // The window opens: the request is sent, and consent now counts.
      fixture.moveTo(id, "2033-12-06T09:00:30+09:00");
      fixture.sendDue();
      JsonNode sent = fixture.requests(id).getFirst();
      assertThat(sent.get("status").asString()).isEqualTo("REQUESTED");
      assertThat(events.of(ConsentRequested.class))
          .filteredOn(e -> e.subscriptionId().equals(id))
          .hasSize(1);
      assertRefused(
          fixture.billing.send(
              "POST",
              path + "/accept",
              "{\"textHash\":\"" + "0".repeat(64) + "\",\"channel\":\"WEB\"}"),
          409,
          "CONSENT_TEXT_MISMATCH");
      assertThat(fixture.accept(sent).get("status").asString()).isEqualTo("ACCEPTED");
    }
  }

  @Test
  void aSnoozeOfLessThanSevenDaysIsRefusedAndALongerOneSuppressesNewRequests() {
    long plan = fixture.billing.plan("다시 묻지 않기", 10_000, "MONTH", 1, 0);
    SubscriptionId id = fixture.subscribed(plan, "2033-05-01T10:00:00+09:00");
    fixture.moveTo(id, "2033-05-05T10:00:00+09:00");
    try (EventRecorder events = EventRecorder.listenTo(context)) {
      fixture.changePrice(plan, 12_000);
      JsonNode first = fixture.awaitRequest(id, "REQUESTED");
      String path = "/api/v1/consents/" + first.get("id").asLong();
      long steps = fixture.consentHistory(id).size();

      assertRefused(
          fixture.billing.send("POST", path + "/snooze", "{\"days\":6}"), 400, "INVALID_SNOOZE");
      assertRefused(fixture.billing.send("POST", path + "/snooze", "{}"), 400, "INVALID_SNOOZE");
      assertThat(fixture.consentHistory(id)).hasSize((int) steps);
      JsonNode snoozed =
          fixture.billing.ok("POST", path + "/snooze", "{\"days\":10,\"channel\":\"WEB\"}");
      assertThat(snoozed.get("status").asString()).isEqualTo("REQUESTED"); // not consent
      assertThat(Instant.parse(snoozed.get("snoozedUntil").asString()))
          .isAfter(Instant.parse("2033-05-15T00:59:00Z"));

      // A second increase replaces the request, but the subscriber is not asked within the 10 days.
      fixture.moveTo(id, "2033-05-06T10:00:00+09:00");
      fixture.changePrice(plan, 13_000);
      JsonNode second = fixture.awaitRequest(id, r -> r.get("priceAfter").asLong() == 13_000);
      assertThat(second.get("status").asString()).isEqualTo("SCHEDULED");
      assertThat(fixture.requests(id).getFirst().get("status").asString()).isEqualTo("SUPERSEDED");
      fixture.moveTo(id, "2033-05-14T10:00:00+09:00");
      fixture.sendDue();
      assertThat(events.of(ConsentRequested.class))
          .filteredOn(e -> e.subscriptionId().equals(id))
          .extracting(e -> e.priceAfter().value())
          .containsExactly(12_000L);
      assertThat(fixture.consentHistory(id))
          .extracting(ConsentHistoryEntry::action)
          .contains("SNOOZED", "REQUEST_SUPPRESSED");

      // After the snooze the request is sent.
      fixture.moveTo(id, "2033-05-15T10:00:30+09:00");
      fixture.sendDue();
      assertThat(events.of(ConsentRequested.class))
          .filteredOn(e -> e.subscriptionId().equals(id))
          .extracting(e -> e.priceAfter().value())
          .containsExactly(12_000L, 13_000L);
      assertThat(fixture.requests(id).getLast().get("status").asString()).isEqualTo("REQUESTED");
    }
    // The snooze was never consent: at the change date nothing is charged at the new price.
    fixture.moveTo(id, "2033-06-01T09:00:30+09:00");
    fixture.billing.runDuePass();
    assertThat(fixture.view(id).status()).isEqualTo(SubscriptionStatus.CANCELED);
    assertThat(subscriptions.payments(id)).hasSize(1);
  }

  @Test
  void anIncreaseAnnouncedAtTheRenewalIsDeferredAndAskedForWithAFullWindow() {
    long plan = fixture.billing.plan("직전 인상", 10_000, "MONTH", 1, 0);
    SubscriptionId id = fixture.subscribed(plan, "2034-01-10T10:00:00+09:00");
    // The renewal is due (its pass has not run yet) when the operator raises the price: no request
    // can be sent before the change date.
    fixture.moveTo(id, "2034-02-10T09:00:30+09:00");
    fixture.changePrice(plan, 12_000);
    await().atMost(Duration.ofSeconds(10)).until(() -> fixture.view(id).pendingChange() != null);

    fixture.billing.runDuePass();
    SubscriptionView renewed = fixture.view(id);
    assertThat(renewed.status()).isEqualTo(SubscriptionStatus.ACTIVE);
    assertThat(renewed.price()).isEqualTo(Won.of(10_000));
    assertThat(renewed.currentPeriodStart()).isEqualTo(LocalDate.parse("2034-02-10"));
    assertThat(renewed.pendingChange()).isNotNull();
    assertThat(renewed.pendingChange().price()).isEqualTo(Won.of(12_000));
    assertThat(renewed.pendingChange().effectiveOn()).isEqualTo(LocalDate.parse("2034-03-10"));
    assertThat(subscriptions.payments(id))
        .extracting(p -> p.amount().value())
        .containsExactly(10_000L, 10_000L);
    assertThat(fixture.subscriptionHistory(id)).contains("PRICE_CHANGE_DEFERRED");
    assertThat(fixture.consentHistory(id))
        .extracting(ConsentHistoryEntry::action)
        .contains("DEFERRED")
        .doesNotContain("CHARGE_BLOCKED");

    // A request for the new change date, sent at once with (nearly) the whole window.
    JsonNode request =
        fixture.awaitRequest(
            id,
            r ->
                r.get("status").asString().equals("REQUESTED")
                    && r.get("changeDate").asString().equals("2034-03-10"));
    assertThat(request.get("priceBefore").asLong()).isEqualTo(10_000);
    assertThat(request.get("priceAfter").asLong()).isEqualTo(12_000);

    fixture.moveTo(id, "2034-02-20T10:00:00+09:00");
    fixture.accept(request);
    fixture.moveTo(id, "2034-03-10T09:00:30+09:00");
    fixture.billing.runDuePass();
    assertThat(fixture.view(id).price()).isEqualTo(Won.of(12_000));
    assertThat(subscriptions.payments(id))
        .extracting(p -> p.amount().value())
        .containsExactly(10_000L, 10_000L, 12_000L);
  }

  @Test
  void aLowerNewPriceKeepsAConsentThatCoversIt() {
    long plan = fixture.billing.plan("인상 후 인하", 10_000, "MONTH", 1, 0);
    SubscriptionId id = fixture.subscribed(plan, "2034-04-10T10:00:00+09:00");
    fixture.moveTo(id, "2034-04-20T10:00:00+09:00");
    fixture.changePrice(plan, 15_000);
    JsonNode accepted = fixture.accept(fixture.awaitRequest(id, "REQUESTED"));

    fixture.changePrice(plan, 12_000); // still an increase, below what was agreed to
    await()
        .atMost(Duration.ofSeconds(10))
        .until(
            () ->
                fixture.consentHistory(id).stream()
                    .anyMatch(step -> step.action().equals("CHANGE_COVERED")));
    assertThat(fixture.requests(id))
        .singleElement()
        .satisfies(
            r -> {
              assertThat(r.get("id").asLong()).isEqualTo(accepted.get("id").asLong());
              assertThat(r.get("status").asString()).isEqualTo("ACCEPTED");
            });
    assertThat(fixture.consentActions(id)).contains("CHANGE_COVERED");

    fixture.moveTo(id, "2034-05-10T09:00:30+09:00");
    fixture.billing.runDuePass();
    assertThat(fixture.view(id).status()).isEqualTo(SubscriptionStatus.ACTIVE);
    assertThat(subscriptions.payments(id))
        .extracting(p -> p.amount().value())
        .containsExactly(10_000L, 12_000L);
    assertThat(fixture.requests(id).getFirst().get("status").asString()).isEqualTo("APPLIED");
  }

  @Test
  void aNewCardRefreshesTheOpenRequestsTextAndTheOldTextIsRefused() {
    long plan = fixture.billing.plan("카드 변경", 10_000, "MONTH", 1, 0);
    SubscriptionId id = fixture.subscribed(plan, "2034-06-10T10:00:00+09:00");
    fixture.moveTo(id, "2034-06-20T10:00:00+09:00");
    fixture.changePrice(plan, 12_000);
    JsonNode old = fixture.awaitRequest(id, "REQUESTED");
    String cardA = fixture.paymentMethod(id);
    assertThat(old.get("shownText").asString()).contains("- 결제수단: " + cardA);

    fixture.billing.registerCard(fixture.customer(id), "5555444433332222");
    String cardB = fixture.paymentMethod(id);
    assertThat(cardB).isNotEqualTo(cardA);
    JsonNode refreshed =
        fixture.awaitRequest(
            id, r -> !r.get("textHash").asString().equals(old.get("textHash").asString()));
    assertThat(refreshed.get("status").asString()).isEqualTo("REQUESTED");
    assertThat(refreshed.get("paymentMethod").asString()).isEqualTo(cardB);
    assertThat(refreshed.get("shownText").asString())
        .isEqualTo(old.get("shownText").asString().replace(cardA, cardB));
    ConsentFixture.assertTextHash(refreshed);
    assertThat(fixture.consentHistory(id))
        .extracting(ConsentHistoryEntry::action)
        .contains("TEXT_REFRESHED");
    assertThat(fixture.consentActions(id)).contains("TEXT_REFRESHED");

    long steps = fixture.consentHistory(id).size();
    assertRefused(
        fixture.billing.send(
            "POST",
            "/api/v1/consents/" + old.get("id").asLong() + "/accept",
            "{\"textHash\":\"" + old.get("textHash").asString() + "\",\"channel\":\"WEB\"}"),
        409,
        "CONSENT_TEXT_MISMATCH");
    assertThat(fixture.consentHistory(id)).hasSize((int) steps);
    assertThat(fixture.accept(refreshed).get("status").asString()).isEqualTo("ACCEPTED");
  }

  @Test
  void aReminderShowsTheCurrentTextAndTheOldTextIsRefused() {
    long plan = fixture.billing.plan("알림 문구", 10_000, "MONTH", 1, 0);
    SubscriptionId id = fixture.subscribed(plan, "2034-08-10T10:00:00+09:00");
    fixture.moveTo(id, "2034-08-20T10:00:00+09:00");
    fixture.changePrice(plan, 12_000);
    JsonNode request = fixture.awaitRequest(id, "REQUESTED");
    // The text sent first is out of date (as when the card changed and nothing refreshed it).
    String stale = request.get("shownText").asString().replace(fixture.paymentMethod(id), "옛 카드");
    jdbc.sql("UPDATE consent_request SET shown_text = :text, text_hash = :hash WHERE id = :id")
        .param("text", stale)
        .param("hash", ConsentTexts.hash(stale))
        .param("id", request.get("id").asLong())
        .update();

    try (EventRecorder events = EventRecorder.listenTo(context)) {
      fixture.moveTo(id, "2034-09-03T09:00:30+09:00"); // 7 days before the deadline
      fixture.sendDue(); // (or the sending loop, woken by the clock)
      await()
          .atMost(Duration.ofSeconds(10))
          .untilAsserted(
              () ->
                  assertThat(events.of(ConsentRequested.class))
                      .filteredOn(e -> e.subscriptionId().equals(id) && e.reminder())
                      .singleElement()
                      .satisfies(
                          e -> {
                            assertThat(e.shownText())
                                .isEqualTo(request.get("shownText").asString());
                            assertThat(e.textHash()).isEqualTo(request.get("textHash").asString());
                          }));
    }
    await()
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(
            () ->
                assertThat(fixture.consentHistory(id).getLast())
                    .satisfies(
                        step -> {
                          assertThat(step.action()).isEqualTo("REMINDED");
                          assertThat(step.shownText())
                              .isEqualTo(request.get("shownText").asString());
                        }));
    assertRefused(
        fixture.billing.send(
            "POST",
            "/api/v1/consents/" + request.get("id").asLong() + "/accept",
            "{\"textHash\":\"" + ConsentTexts.hash(stale) + "\",\"channel\":\"WEB\"}"),
        409,
        "CONSENT_TEXT_MISMATCH");
    assertThat(fixture.accept(request).get("status").asString()).isEqualTo("ACCEPTED");
  }

  @Test
  void aPriceDecreaseNeedsNoConsent() {
    long plan = fixture.billing.plan("인하", 10_000, "MONTH", 1, 0);
    SubscriptionId id = fixture.subscribed(plan, "2033-11-03T10:00:00+09:00");
    fixture.moveTo(id, "2033-11-10T10:00:00+09:00");
    fixture.changePrice(plan, 8_000);
    await()
        .atMost(Duration.ofSeconds(10))
        .until(
            () ->
                fixture.consentHistory(id).stream()
                    .anyMatch(step -> step.action().equals("NOT_REQUIRED")));
    assertThat(fixture.requests(id)).isEmpty();

    fixture.moveTo(id, "2033-12-03T09:00:30+09:00");
    fixture.billing.runDuePass();
    assertThat(fixture.view(id).status()).isEqualTo(SubscriptionStatus.ACTIVE);
    assertThat(subscriptions.payments(id))
        .extracting(p -> p.amount().value())
        .containsExactly(10_000L, 8_000L);
  }
}
