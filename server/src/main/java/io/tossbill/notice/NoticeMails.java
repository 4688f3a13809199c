package io.tossbill.notice;

import io.tossbill.account.Accounts;
import io.tossbill.customer.Customer;
import io.tossbill.customer.CustomerId;
import io.tossbill.customer.CustomerQueries;
import io.tossbill.customer.Customers;
import io.tossbill.mail.MailOutbox;
import io.tossbill.mail.MailRequest;
import io.tossbill.portal.HostedSession;
import io.tossbill.portal.HostedSessions;
import io.tossbill.web.PublicUrls;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * Asks the outbox for one notice: to the customer's address, in their language, with a link into
 * the portal. The link is the page itself for a customer with an account (they log in); a customer
 * made through the API has no login, so they get a signed portal link that opens that page for them
 * (and the mail is kept as sensitive: its body is blanked in the outbox once sent).
 */
@Component
class NoticeMails {

  private static final Logger log = LoggerFactory.getLogger(NoticeMails.class);

  /** What a notice shows, and the portal page its link opens. */
  record Content(
      String landingPath,
      Duration linkLifetime,
      Map<String, Object> variables,
      List<Object> subjectArgs) {}

  private final MailOutbox outbox;
  private final Customers customers;
  private final CustomerQueries customerRows;
  private final Accounts accounts;
  private final HostedSessions sessions;
  private final PublicUrls urls;
  private final NoticeProperties properties;

  NoticeMails(
      MailOutbox outbox,
      Customers customers,
      CustomerQueries customerRows,
      Accounts accounts,
      HostedSessions sessions,
      PublicUrls urls,
      NoticeProperties properties) {
    this.outbox = outbox;
    this.customers = customers;
    this.customerRows = customerRows;
    this.accounts = accounts;
    this.sessions = sessions;
    this.urls = urls;
    this.properties = properties;
  }

  /**
   * Asks for the notice {@code kind} of {@code cause} to {@code customer}, in the caller's
   * transaction, unless it was asked for already (then nothing is read or made) or {@code content}
   * answers that there is nothing to tell. Returns the mail's id; empty when none was asked for
   * now.
   */
  @Transactional(propagation = Propagation.MANDATORY)
  Optional<Long> send(
      NoticeKind kind, CustomerId customer, String cause, Supplier<Optional<Content>> content) {
    String key = kind.key(customer, cause);
    if (outbox.asked(key)) {
      return Optional.empty();
    }
    Optional<Customer> to = recipient(customer);
    if (to.isEmpty()) {
      log.info("No {} notice for customer {}: no address, or deleted", kind, customer.value());
      return Optional.empty();
    }
    Optional<Content> shown = content.get();
    if (shown.isEmpty()) {
      return Optional.empty();
    }
    Customer c = to.get();
    Content what = shown.get();
    boolean signed = accounts.ofCustomer(customer).isEmpty();
    Map<String, Object> variables = new HashMap<>(what.variables());
    if (signed) {
      HostedSession session = signedLink(customer, what.landingPath(), what.linkLifetime());
      variables.put("link", session.url());
      variables.put("linkExpiresAt", session.expiresAt());
    } else {
      variables.put("link", urls.of(what.landingPath()));
    }
    variables.put("signedLink", signed);
    variables.put("name", c.name() == null || c.name().isBlank() ? c.email() : c.name());
    Locale locale =
        Locale.ENGLISH.getLanguage().equals(c.locale().getLanguage())
            ? Locale.ENGLISH
            : Locale.KOREAN;
    return Optional.of(
        outbox.enqueue(
            new MailRequest(
                key, c.email(), locale, kind.template(), variables, what.subjectArgs(), signed)));
  }

  /** The link lifetime for notices that do not set their own. */
  Duration linkLifetime() {
    return properties.linkLifetime();
  }

  private Optional<Customer> recipient(CustomerId id) {
    var row = customerRows.find(id);
    if (row.isEmpty() || row.get().deleted()) {
      return Optional.empty();
    }
    Customer customer = customers.require(id);
    return customer.email() == null || customer.email().isBlank()
        ? Optional.empty()
        : Optional.of(customer);
  }

  private HostedSession signedLink(CustomerId customer, String landingPath, Duration lifetime) {
    Duration bounded =
        lifetime.compareTo(NoticeProperties.LONGEST_LINK) > 0
            ? NoticeProperties.LONGEST_LINK
            : lifetime;
    String back = properties.returnUrl() != null ? properties.returnUrl().toString() : urls.of("/");
    HostedSession session =
        sessions.createPortal(customer.value(), back, landingPath, bounded, "notice mail");
    if (session.url() == null) {
      throw new IllegalStateException("a new portal link comes with its address");
    }
    return session;
  }
}
