package io.tossbill.notice;

import io.tossbill.account.Accounts;
import io.tossbill.customer.Customer;
import io.tossbill.customer.CustomerId;
import io.tossbill.customer.Customers;
import io.tossbill.mail.MailOutbox;
import io.tossbill.mail.MailRequest;
import io.tossbill.portal.HostedSession;
import io.tossbill.portal.HostedSessions;
import io.tossbill.web.PublicUrls;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * Asks the outbox for notices, one or a batch of one kind: to the customer's address, in their
 * language, with a link into the portal. The link is the page itself for a customer with an account
 * (they log in); a customer made through the API has no login, so they get a signed portal link
 * that opens that page for them (and the mail is kept as sensitive: its body is blanked in the
 * outbox once sent).
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
  private final Accounts accounts;
  private final HostedSessions sessions;
  private final PublicUrls urls;
  private final NoticeProperties properties;

  NoticeMails(
      MailOutbox outbox,
      Customers customers,
      Accounts accounts,
      HostedSessions sessions,
      PublicUrls urls,
      NoticeProperties properties) {
    this.outbox = outbox;
    this.customers = customers;
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
    if (outbox.asked(kind.key(customer, cause))) {
      return Optional.empty();
    }
    Optional<Content> shown = content.get();
    if (shown.isEmpty()) {
      return Optional.empty();
    }
    return sendAll(kind, List.of(new Notice(customer, cause, shown.get()))).stream().findFirst();
  }

  /** One notice to ask for: to whom, for what cause, showing what. */
  record Notice(CustomerId customer, String cause, Content content) {}

  /**
   * The causes among {@code notices} whose notice {@code kind} was not asked for yet: a batch skips
   * making what only a first mail needs.
   */
  @Transactional(propagation = Propagation.MANDATORY)
  <T> List<T> unasked(NoticeKind kind, List<T> causes, Function<T, String> keyOf) {
    Set<String> asked = outbox.askedAmong(causes.stream().map(keyOf).toList());
    return causes.stream().filter(c -> !asked.contains(keyOf.apply(c))).toList();
  }

  /**
   * Asks for many notices of one kind in a few statements, in the caller's transaction: to each
   * customer's address in their language, with the link into the portal (a signed link for a
   * customer without a login). Notices for a customer without address, or deleted, are left out; a
   * cause whose mail exists keeps that mail. The asked mails' ids.
   */
  @Transactional(propagation = Propagation.MANDATORY)
  List<Long> sendAll(NoticeKind kind, List<Notice> asked) {
    Map<String, Notice> once = new LinkedHashMap<>(); // a cause twice in one batch: one mail
    asked.forEach(n -> once.putIfAbsent(kind.key(n.customer(), n.cause()), n));
    List<Notice> notices = List.copyOf(once.values());
    if (notices.isEmpty()) {
      return List.of();
    }
    List<CustomerId> ids = notices.stream().map(Notice::customer).distinct().toList();
    Map<CustomerId, Customer> live = customers.findLive(ids);
    List<Notice> addressed = new ArrayList<>(notices.size());
    for (Notice n : notices) {
      Customer c = live.get(n.customer());
      if (c == null || c.email() == null || c.email().isBlank()) {
        log.info(
            "No {} notice for customer {}: no address, or deleted", kind, n.customer().value());
      } else {
        addressed.add(n);
      }
    }
    Set<CustomerId> withLogin = accounts.withAccount(ids);
    List<Notice> signed =
        addressed.stream().filter(n -> !withLogin.contains(n.customer())).toList();
    String back = properties.returnUrl() != null ? properties.returnUrl().toString() : urls.of("/");
    List<HostedSession> links =
        sessions.createPortals(
            signed.stream()
                .map(
                    n ->
                        new HostedSessions.PortalLink(
                            n.customer(),
                            back,
                            n.content().landingPath(),
                            bounded(n.content().linkLifetime()),
                            "notice mail"))
                .toList());
    Map<Notice, HostedSession> linkOf = new IdentityHashMap<>();
    for (int i = 0; i < signed.size(); i++) {
      linkOf.put(signed.get(i), links.get(i));
    }
    List<MailRequest> requests = new ArrayList<>(addressed.size());
    for (Notice n : addressed) {
      Customer c = live.get(n.customer());
      Map<String, Object> variables = new HashMap<>(n.content().variables());
      HostedSession link = linkOf.get(n);
      if (link != null) {
        if (link.url() == null) {
          throw new IllegalStateException("a new portal link comes with its address");
        }
        variables.put("link", link.url());
        variables.put("linkExpiresAt", link.expiresAt());
      } else {
        variables.put("link", urls.of(n.content().landingPath()));
      }
      variables.put("signedLink", link != null);
      variables.put("name", c.name() == null || c.name().isBlank() ? c.email() : c.name());
      Locale locale =
          Locale.ENGLISH.getLanguage().equals(c.locale().getLanguage())
              ? Locale.ENGLISH
              : Locale.KOREAN;
      requests.add(
          new MailRequest(
              kind.key(n.customer(), n.cause()),
              c.email(),
              locale,
              kind.template(),
              variables,
              n.content().subjectArgs(),
              link != null));
    }
    return outbox.enqueueAll(requests);
  }

  /** The link lifetime for notices that do not set their own. */
  Duration linkLifetime() {
    return properties.linkLifetime();
  }

  private static Duration bounded(Duration lifetime) {
    return lifetime.compareTo(NoticeProperties.LONGEST_LINK) > 0
        ? NoticeProperties.LONGEST_LINK
        : lifetime;
  }
}
