package io.tossbill.mail;

import io.tossbill.platform.ApiException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.mail.javamail.JavaMailSender;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Asks for mails and shows the outbox. {@link #enqueue} joins the caller's transaction: the mail
 * exists exactly when what caused it was committed, once per dedupe key, and is sent after commit.
 */
@Service
public class MailOutbox {

  private static final Pattern ADDRESS =
      Pattern.compile("[^@\\s<>\"]+@[^@\\s<>\"]+\\.[^@\\s<>\"]+");

  /** One page of the outbox, newest first. */
  public record Page(List<MailView> mails, long total, int page, int size) {
    public boolean hasNext() {
      return (long) (page + 1) * size < total;
    }
  }

  private final MailRepository repository;
  private final MailRenderer renderer;
  private final ObjectProvider<JavaMailSender> smtp;
  private final ApplicationEventPublisher events;
  private final Clock clock;
  private volatile @Nullable Boolean smtpConfigured;

  MailOutbox(
      MailRepository repository,
      MailRenderer renderer,
      ObjectProvider<JavaMailSender> smtp,
      ApplicationEventPublisher events,
      Clock clock) {
    this.repository = repository;
    this.renderer = renderer;
    this.smtp = smtp;
    this.events = events;
    this.clock = clock;
  }

  /**
   * Renders and stores the mail, then (after commit) sends it; with the same dedupe key as an
   * earlier mail nothing happens and the earlier mail's id is returned. A malformed address is
   * refused (400 {@code INVALID_EMAIL}) before anything is stored.
   */
  @Transactional
  public long enqueue(MailRequest request) {
    return enqueueAll(List.of(request)).getFirst();
  }

  /**
   * {@link #enqueue} for many mails in a few statements (a batch of notices): their ids in order.
   * Refused as a whole, before anything is stored, when any address is malformed.
   */
  @Transactional
  public List<Long> enqueueAll(List<MailRequest> requests) {
    for (MailRequest request : requests) {
      if (request.to().length() > 254 || !ADDRESS.matcher(request.to()).matches()) {
        throw ApiException.badRequest("INVALID_EMAIL", "api.INVALID_EMAIL.2");
      }
    }
    MailStatus status = smtpConfigured() ? MailStatus.QUEUED : MailStatus.HELD;
    Instant now = clock.instant();
    List<MailRepository.New> mails = new ArrayList<>(requests.size());
    Set<String> keys = new LinkedHashSet<>();
    for (MailRequest request : requests) {
      if (keys.add(request.dedupeKey())) { // the same cause twice in one batch: one mail
        mails.add(
            new MailRepository.New(
                request,
                renderer.render(request),
                status,
                "<" + UUID.randomUUID() + "@tossbill>",
                now));
      }
    }
    // a mail with the same key stored earlier (or by another transaction first) stays, unchanged
    repository.insert(mails);
    Map<String, MailRepository.Found> found = repository.idsOf(keys);
    for (MailRepository.New mail : mails) {
      MailRepository.Found stored = found.get(mail.request().dedupeKey());
      if (stored == null) {
        throw new IllegalStateException("a stored mail is found by its dedupe key");
      }
      if (status == MailStatus.QUEUED && stored.messageId().equals(mail.messageId())) {
        events.publishEvent(new MailQueued(stored.id())); // stored now: sent after the commit
      }
    }
    return requests.stream().map(r -> found.get(r.dedupeKey()).id()).toList();
  }

  /**
   * Whether a mail with this dedupe key was asked for (committed, or earlier in the caller's
   * transaction): a cause handled again can skip making what only its first mail needs.
   */
  @Transactional(readOnly = true)
  public boolean asked(String dedupeKey) {
    return !askedAmong(List.of(dedupeKey)).isEmpty();
  }

  /** The dedupe keys among {@code dedupeKeys} asked for already, as {@link #asked} tells it. */
  @Transactional(readOnly = true)
  public Set<String> askedAmong(Collection<String> dedupeKeys) {
    return repository.idsOf(dedupeKeys).keySet();
  }

  /** Whether mails leave over SMTP ({@code spring.mail.host} set) or only land in the outbox. */
  public boolean smtpConfigured() {
    Boolean known = smtpConfigured;
    if (known == null) {
      known = smtp.getIfAvailable() != null; // fixed once the context runs; asked per mail
      smtpConfigured = known;
    }
    return known;
  }

  @Transactional(readOnly = true)
  public Page page(@Nullable MailStatus status, int page, int size) {
    int safePage = Math.max(0, page);
    int safeSize = Math.clamp(size, 1, 200);
    return new Page(
        repository.page(status, safeSize, safePage * safeSize).stream().map(this::view).toList(),
        repository.count(status),
        safePage,
        safeSize);
  }

  @Transactional(readOnly = true)
  public MailView view(long id) {
    return repository.find(id).map(this::view).orElseThrow(() -> notFound(id));
  }

  /**
   * A person sends the mail again (it failed, its outcome is unknown, or it was held without SMTP):
   * queued anew after commit. Refused (409) without SMTP or while it is still on its way.
   */
  @Transactional
  public MailView resend(long id) {
    MailRepository.Stored mail = repository.find(id).orElseThrow(() -> notFound(id));
    if (!smtpConfigured()) {
      throw ApiException.conflict("MAIL_NO_SMTP", "api.MAIL_NO_SMTP");
    }
    if (mail.sensitive() && mail.text().isEmpty()) {
      throw ApiException.conflict("MAIL_REDACTED", "api.MAIL_REDACTED");
    }
    if (!repository.requeue(id, clock.instant())) {
      throw ApiException.conflict("MAIL_IN_FLIGHT", "api.MAIL_IN_FLIGHT");
    }
    events.publishEvent(new MailQueued(id));
    return view(id);
  }

  private MailView view(MailRepository.Stored m) {
    boolean showBody = !m.sensitive() || !smtpConfigured();
    return new MailView(
        m.id(),
        m.dedupeKey(),
        m.template(),
        m.locale(),
        m.to(),
        m.subject(),
        m.status(),
        m.attempts(),
        m.resends(),
        m.lastError(),
        m.createdAt(),
        m.nextAttemptAt(),
        m.sentAt(),
        m.sensitive(),
        showBody ? m.text() : null,
        showBody ? m.html() : null);
  }

  static ApiException notFound(long id) {
    return ApiException.notFound("MAIL_NOT_FOUND", "api.MAIL_NOT_FOUND", id);
  }
}
