package io.tossbill.notice;

import static io.tossbill.notice.NoticeFixture.WAIT;
import static io.tossbill.notice.NoticeFixture.awaitMail;
import static io.tossbill.notice.NoticeFixture.mails;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.tossbill.account.Accounts;
import io.tossbill.billing.SubscriptionCreated;
import io.tossbill.billing.SubscriptionId;
import io.tossbill.billing.SubscriptionStatus;
import io.tossbill.billing.SubscriptionView;
import io.tossbill.billing.Subscriptions;
import io.tossbill.catalog.BillingInterval;
import io.tossbill.catalog.CatalogService;
import io.tossbill.catalog.Plan;
import io.tossbill.customer.Cards;
import io.tossbill.customer.Customers;
import io.tossbill.testclock.TestClock;
import io.tossbill.testing.EventRecorder;
import io.tossbill.testing.PagesIntegrationTest;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * A notice exists exactly when its cause committed, and once: an event handled twice mails once,
 * the outbox refuses a second row for the same (kind, customer, event), a rolled-back change mails
 * nothing, and the upcoming-renewal job tells each period once however many passes (or nodes) run.
 */
@PagesIntegrationTest
class NoticeOnceIntegrationTests {

  @LocalServerPort int port;
  @Autowired CatalogService catalog;
  @Autowired Customers customers;
  @Autowired Accounts accounts;
  @Autowired Cards cards;
  @Autowired TestClock clock;
  @Autowired JdbcClient jdbc;
  @Autowired Subscriptions subscriptions;
  @Autowired UpcomingRenewalNotices upcoming;
  @Autowired UpcomingRenewalClaims claims;
  @Autowired ApplicationEventPublisher publisher;
  @Autowired TransactionTemplate transactions;
  @Autowired ConfigurableApplicationContext context;

  private NoticeFixture fixture;

  @BeforeEach
  void fixture() {
    fixture = new NoticeFixture(port, catalog, customers, accounts, cards, clock, jdbc);
  }

  @Test
  void anEventHandledTwiceMailsOnceAndTheOutboxRefusesASecondRowForItsCause() throws Exception {
    Plan plan = fixture.plan("Once-" + tag(), 4_900, BillingInterval.monthly(), 0);
    NoticeFixture.Subscriber s =
        fixture.subscriber(Locale.KOREAN, true, "2035-01-10T10:00+09:00", NoticeFixture.GOOD_CARD);
    SubscriptionCreated created;
    try (EventRecorder events = EventRecorder.listenTo(context)) {
      subscriptions.subscribe(s.id(), plan.id());
      await().atMost(WAIT).until(() -> !events.of(SubscriptionCreated.class).isEmpty());
      created =
          events.of(SubscriptionCreated.class).stream()
              .filter(e -> e.customerId().equals(s.id()))
              .findFirst()
              .orElseThrow();
    }
    String subject = plan.name() + " 구독이 시작되었습니다";
    awaitMail(s.email(), subject);
    // this subscription's event only (the comma ends the id: 1 must not match 12)
    String sub = "%\"subscriptionId\":{\"value\":" + created.subscriptionId().value() + "},%";
    // the mail leaves after the listener's commit, its publication is marked complete just after:
    // wait for that, or the copies below would share one identity with a still open original
    await()
        .atMost(WAIT)
        .until(
            () ->
                publications("event_publication_archive", sub) == 1
                    && publications("event_publication", sub) == 0);

    // the event publication registry hands the same event over again (after a crash, twice).
    // One copy at a time: two open publications of one event for one listener are one identity to
    // Spring Modulith, and two completing at once can collide archiving each other's row (the
    // second then stays open until it is resubmitted); what is tested here is the mail, not that.
    for (int copy = 1; copy <= 2; copy++) {
      transactions.executeWithoutResult(tx -> publisher.publishEvent(created));
      long archived = 1 + copy;
      await()
          .atMost(WAIT)
          .until(
              () ->
                  publications("event_publication_archive", sub) == archived
                      && publications("event_publication", sub) == 0);
    }
    String key =
        NoticeKind.SUBSCRIBED.key(s.id(), "subscription-" + created.subscriptionId().value());
    assertThat(
            jdbc.sql("select count(*) from mail_message where dedupe_key = :key")
                .param("key", key)
                .query(Long.class)
                .single())
        .isEqualTo(1);
    assertThat(mails(s.email())).filteredOn(m -> m.subject().equals(subject)).hasSize(1);

    // the unique key per (kind, customer, event) holds in the table itself
    assertThatThrownBy(
            () ->
                jdbc.sql(
                        """
                        insert into mail_message (dedupe_key, template, locale, to_address, subject,
                          html_body, text_body, status, message_id, created_at)
                        values (:key, 'subscribed', 'ko', :to, 'again', '', '', 'HELD', '<x@tossbill>', now())
                        """)
                    .param("key", key)
                    .param("to", s.email())
                    .update())
        .isInstanceOf(DuplicateKeyException.class);
  }

  private long publications(String table, String serializedLike) {
    return jdbc.sql(
            "select count(*) from "
                + table
                + " where event_type like '%SubscriptionCreated'"
                + " and listener_id like '%LifecycleNotices%' and serialized_event like :sub")
        .param("sub", serializedLike)
        .query(Long.class)
        .single();
  }

  @Test
  void aRolledBackChangeMailsNothing() {
    Plan plan = fixture.plan("Back-" + tag(), 6_600, BillingInterval.monthly(), 0);
    NoticeFixture.Subscriber s =
        fixture.subscriber(
            Locale.ENGLISH, false, "2035-02-10T10:00+09:00", NoticeFixture.GOOD_CARD);
    SubscriptionView sub = subscriptions.subscribe(s.id(), plan.id());
    SubscriptionId id = new SubscriptionId(sub.id());
    awaitMail(s.email(), "Receipt for " + plan.name());

    transactions.executeWithoutResult(
        tx -> {
          subscriptions.cancel(id, false, Subscriptions.RefundMode.NONE);
          tx.setRollbackOnly();
        });
    assertThat(subscriptions.view(id).status()).isEqualTo(SubscriptionStatus.ACTIVE);

    // a change committed after it is mailed; the rolled-back cancel never is
    subscriptions.cancel(id, true, Subscriptions.RefundMode.NONE);
    awaitMail(s.email(), "Your " + plan.name() + " subscription will end");
    assertThat(mails(s.email()))
        .extracting(NoticeFixture.Mail::subject)
        .doesNotContain("Your " + plan.name() + " subscription was canceled");
    assertThat(
            jdbc.sql("select count(*) from mail_message where dedupe_key = :key")
                .param("key", NoticeKind.CANCELED.key(s.id(), "subscription-" + sub.id()))
                .query(Long.class)
                .single())
        .isZero();
    assertThat(
            jdbc.sql(
                    "select count(*) from event_publication where event_type like '%SubscriptionCanceled'"
                        + " and serialized_event like :sub")
                .param("sub", "%\"subscriptionId\":{\"value\":" + sub.id() + "}%")
                .query(Long.class)
                .single())
        .isZero();
  }

  @Test
  void anUpcomingRenewalIsToldOncePerPeriodHoweverManyPassesRunAtOnce() throws Exception {
    Plan plan = fixture.plan("Soon-" + tag(), 8_800, BillingInterval.monthly(), 0);
    NoticeFixture.Subscriber s =
        fixture.subscriber(Locale.KOREAN, false, "2035-03-10T10:00+09:00", NoticeFixture.GOOD_CARD);
    SubscriptionView sub = subscriptions.subscribe(s.id(), plan.id());
    String subject = plan.name() + " 구독 갱신 안내";

    fixture.moveTo(s.id(), "2035-04-02T12:00+09:00");
    upcoming.runPass();
    assertThat(claims.claimedAt(sub.id(), 1)).as("8 days before: not yet").isNull();

    // two nodes' passes at the same moment, then another: one claim, one mail
    fixture.moveTo(s.id(), "2035-04-03T10:00+09:00");
    try (ExecutorService nodes = Executors.newVirtualThreadPerTaskExecutor()) {
      Callable<Integer> pass = upcoming::runPass;
      List<Future<Integer>> runs = nodes.invokeAll(List.of(pass, pass));
      for (Future<Integer> run : runs) {
        run.get();
      }
    }
    upcoming.runPass();
    var mail = awaitMail(s.email(), subject);
    assertThat(mail.text())
        .contains("2035년 4월 10일")
        .contains("8,800원")
        .contains("2035-04-10 09:00");
    assertThat(claims.claimedAt(sub.id(), 1)).isNotNull();
    assertThat(
            jdbc.sql(
                    "select mail_id from notice_upcoming_renewal where subscription_id = :s and period_no = 1")
                .param("s", sub.id())
                .query(Long.class)
                .single())
        .isEqualTo(
            jdbc.sql("select id from mail_message where dedupe_key = :key")
                .param(
                    "key",
                    NoticeKind.UPCOMING_RENEWAL.key(
                        s.id(), "subscription-" + sub.id() + "-period-1"))
                .query(Long.class)
                .single());
    assertThat(mails(s.email())).filteredOn(m -> m.subject().equals(subject)).hasSize(1);
  }

  private static String tag() {
    return UUID.randomUUID().toString().substring(0, 6);
  }
}
