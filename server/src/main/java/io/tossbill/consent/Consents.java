package io.tossbill.consent;

import io.tossbill.billing.SubscriptionId;
import io.tossbill.billing.Subscriptions;
import io.tossbill.platform.ApiException;
import java.time.Instant;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Service;

/**
 * The consent module's public service: a subscription's requests with the exact text each shows,
 * the consent history (who, what, when, the text shown), and the subscriber's answers (recorded by
 * {@link ConsentAnswers}). Requests are made by {@link ConsentRequests} from the billing module's
 * events, sent by {@link ConsentSender}, and checked at the change date by the renewal ({@link
 * ConsentPolicy}).
 */
@Service
public class Consents {

  /**
   * Who answered and where: the API key that recorded the answer, the subscriber's channel and IP.
   *
   * @param actor the caller recording the answer (an API key's name), never a secret
   */
  public record Answer(String actor, ConsentChannel channel, @Nullable String ip) {}

  private final ConsentRepository repository;
  private final ConsentAnswers answers;
  private final Subscriptions subscriptions;

  Consents(ConsentRepository repository, ConsentAnswers answers, Subscriptions subscriptions) {
    this.repository = repository;
    this.answers = answers;
    this.subscriptions = subscriptions;
  }

  // ---- reading

  /** The subscription's consent requests, oldest first (404 for an unknown subscription). */
  public List<ConsentRequest> ofSubscription(SubscriptionId id) {
    subscriptions.view(id);
    Instant snoozed = snoozedUntil(id.value());
    return repository.ofSubscription(id.value()).stream()
        .map(c -> c.state().view(snoozed))
        .toList();
  }

  public ConsentRequest request(ConsentRequestId id) {
    Consent consent = repository.find(id.value()).orElseThrow(() -> notFound(id));
    return consent.state().view(snoozedUntil(consent.subscriptionId()));
  }

  /** Every consent step of the subscription: who, what, when, the text shown. */
  public List<ConsentHistoryEntry> history(SubscriptionId id) {
    subscriptions.view(id);
    return repository.historyOfSubscription(id.value());
  }

  public List<ConsentHistoryEntry> history(ConsentRequestId id) {
    repository.find(id.value()).orElseThrow(() -> notFound(id));
    return repository.historyOfRequest(id.value());
  }

  // ---- the subscriber's answers

  /**
   * Records the subscriber's explicit consent to the text whose SHA-256 is {@code textHash}.
   * Refused (409, nothing written) before the window opens, at or after the change, for another
   * text, or when the request is no longer open.
   */
  public ConsentRequest accept(ConsentRequestId id, @Nullable String textHash, Answer answer) {
    return answers.accept(id, textHash, answer);
  }

  /** Records an explicit "no": nothing more is asked, and the charge stays blocked. */
  public ConsentRequest decline(ConsentRequestId id, Answer answer) {
    return answers.decline(id, answer);
  }

  /** Withdraws a consent before the change date: the charge is blocked again. */
  public ConsentRequest withdraw(ConsentRequestId id, Answer answer) {
    return answers.withdraw(id, answer);
  }

  /**
   * "Don't ask me again for {@code days} days": no request or reminder is sent to this subscription
   * until then. It is not consent: the charge stays blocked without it.
   */
  public ConsentRequest snooze(ConsentRequestId id, @Nullable Integer days, Answer answer) {
    return answers.snooze(id, days, answer);
  }

  private @Nullable Instant snoozedUntil(long subscriptionId) {
    return repository.snoozedUntil(subscriptionId).orElse(null);
  }

  static ApiException notFound(ConsentRequestId id) {
    return ApiException.notFound(
        "CONSENT_REQUEST_NOT_FOUND", "api.CONSENT_REQUEST_NOT_FOUND", id.value());
  }
}
