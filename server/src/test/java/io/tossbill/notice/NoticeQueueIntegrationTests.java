package io.tossbill.notice;

import static io.tossbill.notice.NoticeFixture.WAIT;
import static io.tossbill.notice.NoticeFixture.awaitMail;
import static io.tossbill.notice.NoticeFixture.mails;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.tossbill.account.Accounts;
import io.tossbill.billing.Subscriptions;
import io.tossbill.catalog.BillingInterval;
import io.tossbill.catalog.CatalogService;
import io.tossbill.catalog.Plan;
import io.tossbill.customer.Cards;
import io.tossbill.customer.Customers;
import io.tossbill.payment.PaymentSucceeded;
import io.tossbill.testclock.TestClock;
import io.tossbill.testing.EventRecorder;
import io.tossbill.testing.PagesIntegrationTest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.json.JsonMapper;

/**
 * The payment outcomes' notices go through {@link NoticeQueue}: asked for in the outcome's
 * transaction (nothing when it rolls back), composed after the commit, a request left by a stopped
 * node composed by the job, and one that cannot be composed postponed without holding up the rest.
 */
@PagesIntegrationTest
class NoticeQueueIntegrationTests {

  @LocalServerPort int port;
  @Autowired CatalogService catalog;
  @Autowired Customers customers;
  @Autowired Accounts accounts;
  @Autowired Cards cards;
  @Autowired TestClock clock;
  @Autowired JdbcClient jdbc;
  @Autowired Subscriptions subscriptions;
  @Autowired ApplicationEventPublisher publisher;
  @Autowired TransactionTemplate transactions;
  @Autowired ConfigurableApplicationContext context;
  @Autowired NoticeQueue queue;
  @Autowired NoticeRequests requests;
  @Autowired JsonMapper json;
  @Autowired Clock time; // the clock the queue reads

  private NoticeFixture fixture;

  @BeforeEach
  void fixture() {
    fixture = new NoticeFixture(port, catalog, customers, accounts, cards, clock, jdbc);
  }

  /** A paid subscriber, their receipt mailed; the approval's event. */
  private record Paid(NoticeFixture.Subscriber subscriber, Plan plan, PaymentSucceeded event) {
    String receiptKey() {
      return NoticeKind.RECEIPT.key(subscriber.id(), "payment-" + event.paymentId().value());
    }
  }

  private Paid paid(String month) {
    return paid(month, false);
  }

  private Paid paid(String month, boolean account) {
    Plan plan =
        fixture.plan(
            "Queue-" + UUID.randomUUID().toString().substring(0, 6),
            3_300,
            BillingInterval.monthly(),
            0);
    NoticeFixture.Subscriber s =
        fixture.subscriber(Locale.ENGLISH, account, month, NoticeFixture.GOOD_CARD);
    PaymentSucceeded approved;
    try (EventRecorder events = EventRecorder.listenTo(context)) {
      subscriptions.subscribe(s.id(), plan.id());
      await().atMost(WAIT).until(() -> !events.of(PaymentSucceeded.class).isEmpty());
      approved =
          events.of(PaymentSucceeded.class).stream()
              .filter(e -> e.customerId().equals(s.id()))
              .findFirst()
              .orElseThrow();
    }
    awaitMail(s.email(), "Receipt for " + plan.name());
    return new Paid(s, plan, approved);
  }

  @Test
  void aReceiptIsAskedForInTheOutcomesTransactionAndNeverWhenItRollsBack() {
    Paid paid = paid("2036-01-10T10:00+09:00");
    // composed and gone once its mail is in the outbox
    await().atMost(WAIT).until(() -> pending(paid.event()) == 0);
    assertThat(mailRows(paid.receiptKey())).isEqualTo(1);

    // the request is written in the outcome's transaction, as it commits: seen there by a step
    // of that commit which then fails it, and gone with the rollback
    AtomicLong inside = new AtomicLong(-1);
    assertThatThrownBy(
            () ->
                transactions.executeWithoutResult(
                    tx -> {
                      publisher.publishEvent(paid.event());
                      TransactionSynchronizationManager.registerSynchronization(
                          new TransactionSynchronization() {
                            @Override
                            public void beforeCommit(boolean readOnly) {
                              inside.set(pending(paid.event()));
                              throw new IllegalStateException("the commit fails");
                            }
                          });
                    }))
        .hasMessage("the commit fails");
    assertThat(inside.get()).as("asked for in the transaction").isEqualTo(1);
    assertThat(pending(paid.event())).as("gone with the rollback").isZero();
    assertThat(mailRows(paid.receiptKey())).isEqualTo(1);
  }

  @Test
  void aRequestLeftByAStoppedNodeIsComposedByTheJob() {
    Paid paid = paid("2036-02-10T10:00+09:00");
    // as if the node had stopped right after the outcome committed: asked for, never composed
    jdbc.sql("delete from mail_message where dedupe_key = :key")
        .param("key", paid.receiptKey())
        .update();
    transactions.executeWithoutResult(
        tx ->
            requests.add(
                PaymentSucceeded.class.getName(),
                json.writeValueAsString(paid.event()),
                time.instant()));

    queue.drain(); // what the cluster-wide job runs

    await().atMost(WAIT).until(() -> pending(paid.event()) == 0);
    assertThat(mailRows(paid.receiptKey())).isEqualTo(1);
    await()
        .atMost(WAIT)
        .until(
            () ->
                mails(paid.subscriber().email()).stream()
                        .filter(m -> m.subject().equals("Receipt for " + paid.plan().name()))
                        .count()
                    == 2);
  }

  @Test
  void aRequestThatCannotBeComposedIsPostponedWithoutHoldingUpTheOthers() {
    Paid paid = paid("2036-03-10T10:00+09:00");
    jdbc.sql("delete from mail_message where dedupe_key = :key")
        .param("key", paid.receiptKey())
        .update();
    String broken = "{\"paymentId\":{\"value\":" + paid.event().paymentId().value() + "}, oops";
    transactions.executeWithoutResult(
        tx -> {
          requests.add(PaymentSucceeded.class.getName(), broken, time.instant());
          requests.add(
              PaymentSucceeded.class.getName(),
              json.writeValueAsString(paid.event()),
              time.instant());
        });
    Instant before = time.instant();

    queue.drain();

    await().atMost(WAIT).until(() -> mailRows(paid.receiptKey()) == 1);
    var left =
        jdbc.sql("select attempts, not_before, last_error from notice_request where payload = :p")
            .param("p", broken)
            .query(
                (rs, n) ->
                    new Object[] {rs.getInt(1), rs.getTimestamp(2).toInstant(), rs.getString(3)})
            .single();
    assertThat(left[0]).isEqualTo(1);
    assertThat((Instant) left[1]).isAfter(before.plus(Duration.ofSeconds(50)));
    assertThat((String) left[2]).isNotBlank().doesNotContain(paid.subscriber().email());
    jdbc.sql("delete from notice_request where payload = :p").param("p", broken).update();
  }

  @Test
  void aBatchOfReceiptsMailsEachAsIfAloneAndACauseTwiceOnce() {
    Paid apiMade = paid("2036-04-10T10:00+09:00", false);
    Paid withLogin = paid("2036-05-10T10:00+09:00", true);
    for (Paid p : new Paid[] {apiMade, withLogin}) {
      jdbc.sql("delete from mail_message where dedupe_key = :key")
          .param("key", p.receiptKey())
          .update();
    }
    long linksBefore = noticeLinks(apiMade);
    // one batch: the API customer's approval twice (an event handled again), the other's once
    transactions.executeWithoutResult(
        tx -> {
          for (Paid p : new Paid[] {apiMade, withLogin, apiMade}) {
            requests.add(
                PaymentSucceeded.class.getName(),
                json.writeValueAsString(p.event()),
                time.instant());
          }
        });

    queue.drain();

    await()
        .atMost(WAIT)
        .until(() -> pending(apiMade.event()) == 0 && pending(withLogin.event()) == 0);
    assertThat(mailRows(apiMade.receiptKey())).isEqualTo(1);
    assertThat(mailRows(withLogin.receiptKey())).isEqualTo(1);
    // a customer without a login gets one signed link of their own; one with a login the page
    assertThat(noticeLinks(apiMade)).isEqualTo(linksBefore + 1);
    assertThat(noticeLinks(withLogin)).isZero();
    String subject = "Receipt for " + apiMade.plan().name();
    await()
        .atMost(WAIT)
        .until(
            () ->
                mails(apiMade.subscriber().email()).stream()
                        .filter(m -> m.subject().equals(subject))
                        .count()
                    == 2);
    NoticeFixture.Mail again =
        mails(apiMade.subscriber().email()).stream()
            .filter(m -> m.subject().equals(subject))
            .toList()
            .getLast();
    assertThat(again.text())
        .contains("/portal/s/")
        .contains(apiMade.event().orderId())
        .contains("This link opens your subscription pages without a login");
    assertThat(receiptText(withLogin))
        .contains("/my/payments/" + withLogin.event().paymentId().value())
        .doesNotContain("/portal/s/")
        .contains(withLogin.plan().name());
  }

  @Test
  void waitsLongerAfterEachFailedTryUpToAnHour() {
    assertThat(NoticeQueue.backoff(0)).isEqualTo(Duration.ofMinutes(1));
    assertThat(NoticeQueue.backoff(1)).isEqualTo(Duration.ofMinutes(2));
    assertThat(NoticeQueue.backoff(5)).isEqualTo(Duration.ofMinutes(32));
    assertThat(NoticeQueue.backoff(6)).isEqualTo(Duration.ofHours(1));
    assertThat(NoticeQueue.backoff(40)).isEqualTo(Duration.ofHours(1));
  }

  private long pending(PaymentSucceeded event) {
    return jdbc.sql(
            "select count(*) from notice_request where event_type = :type and payload like :p")
        .param("type", PaymentSucceeded.class.getName())
        .param("p", "{\"paymentId\":{\"value\":" + event.paymentId().value() + "},%")
        .query(Long.class)
        .single();
  }

  @Test
  void theRequestTableIsVacuumedOutsideATransaction() {
    long before = vacuums();
    requests.vacuum();
    await().atMost(WAIT).until(() -> vacuums() > before);
  }

  private long vacuums() {
    return jdbc.sql("select vacuum_count from pg_stat_user_tables where relname = 'notice_request'")
        .query(Long.class)
        .single();
  }

  private long noticeLinks(Paid paid) {
    return jdbc.sql(
            "select count(*) from hosted_session where customer_id = :c and created_by = 'notice"
                + " mail'")
        .param("c", paid.subscriber().id().value())
        .query(Long.class)
        .single();
  }

  private String receiptText(Paid paid) {
    return jdbc.sql("select text_body from mail_message where dedupe_key = :key")
        .param("key", paid.receiptKey())
        .query(String.class)
        .single();
  }

  private long mailRows(String key) {
    return jdbc.sql("select count(*) from mail_message where dedupe_key = :key")
        .param("key", key)
        .query(Long.class)
        .single();
  }
}
