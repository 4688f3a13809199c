package io.tossbill.notice;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.tossbill.account.Accounts;
import io.tossbill.catalog.BillingInterval;
import io.tossbill.catalog.CatalogService;
import io.tossbill.catalog.Plan;
import io.tossbill.customer.Cards;
import io.tossbill.customer.CustomerId;
import io.tossbill.customer.Customers;
import io.tossbill.platform.Won;
import io.tossbill.testclock.TestClock;
import io.tossbill.testing.CardWindow;
import io.tossbill.testing.PageClient;
import io.tossbill.testing.TestEmails;
import io.tossbill.testing.TestMailServer;
import io.tossbill.testing.TestSandbox;
import jakarta.mail.BodyPart;
import jakarta.mail.MessagingException;
import jakarta.mail.Multipart;
import jakarta.mail.Part;
import jakarta.mail.internet.MimeMessage;
import java.io.IOException;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.function.Predicate;
import org.jsoup.nodes.Element;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Customers (with or without an account, in either language) with cards from the sandbox's window,
 * their own test clocks, and the mails they received at the test SMTP server.
 */
final class NoticeFixture {

  static final String GOOD_CARD = CardWindow.GOOD_CARD;
  static final String SOFT_DECLINE_CARD = "4000000000000201";
  static final String HARD_DECLINE_CARD = "4000000000000202";
  static final Duration WAIT = Duration.ofSeconds(30);

  /** A mail as it arrived: subject and both bodies. */
  record Mail(String subject, String text, String html) {
    /** Everything a reader sees. */
    String all() {
      return subject + "\n" + text + "\n" + html;
    }
  }

  /** Who gets the mails: an account holder, or a customer made through the API. */
  record Subscriber(CustomerId id, String email, Locale locale, boolean account) {}

  private final int port;
  private final CatalogService catalog;
  private final Customers customers;
  private final Accounts accounts;
  private final Cards cards;
  private final TestClock clock;
  private final JdbcClient jdbc;

  NoticeFixture(
      int port,
      CatalogService catalog,
      Customers customers,
      Accounts accounts,
      Cards cards,
      TestClock clock,
      JdbcClient jdbc) {
    this.port = port;
    this.catalog = catalog;
    this.customers = customers;
    this.accounts = accounts;
    this.cards = cards;
    this.clock = clock;
    this.jdbc = jdbc;
  }

  Plan plan(String name, long price, BillingInterval interval, int trialDays) {
    return catalog.create(
        new CatalogService.NewPlan(
            "n-" + UUID.randomUUID().toString().substring(0, 12),
            name,
            "",
            Won.of(price),
            interval,
            trialDays,
            Map.of(),
            false));
  }

  /**
   * A subscriber whose clock is at {@code now} (Seoul time, e.g. {@code 2034-03-10T10:00+09:00})
   * with a card: signed up with an account, or made through the API.
   */
  Subscriber subscriber(Locale locale, boolean account, String now, String card) {
    String email = TestEmails.next();
    CustomerId id =
        account
            ? accounts.signUp(email, "김알림", "correct horse 42", locale).customerId()
            : customers.create(email, "Lee Notice", null, locale).id();
    moveTo(id, now);
    registerCard(id, card);
    return new Subscriber(id, email, locale, account);
  }

  void moveTo(CustomerId id, String now) {
    clock.advanceTo(id, OffsetDateTime.parse(now).toInstant());
  }

  /** Registers a card through the sandbox's card window, as a person would. */
  void registerCard(CustomerId id, String cardNumber) {
    String customerKey = customers.require(id).customerKey();
    PageClient client = new PageClient(port);
    String base = client.base();
    PageClient.Page window =
        client.get(
            base
                + "/toss-sandbox/_sandbox/billing-auth?"
                + PageClient.form(
                    Map.of(
                        "clientKey",
                        TestSandbox.CLIENT_KEY,
                        "customerKey",
                        customerKey,
                        "successUrl",
                        base + "/billing/success",
                        "failUrl",
                        base + "/billing/fail")));
    assertThat(window.status()).as(window.body()).isEqualTo(200);
    Map<String, String> fields = new LinkedHashMap<>();
    for (Element hidden : window.html().select("form input[type=hidden]")) {
      fields.put(hidden.attr("name"), hidden.attr("value"));
    }
    fields.put("cardNumber", cardNumber);
    fields.put("expiry", "12/45");
    fields.put("identity", "900101");
    fields.put("agree", "true");
    fields.put("action", "register");
    PageClient.Page back = client.post(window.one("form").attr("action"), fields);
    assertThat(back.status()).as(back.body()).isEqualTo(303);
    Map<String, String> query = CardWindow.query(back.location());
    cards.registerCard(id, query.get("authKey"), query.get("customerKey"));
    // the subscriptions' reaction to a new card is asynchronous: let it finish first
    await()
        .atMost(WAIT)
        .until(
            () ->
                jdbc.sql(
                            """
                select count(*) from event_publication
                where completion_date is null and event_type like '%CardRegistered'
                """)
                        .query(Long.class)
                        .single()
                    == 0);
  }

  /** Every mail {@code to} received so far. */
  static List<Mail> mails(String to) {
    return TestMailServer.to(to).stream().map(NoticeFixture::mail).toList();
  }

  /** Waits for the one mail to {@code to} whose subject matches, and answers it. */
  static Mail awaitMail(String to, Predicate<String> subject) {
    await().atMost(WAIT).until(() -> mails(to).stream().anyMatch(m -> subject.test(m.subject())));
    List<Mail> matching = mails(to).stream().filter(m -> subject.test(m.subject())).toList();
    assertThat(matching).as("mails to %s", to).hasSize(1);
    return matching.getFirst();
  }

  static Mail awaitMail(String to, String subject) {
    return awaitMail(to, subject::equals);
  }

  private static Mail mail(MimeMessage message) {
    try {
      StringBuilder text = new StringBuilder();
      StringBuilder html = new StringBuilder();
      collect(message, text, html);
      // MIME text travels with CRLF line ends
      return new Mail(
          message.getSubject(),
          text.toString().replace("\r\n", "\n"),
          html.toString().replace("\r\n", "\n"));
    } catch (MessagingException | IOException e) {
      throw new IllegalStateException(e);
    }
  }

  private static void collect(Part part, StringBuilder text, StringBuilder html)
      throws MessagingException, IOException {
    if (part.isMimeType("text/plain")) {
      text.append(part.getContent());
    } else if (part.isMimeType("text/html")) {
      html.append(part.getContent());
    } else if (part.getContent() instanceof Multipart multipart) {
      for (int i = 0; i < multipart.getCount(); i++) {
        BodyPart child = multipart.getBodyPart(i);
        collect(child, text, html);
      }
    }
  }
}
