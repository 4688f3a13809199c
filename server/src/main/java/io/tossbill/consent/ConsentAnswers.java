package io.tossbill.consent;

import io.tossbill.billing.SubscriptionId;
import io.tossbill.customer.CustomerId;
import io.tossbill.platform.ApiException;
import io.tossbill.testclock.TestClock;
import java.time.Instant;
import java.util.function.BiConsumer;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The subscriber's answers to a consent request ({@link Consents} is their public entry): accept,
 * decline, withdraw, and "don't ask again for a while". Each locks the request's row, the same row
 * the renewal's consent check locks, so an answer and the renewal's decision at the change date
 * never cross. Bad input and refused moves change nothing.
 */
@Service
class ConsentAnswers {

  private static final int MAX_SNOOZE_DAYS = 365;
  private static final Pattern IP = Pattern.compile("^(?=.*[.:])[0-9A-Fa-f:.]{2,45}$");
  private static final Pattern HASH = Pattern.compile("^[0-9a-f]{64}$");

  private final ConsentRepository repository;
  private final TestClock clock;
  private final ConsentProperties properties;
  private final TransactionTemplate transactions;
  private final ApplicationEventPublisher events;

  ConsentAnswers(
      ConsentRepository repository,
      TestClock clock,
      ConsentProperties properties,
      TransactionTemplate transactions,
      ApplicationEventPublisher events) {
    this.repository = repository;
    this.clock = clock;
    this.properties = properties;
    this.transactions = transactions;
    this.events = events;
  }

  /**
   * Records the subscriber's explicit consent to the text whose SHA-256 is {@code textHash}.
   * Refused (409, nothing written) before the window opens, at or after the change, for another
   * text, or when the request is no longer open.
   */
  ConsentRequest accept(ConsentRequestId id, @Nullable String textHash, Consents.Answer by) {
    if (textHash == null || !HASH.matcher(textHash).matches()) {
      throw ApiException.badRequest("INVALID_TEXT_HASH", "api.INVALID_TEXT_HASH");
    }
    requireIp(by.ip());
    return answer(id, (consent, now) -> consent.accept(textHash, by, now));
  }

  /** Records an explicit "no": nothing more is asked, and the charge stays blocked. */
  ConsentRequest decline(ConsentRequestId id, Consents.Answer by) {
    requireIp(by.ip());
    return answer(id, (consent, now) -> consent.decline(by, now));
  }

  /** Withdraws a consent before the change date: the charge is blocked again. */
  ConsentRequest withdraw(ConsentRequestId id, Consents.Answer by) {
    requireIp(by.ip());
    return answer(id, (consent, now) -> consent.withdraw(by, now));
  }

  /**
   * "Don't ask me again for {@code days} days": no request or reminder is sent to this subscription
   * until then. It is not consent: the charge stays blocked without it.
   */
  ConsentRequest snooze(ConsentRequestId id, @Nullable Integer days, Consents.Answer by) {
    int min = properties.minimumSnoozeDays();
    if (days == null || days < min || days > MAX_SNOOZE_DAYS) {
      throw ApiException.badRequest(
          "INVALID_SNOOZE", "api.INVALID_SNOOZE", min, MAX_SNOOZE_DAYS, days);
    }
    requireIp(by.ip());
    return transactions.execute(
        status -> {
          Consent consent = repository.lock(id.value()).orElseThrow(() -> Consents.notFound(id));
          Instant now = clock.now(new CustomerId(consent.customerId()));
          Instant until = consent.snooze(days, by, now);
          repository.snooze(consent.subscriptionId(), until, days, now);
          repository.save(consent, now);
          return consent.state().view(until);
        });
  }

  private ConsentRequest answer(ConsentRequestId id, BiConsumer<Consent, Instant> move) {
    return transactions.execute(
        status -> {
          Consent consent = repository.lock(id.value()).orElseThrow(() -> Consents.notFound(id));
          Instant now = clock.now(new CustomerId(consent.customerId()));
          move.accept(consent, now);
          repository.save(consent, now);
          ConsentRequest answered =
              consent.state().view(repository.snoozedUntil(consent.subscriptionId()).orElse(null));
          events.publishEvent(
              new ConsentAnswered(
                  id,
                  new SubscriptionId(answered.subscriptionId()),
                  new CustomerId(answered.customerId()),
                  answered.kind(),
                  answered.status(),
                  answered.changeDate(),
                  now));
          return answered;
        });
  }

  private static void requireIp(@Nullable String ip) {
    if (ip != null && !IP.matcher(ip).matches()) {
      throw ApiException.badRequest("INVALID_IP", "api.INVALID_IP");
    }
  }
}
