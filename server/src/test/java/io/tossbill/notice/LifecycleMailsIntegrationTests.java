package io.tossbill.notice;

import static io.tossbill.notice.NoticeFixture.WAIT;
import static io.tossbill.notice.NoticeFixture.awaitMail;
import static io.tossbill.notice.NoticeFixture.mails;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.tossbill.account.Accounts;
import io.tossbill.billing.SubscriptionId;
import io.tossbill.billing.SubscriptionStatus;
import io.tossbill.billing.SubscriptionView;
import io.tossbill.billing.Subscriptions;
import io.tossbill.catalog.BillingInterval;
import io.tossbill.catalog.CatalogService;
import io.tossbill.catalog.Plan;
import io.tossbill.consent.ConsentPasses;
import io.tossbill.consent.ConsentRequest;
import io.tossbill.consent.Consents;
import io.tossbill.customer.CardSummary;
import io.tossbill.customer.Cards;
import io.tossbill.customer.Customers;
import io.tossbill.payment.PaymentView;
import io.tossbill.platform.Won;
import io.tossbill.testclock.TestClock;
import io.tossbill.testing.PageClient;
import io.tossbill.testing.PagesIntegrationTest;
import io.tossbill.web.PublicUrls;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.json.JsonMapper;

/**
 * Every lifecycle mail, delivered to a real SMTP server in Korean and in English (the customer's
 * language), with its amounts to the won, its dates in Asia/Seoul and its link: the page itself for
 * an account holder, a signed portal link that opens that page for a customer made through the API.
 * Time is each customer's own test clock.
 */
@PagesIntegrationTest
class LifecycleMailsIntegrationTests {

  private static final java.time.format.DateTimeFormatter SEOUL_MINUTE =
      java.time.format.DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm")
          .withZone(java.time.ZoneId.of("Asia/Seoul"));

  private static final Pattern SIGNED =
      Pattern.compile("http://127\\.0\\.0\\.1:\\d+/portal/s/\\S+");

  @LocalServerPort int port;
  @Autowired CatalogService catalog;
  @Autowired Customers customers;
  @Autowired Accounts accounts;
  @Autowired Cards cards;
  @Autowired TestClock clock;
  @Autowired JdbcClient jdbc;
  @Autowired Subscriptions subscriptions;
  @Autowired Consents consents;
  @Autowired UpcomingRenewalNotices upcoming;
  @Autowired PublicUrls urls;
  @Autowired ApplicationContext context;

  private NoticeFixture fixture;

  @BeforeEach
  void fixture() {
    fixture = new NoticeFixture(port, catalog, customers, accounts, cards, clock, jdbc);
  }

  /** What the two languages write, so one test reads both. */
  record Lang(
      Locale locale,
      String subscribed,
      String receipt,
      String upcoming,
      String cancelScheduled,
      String canceled,
      String expired,
      String refund,
      String paymentFailed,
      String cardUnusable,
      String trialConsent,
      String priceConsent,
      String reminder,
      String kst,
      String monthly,
      String periodDash) {

    String won(long amount) {
      String n = String.format(Locale.KOREA, "%,d", amount);
      return locale == Locale.KOREAN ? n + "원" : "₩" + n;
    }

    String date(int year, int month, int day) {
      return locale == Locale.KOREAN
          ? year + "년 " + month + "월 " + day + "일"
          : java.time.Month.of(month)
                  .getDisplayName(java.time.format.TextStyle.FULL, Locale.ENGLISH)
              + " "
              + day
              + ", "
              + year;
    }

    String time(String seoul) {
      return seoul + " " + kst;
    }
  }

  static final Lang KO =
      new Lang(
          Locale.KOREAN,
          "%s 구독이 시작되었습니다",
          "%s 결제 영수증",
          "%s 구독 갱신 안내",
          "%s 구독 해지가 예약되었습니다",
          "%s 구독이 해지되었습니다",
          "%s 구독이 종료되었습니다",
          "%s 환불 안내",
          "%s 결제에 실패했습니다",
          "등록하신 카드로 더 이상 결제할 수 없습니다",
          "%s 유료 전환 동의 요청",
          "%s 요금 인상 동의 요청",
          "[다시 알림] ",
          "(한국 시간)",
          "매월",
          " ~ ");

  static final Lang EN =
      new Lang(
          Locale.ENGLISH,
          "Your %s subscription has started",
          "Receipt for %s",
          "Your %s subscription renews soon",
          "Your %s subscription will end",
          "Your %s subscription was canceled",
          "Your %s subscription has ended",
          "Refund for %s",
          "Payment for %s failed",
          "Your card can no longer be charged",
          "Do you want %s to continue after your free trial?",
          "Do you agree to the new price of %s?",
          "[Reminder] ",
          "(Korea time)",
          "monthly",
          " – ");

  /** Korean for an account holder and English for an API customer, and the other way round. */
  static Stream<Arguments> accountKoreanApiEnglish() {
    return Stream.of(Arguments.of(KO, true), Arguments.of(EN, false));
  }

  static Stream<Arguments> apiKoreanAccountEnglish() {
    return Stream.of(Arguments.of(KO, false), Arguments.of(EN, true));
  }

  @ParameterizedTest
  @MethodSource("accountKoreanApiEnglish")
  void aSubscriptionsLifeIsMailedInTheCustomersLanguage(Lang lang, boolean account) {
    Plan plan = fixture.plan("Basic-" + tag(), 9_900, BillingInterval.monthly(), 0);
    NoticeFixture.Subscriber s =
        fixture.subscriber(
            lang.locale(), account, "2034-03-10T10:00+09:00", NoticeFixture.GOOD_CARD);
    String billingKey = cards.chargeableCard(s.id()).orElseThrow().billingKey();
    CardSummary card = cards.currentCard(s.id()).orElseThrow();
    SubscriptionView sub = subscriptions.subscribe(s.id(), plan.id());
    assertThat(sub.status()).isEqualTo(SubscriptionStatus.ACTIVE);

    var subscribed = awaitMail(s.email(), lang.subscribed().formatted(plan.name()));
    assertThat(subscribed.text())
        .contains(plan.name())
        .contains(lang.won(9_900) + " / " + lang.monthly())
        .contains(lang.date(2034, 3, 10) + lang.periodDash() + lang.date(2034, 4, 10))
        .contains("2034-04-10 09:00")
        .contains(card.maskedNumber());
    assertLinksTo(subscribed, s, "/my/subscriptions/" + sub.id());

    PaymentView first = subscriptions.payments(new SubscriptionId(sub.id())).getFirst();
    var receipt = awaitMail(s.email(), lang.receipt().formatted(plan.name()));
    // Toss's VAT: round(9,900 / 11) = 900, supply value 9,000
    assertThat(receipt.text())
        .contains(lang.won(9_900))
        .contains(lang.won(9_000))
        .contains(lang.won(900))
        .contains(lang.date(2034, 3, 10) + lang.periodDash() + lang.date(2034, 4, 10))
        .contains(lang.time(SEOUL_MINUTE.format(first.approvedAt())))
        .contains(card.issuerName() + " " + card.maskedNumber())
        .contains(first.orderId());
    assertThat(receipt.html()).contains(lang.won(9_900)).contains(card.maskedNumber());
    assertLinksTo(receipt, s, "/my/payments/" + first.id());

    // 8 days before the renewal nothing; 6 days before, one notice however often the job runs
    fixture.moveTo(s.id(), "2034-04-02T12:00+09:00");
    upcoming.runPass();
    fixture.moveTo(s.id(), "2034-04-04T10:00+09:00");
    upcoming.runPass();
    upcoming.runPass();
    var renews = awaitMail(s.email(), lang.upcoming().formatted(plan.name()));
    assertThat(renews.text())
        .contains(lang.date(2034, 4, 10))
        .contains(lang.won(9_900))
        .contains(lang.time("2034-04-10 09:00"))
        .contains(card.maskedNumber());
    assertLinksTo(renews, s, "/my/subscriptions/" + sub.id());

    // the renewal: a second receipt; the next period gets its own notice, once
    fixture.moveTo(s.id(), "2034-04-10T09:30+09:00");
    await().atMost(WAIT).until(() -> count(s, lang.receipt().formatted(plan.name())) == 2);
    fixture.moveTo(s.id(), "2034-05-04T10:00+09:00");
    upcoming.runPass();
    upcoming.runPass();
    await().atMost(WAIT).until(() -> count(s, lang.upcoming().formatted(plan.name())) == 2);
    assertThat(mails(s.email()))
        .filteredOn(m -> m.subject().equals(lang.upcoming().formatted(plan.name())))
        .extracting(NoticeFixture.Mail::text)
        .anySatisfy(t -> assertThat(t).contains(lang.time("2034-05-10 09:00")));

    subscriptions.cancel(new SubscriptionId(sub.id()), true, Subscriptions.RefundMode.NONE);
    var scheduled = awaitMail(s.email(), lang.cancelScheduled().formatted(plan.name()));
    assertThat(scheduled.text())
        .contains(lang.date(2034, 5, 10))
        .contains(lang.time("2034-05-10 09:00"));
    assertLinksTo(scheduled, s, "/my/subscriptions/" + sub.id());

    // cancel now with the unused days back: 6 of 30 days of 9,900 won = 1,980 won
    subscriptions.cancel(new SubscriptionId(sub.id()), false, Subscriptions.RefundMode.PRORATED);
    var canceled = awaitMail(s.email(), lang.canceled().formatted(plan.name()));
    assertThat(canceled.text())
        .contains(lang.date(2034, 5, 4))
        .contains(lang.locale() == Locale.KOREAN ? "해지 요청에 따라" : "as requested");
    PaymentView second =
        subscriptions.payments(new SubscriptionId(sub.id())).stream()
            .filter(p -> p.periodNo() == 2)
            .findFirst()
            .orElseThrow();
    var refund = awaitMail(s.email(), lang.refund().formatted(plan.name()));
    assertThat(refund.text())
        .contains(lang.won(1_980))
        .contains(lang.won(9_900))
        .contains(lang.date(2034, 4, 10) + lang.periodDash() + lang.date(2034, 5, 10))
        .contains(second.orderId())
        .contains(card.maskedNumber());
    assertLinksTo(refund, s, "/my/payments/" + second.id());

    assertThat(mails(s.email()))
        .allSatisfy(
            m ->
                assertThat(m.all())
                    .doesNotContain(NoticeFixture.GOOD_CARD)
                    .doesNotContain(billingKey)
                    .doesNotContain(customers.require(s.id()).customerKey()));
  }

  @ParameterizedTest
  @MethodSource("apiKoreanAccountEnglish")
  void declinesAreMailedWithTheNextRetryOrTheNeedForANewCardAndTheEnd(Lang lang, boolean account) {
    Plan plan = fixture.plan("Dun-" + tag(), 15_000, BillingInterval.monthly(), 0);
    NoticeFixture.Subscriber s =
        fixture.subscriber(
            lang.locale(), account, "2034-06-10T10:00+09:00", NoticeFixture.GOOD_CARD);
    SubscriptionView sub = subscriptions.subscribe(s.id(), plan.id());
    awaitMail(s.email(), lang.receipt().formatted(plan.name()));

    // the renewal declined softly: retried the next day at the charge time
    fixture.registerCard(s.id(), NoticeFixture.SOFT_DECLINE_CARD);
    CardSummary soft = cards.currentCard(s.id()).orElseThrow();
    fixture.moveTo(s.id(), "2034-07-10T09:30+09:00");
    String failed = lang.paymentFailed().formatted(plan.name());
    var retry = awaitMail(s.email(), failed);
    assertThat(retry.text())
        .contains(lang.won(15_000))
        .contains(soft.maskedNumber())
        .contains("REJECT_CARD_PAYMENT")
        .contains("2034-07-11 09:00");
    assertLinksTo(retry, s, "/my/card");

    // a new card that declines hard: charged at once, then only a new card continues
    fixture.registerCard(s.id(), NoticeFixture.HARD_DECLINE_CARD);
    await().atMost(WAIT).until(() -> count(s, failed) == 2);
    String newCard =
        lang.locale() == Locale.KOREAN
            ? "이 카드로는 다시 결제할 수 없습니다"
            : "This card cannot be charged again";
    assertThat(mails(s.email()))
        .filteredOn(m -> m.subject().equals(failed))
        .extracting(NoticeFixture.Mail::text)
        .filteredOn(t -> t.contains(newCard))
        .singleElement()
        .satisfies(t -> assertThat(t).contains("INVALID_STOPPED_CARD").doesNotContain("2034-07-1"));

    // no card by the last retry day: canceled, and told why
    fixture.moveTo(s.id(), "2034-07-18T10:00+09:00");
    var canceled = awaitMail(s.email(), lang.canceled().formatted(plan.name()));
    assertThat(canceled.text())
        .contains(lang.date(2034, 7, 18))
        .contains(
            lang.locale() == Locale.KOREAN
                ? "결제할 수 있는 새 카드가 등록되지 않았습니다"
                : "No new card to pay with was registered in time");
    assertThat(subscriptions.view(new SubscriptionId(sub.id())).status())
        .isEqualTo(SubscriptionStatus.CANCELED);

    // a first charge declined: incomplete, then ended unpaid a day later
    Plan other = fixture.plan("Inc-" + tag(), 7_700, BillingInterval.monthly(), 0);
    SubscriptionView incomplete = subscriptions.subscribe(s.id(), other.id());
    assertThat(incomplete.status()).isEqualTo(SubscriptionStatus.INCOMPLETE);
    var start = awaitMail(s.email(), lang.paymentFailed().formatted(other.name()));
    assertThat(start.text())
        .contains(lang.won(7_700))
        .contains(
            lang.locale() == Locale.KOREAN
                ? "구독을 시작하시려면 새 카드를 등록해 주세요"
                : "Register a new card to start your subscription");
    fixture.moveTo(s.id(), "2034-07-19T11:00+09:00");
    var expired = awaitMail(s.email(), lang.expired().formatted(other.name()));
    assertThat(expired.text()).contains(lang.date(2034, 7, 19));
    assertLinksTo(expired, s, "/my/subscriptions/" + incomplete.id());
  }

  @ParameterizedTest
  @MethodSource("apiKoreanAccountEnglish")
  void consentRequestsAreMailedOnceEachWithTheLinkToAnswer(Lang lang, boolean account) {
    Plan trial = fixture.plan("Trial-" + tag(), 12_000, BillingInterval.monthly(), 14);
    NoticeFixture.Subscriber s =
        fixture.subscriber(
            lang.locale(), account, "2034-09-01T10:00+09:00", NoticeFixture.GOOD_CARD);
    CardSummary card = cards.currentCard(s.id()).orElseThrow();
    SubscriptionView sub = subscriptions.subscribe(s.id(), trial.id());
    assertThat(sub.status()).isEqualTo(SubscriptionStatus.TRIALING);

    var welcome = awaitMail(s.email(), lang.subscribed().formatted(trial.name()));
    assertThat(welcome.text())
        .contains(lang.date(2034, 9, 15))
        .contains("2034-09-15 09:00")
        .contains(lang.won(12_000));

    var asked = awaitMail(s.email(), lang.trialConsent().formatted(trial.name()));
    ConsentRequest request = consents.ofSubscription(new SubscriptionId(sub.id())).getFirst();
    assertThat(asked.text())
        .contains(lang.date(2034, 9, 15))
        .contains(lang.won(12_000) + " / " + lang.monthly())
        .contains(card.maskedNumber())
        .contains(lang.time("2034-09-15 09:00"))
        .contains(request.shownText());
    assertLinksTo(asked, s, "/my/consents/" + request.id());

    // unanswered a week before the deadline: the reminder, once
    fixture.moveTo(s.id(), "2034-09-08T10:00+09:00");
    ConsentPasses.sendDue(context);
    var reminded =
        awaitMail(s.email(), lang.reminder() + lang.trialConsent().formatted(trial.name()));
    assertThat(reminded.text()).contains(lang.time("2034-09-15 09:00"));

    // the operator raises another plan's price for its subscribers: asked before the change
    Plan basic = fixture.plan("Raise-" + tag(), 10_000, BillingInterval.monthly(), 0);
    SubscriptionView paid = subscriptions.subscribe(s.id(), basic.id());
    catalog.changePrice(basic.id(), Won.of(13_000), true);
    var raise = awaitMail(s.email(), lang.priceConsent().formatted(basic.name()));
    ConsentRequest increase = consents.ofSubscription(new SubscriptionId(paid.id())).getFirst();
    assertThat(raise.text())
        .contains(lang.won(10_000) + " / " + lang.monthly())
        .contains(lang.won(13_000) + " / " + lang.monthly())
        .contains(lang.date(2034, 10, 8))
        .contains(lang.time("2034-10-08 09:00"));
    assertLinksTo(raise, s, "/my/consents/" + increase.id());

    // one mail per send: the request and its reminder, never a second of either
    fixture.moveTo(s.id(), "2034-09-08T12:00+09:00");
    ConsentPasses.sendDue(context);
    await()
        .atMost(WAIT)
        .until(
            () ->
                jdbc.sql(
                            "select count(*) from event_publication where completion_date is null"
                                + " and event_type like '%ConsentRequested'")
                        .query(Long.class)
                        .single()
                    == 0);
    assertThat(mails(s.email()))
        .extracting(NoticeFixture.Mail::subject)
        .filteredOn(subject -> subject.contains(trial.name()) || subject.contains(basic.name()))
        .containsExactlyInAnyOrder(
            lang.subscribed().formatted(trial.name()),
            lang.trialConsent().formatted(trial.name()),
            lang.reminder() + lang.trialConsent().formatted(trial.name()),
            lang.subscribed().formatted(basic.name()),
            lang.receipt().formatted(basic.name()),
            lang.priceConsent().formatted(basic.name()));
  }

  @ParameterizedTest
  @MethodSource("accountKoreanApiEnglish")
  void aCardDeletedAtTossIsMailedOnceWithTheSubscriptionsItPaid(Lang lang, boolean account)
      throws Exception {
    Plan plan = fixture.plan("Card-" + tag(), 5_500, BillingInterval.monthly(), 0);
    NoticeFixture.Subscriber s =
        fixture.subscriber(
            lang.locale(), account, "2034-11-01T10:00+09:00", NoticeFixture.GOOD_CARD);
    subscriptions.subscribe(s.id(), plan.id());
    CardSummary card = cards.currentCard(s.id()).orElseThrow();
    String billingKey = cards.chargeableCard(s.id()).orElseThrow().billingKey();

    // Toss sends it twice (two transmissions): one mail
    deliverBillingDeleted(billingKey);
    deliverBillingDeleted(billingKey);
    var mail = awaitMail(s.email(), lang.cardUnusable());
    assertThat(mail.text()).contains(card.maskedNumber()).contains(plan.name());
    assertThat(mail.all()).doesNotContain(billingKey);
    assertLinksTo(mail, s, "/my/card");
    await()
        .atMost(WAIT)
        .until(
            () ->
                jdbc.sql(
                            "select count(*) from event_publication where completion_date is null"
                                + " and event_type like '%CardBecameUnusable'")
                        .query(Long.class)
                        .single()
                    == 0);
    assertThat(count(s, lang.cardUnusable())).isEqualTo(1);
  }

  /**
   * An account holder's mail links to the page (they log in); an API customer's to a signed portal
   * link that signs a browser in and lands on that page.
   */
  private void assertLinksTo(NoticeFixture.Mail mail, NoticeFixture.Subscriber s, String path) {
    if (s.account()) {
      assertThat(mail.text()).contains(urls.of(path));
      assertThat(mail.html()).contains("href=\"" + urls.of(path) + "\"");
      assertThat(mail.text()).doesNotContain("/portal/s/");
      return;
    }
    Matcher link = SIGNED.matcher(mail.text());
    assertThat(link.find()).as(mail.text()).isTrue();
    assertThat(mail.html()).contains("href=\"" + link.group() + "\"");
    PageClient browser = new PageClient(port);
    PageClient.Page landed = browser.open(link.group());
    assertThat(landed.status()).as(landed.body()).isEqualTo(200);
    assertThat(URI.create(landed.url()).getPath()).isEqualTo(path);
    // a signed link is a secret: blanked in the outbox once the mail left
    assertThat(
            jdbc.sql(
                    "select bool_and(text_body = '' and html_body = '') from mail_message"
                        + " where to_address = :to and subject = :subject and status = 'SENT'")
                .param("to", s.email())
                .param("subject", mail.subject())
                .query(Boolean.class)
                .single())
        .isTrue();
  }

  private long count(NoticeFixture.Subscriber s, String subject) {
    return mails(s.email()).stream().filter(m -> m.subject().equals(subject)).count();
  }

  private void deliverBillingDeleted(String billingKey) throws Exception {
    String body =
        JsonMapper.builder()
            .build()
            .writeValueAsString(
                Map.of(
                    "eventType",
                    "BILLING_DELETED",
                    "createdAt",
                    "2034-11-02T12:19:20.123456",
                    "data",
                    Map.of("billingKey", billingKey, "reason", "삭제 API 요청")));
    HttpResponse<String> answer =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/webhooks/toss"))
                    .header("Content-Type", "application/json")
                    .header("tosspayments-webhook-transmission-id", "tx-" + UUID.randomUUID())
                    .POST(HttpRequest.BodyPublishers.ofString(body))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
    assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
  }

  private static String tag() {
    return UUID.randomUUID().toString().substring(0, 6);
  }
}
