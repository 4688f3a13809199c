package io.tossbill.consent;

import io.tossbill.billing.ChargeConsentPolicy.ChangeKind;
import io.tossbill.billing.PriceChangeScheduled;
import io.tossbill.billing.SubscriptionCreated;
import io.tossbill.billing.SubscriptionId;
import io.tossbill.billing.SubscriptionStatus;
import io.tossbill.billing.SubscriptionView;
import io.tossbill.billing.Subscriptions;
import io.tossbill.customer.Cards;
import io.tossbill.customer.CustomerId;
import io.tossbill.platform.ApiException;
import io.tossbill.platform.BusinessTime;
import io.tossbill.platform.Won;
import io.tossbill.testclock.TestClock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Consent requests and the subscriber's answers. A request is created when a price increase is
 * scheduled for a subscription or a trial will turn into paid billing, sent ({@link
 * ConsentRequested}) when its window opens, and answered through the merchant API: accept, decline,
 * snooze, withdraw. Every step is written to the consent history and noted in the subscription's
 * history; every write first locks the subscription's row, as the billing engine does, so an answer
 * and the engine's decision at the change date never cross.
 */
@Service
public class Consents {

  static final String SYSTEM = "system";
  private static final int MAX_SNOOZE_DAYS = 365;
  private static final Pattern IP = Pattern.compile("^(?=.*[.:])[0-9A-Fa-f:.]{2,45}$");
  private static final Pattern HASH = Pattern.compile("^[0-9a-f]{64}$");
  private static final DateTimeFormatter MINUTE = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm");

  /**
   * Who answered and where: the API key that recorded the answer, the subscriber's channel and IP.
   *
   * @param actor the caller recording the answer (an API key's name), never a secret
   */
  public record Answer(String actor, ConsentChannel channel, @Nullable String ip) {}

  private final ConsentRepository repository;
  private final Subscriptions subscriptions;
  private final Cards cards;
  private final TestClock clock;
  private final ConsentProperties properties;
  private final ApplicationEventPublisher events;
  private final TransactionTemplate transactions;

  Consents(
      ConsentRepository repository,
      Subscriptions subscriptions,
      Cards cards,
      TestClock clock,
      ConsentProperties properties,
      ApplicationEventPublisher events,
      TransactionTemplate transactions) {
    this.repository = repository;
    this.subscriptions = subscriptions;
    this.cards = cards;
    this.clock = clock;
    this.properties = properties;
    this.events = events;
    this.transactions = transactions;
  }

  // ---- reading

  /** The subscription's consent requests, oldest first (404 for an unknown subscription). */
  public List<ConsentRequest> ofSubscription(SubscriptionId id) {
    subscriptions.view(id);
    Optional<Instant> snoozed = repository.snoozedUntil(id.value());
    return repository.ofSubscription(id.value()).stream()
        .map(r -> view(r, snoozed.orElse(null)))
        .toList();
  }

  public ConsentRequest request(ConsentRequestId id) {
    ConsentRepository.Row row = repository.find(id.value()).orElseThrow(() -> notFound(id));
    return view(row, repository.snoozedUntil(row.subscriptionId).orElse(null));
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
    if (textHash == null || !HASH.matcher(textHash).matches()) {
      throw ApiException.badRequest(
          "INVALID_TEXT_HASH",
          "textHash는 보여 준 동의 문구의 SHA-256 값(소문자 16진수 64자)이어야 합니다.",
          "textHash must be the SHA-256 (64 lowercase hex digits) of the consent text shown.");
    }
    requireIp(answer.ip());
    return answer(
        id,
        ConsentStatus.ACCEPTED,
        (row, now) -> {
          if (now.isBefore(row.windowOpensAt)) {
            throw ApiException.conflict(
                "CONSENT_WINDOW_NOT_OPEN",
                "동의는 변경일 전 "
                    + properties.requestWindow().toDays()
                    + "일 이내에만 받을 수 있습니다. "
                    + minute(row.windowOpensAt)
                    + "부터 동의할 수 있습니다.",
                "Consent counts only within "
                    + properties.requestWindow().toDays()
                    + " days before the change; it opens at "
                    + row.windowOpensAt
                    + ".");
          }
          if (!textHash.equals(row.textHash)) {
            throw ApiException.conflict(
                "CONSENT_TEXT_MISMATCH",
                "동의한 문구가 현재 요청의 문구와 다릅니다. 최신 문구를 다시 보여 주세요.",
                "The text agreed to is not this request's text; show the current text again.");
          }
          row.acceptedAt = now;
          return "ACCEPTED";
        },
        answer);
  }

  /** Records an explicit "no": nothing more is asked, and the charge stays blocked. */
  public ConsentRequest decline(ConsentRequestId id, Answer answer) {
    requireIp(answer.ip());
    return answer(id, ConsentStatus.DECLINED, (row, now) -> "DECLINED", answer);
  }

  /** Withdraws a consent before the change date: the charge is blocked again. */
  public ConsentRequest withdraw(ConsentRequestId id, Answer answer) {
    requireIp(answer.ip());
    return answer(
        id,
        ConsentStatus.WITHDRAWN,
        (row, now) -> {
          row.acceptedAt = null;
          return "WITHDRAWN";
        },
        answer);
  }

  /**
   * "Don't ask me again for {@code days} days": no request or reminder is sent to this subscription
   * until then. It is not consent: the charge stays blocked without it.
   */
  public ConsentRequest snooze(ConsentRequestId id, @Nullable Integer days, Answer answer) {
    int min = properties.minimumSnoozeDays();
    if (days == null || days < min || days > MAX_SNOOZE_DAYS) {
      throw ApiException.badRequest(
          "INVALID_SNOOZE",
          "다시 묻지 않을 기간은 " + min + "일 이상 " + MAX_SNOOZE_DAYS + "일 이하여야 합니다. 받은 값: " + days,
          "The snooze must be " + min + " to " + MAX_SNOOZE_DAYS + " days, was: " + days);
    }
    requireIp(answer.ip());
    ConsentRepository.Row found = repository.find(id.value()).orElseThrow(() -> notFound(id));
    SubscriptionId subscription = new SubscriptionId(found.subscriptionId);
    return transactions.execute(
        status -> {
          subscriptions.view(subscription);
          ConsentRepository.Row row = repository.lock(id.value()).orElseThrow(() -> notFound(id));
          Instant now = clock.now(new CustomerId(row.customerId));
          if (row.status == ConsentStatus.ACCEPTED || !row.status.isLive()) {
            throw ApiException.conflict(
                "ILLEGAL_CONSENT_TRANSITION",
                "현재 동의 상태(" + row.status.korean() + ")에서는 다시 묻지 않기를 설정할 수 없습니다.",
                "A " + row.status + " consent request cannot be snoozed.");
          }
          Instant until = now.atZone(BusinessTime.ZONE).plusDays(days).toInstant();
          repository.snooze(row.subscriptionId, until, days, now);
          if (row.nextSendAt != null && row.nextSendAt.isBefore(until)) {
            ConsentStatus from = row.status;
            row.nextSendAt = until.isBefore(row.changeAt) ? until : null;
            repository.save(row, from, now);
          }
          String detail = days + "일간 다시 묻지 않기 (" + minute(until) + "까지)";
          repository.append(
              new ConsentRepository.Step(
                  row.id,
                  row.subscriptionId,
                  row.customerId,
                  now,
                  "SNOOZED",
                  answer.actor(),
                  answer.channel().name(),
                  answer.ip(),
                  row.shownText,
                  row.textHash,
                  detail));
          return view(row, until);
        });
  }

  private interface Decision {
    /**
     * Checks the answer against the request and fills what it changes; returns the history action.
     */
    String apply(ConsentRepository.Row row, Instant now);
  }

  private ConsentRequest answer(
      ConsentRequestId id, ConsentStatus target, Decision decision, Answer answer) {
    ConsentRepository.Row found = repository.find(id.value()).orElseThrow(() -> notFound(id));
    SubscriptionId subscription = new SubscriptionId(found.subscriptionId);
    return transactions.execute(
        status -> {
          subscriptions.view(subscription);
          ConsentRepository.Row row = repository.lock(id.value()).orElseThrow(() -> notFound(id));
          Instant now = clock.now(new CustomerId(row.customerId));
          row.status.requireMoveTo(target);
          if (!now.isBefore(row.changeAt)) {
            throw ApiException.conflict(
                "CONSENT_DEADLINE_PASSED",
                "변경일(" + minute(row.changeAt) + ")이 지나 더 이상 답할 수 없습니다.",
                "The change happened at "
                    + row.changeAt
                    + "; this request can no longer be answered.");
          }
          String action = decision.apply(row, now);
          ConsentStatus from = row.moveTo(target);
          row.decidedAt = now;
          row.nextSendAt = null;
          repository.save(row, from, now);
          repository.append(
              new ConsentRepository.Step(
                  row.id,
                  row.subscriptionId,
                  row.customerId,
                  now,
                  action,
                  answer.actor(),
                  answer.channel().name(),
                  answer.ip(),
                  row.shownText,
                  row.textHash,
                  summary(row)));
          return view(row, repository.snoozedUntil(row.subscriptionId).orElse(null));
        });
  }

  // ---- requests: created from the subscription module's events, sent when their window opens

  /** A trial started: its first paid charge needs consent. */
  void trialStarted(SubscriptionCreated event) {
    if (event.status() != SubscriptionStatus.TRIALING
        || !event.price().isPositive()
        || !properties.trialConversionRequiresConsent()) {
      return;
    }
    Instant changeAt = event.periodEndsAt();
    schedule(
        event.subscriptionId(),
        ChangeKind.TRIAL_CONVERSION,
        Won.ZERO,
        event.price(),
        event.periodEnd(),
        changeAt);
  }

  /**
   * A new price was scheduled: an increase (or a trial's new first price) needs consent, a decrease
   * does not.
   */
  void priceChangeScheduled(PriceChangeScheduled event) {
    if (event.trialing()) {
      if (properties.trialConversionRequiresConsent() && event.newPrice().isPositive()) {
        schedule(
            event.subscriptionId(),
            ChangeKind.TRIAL_CONVERSION,
            Won.ZERO,
            event.newPrice(),
            event.effectiveOn(),
            event.effectiveAt());
      }
      return;
    }
    if (event.newPrice().isGreaterThan(event.currentPrice())) {
      schedule(
          event.subscriptionId(),
          ChangeKind.PRICE_INCREASE,
          event.currentPrice(),
          event.newPrice(),
          event.effectiveOn(),
          event.effectiveAt());
      return;
    }
    transactions.executeWithoutResult(
        status -> {
          SubscriptionView s = subscriptions.view(event.subscriptionId());
          Instant now = clock.now(new CustomerId(s.customerId()));
          repository
              .lockForChange(s.id(), event.effectiveOn())
              .filter(r -> r.status.isLive())
              .ifPresent(r -> supersede(r, now, "가격 인하/동일 (" + event.newPrice() + "): 동의 불필요"));
          repository.append(
              new ConsentRepository.Step(
                  null,
                  s.id(),
                  s.customerId(),
                  now,
                  "NOT_REQUIRED",
                  SYSTEM,
                  null,
                  null,
                  null,
                  null,
                  event.currentPrice() + " → " + event.newPrice() + ", " + event.effectiveOn()));
        });
  }

  /** The subscription ended: its open requests are closed. */
  void subscriptionEnded(SubscriptionId id, String reason) {
    transactions.executeWithoutResult(
        status -> {
          for (ConsentRepository.Row row : repository.lockLive(id.value())) {
            supersede(row, clock.now(new CustomerId(row.customerId)), "구독 종료: " + reason);
          }
        });
  }

  private void schedule(
      SubscriptionId id,
      ChangeKind kind,
      Won before,
      Won after,
      LocalDate changeDate,
      Instant changeAt) {
    // Delivered again after a restart: the same change asked for already is left alone.
    boolean asked =
        repository.ofSubscription(id.value()).stream()
            .anyMatch(
                r ->
                    r.status.isLive()
                        && r.changeDate.equals(changeDate)
                        && r.kind == kind
                        && r.priceBefore.equals(before)
                        && r.priceAfter.equals(after));
    if (asked) {
      return;
    }
    transactions.executeWithoutResult(
        status -> {
          SubscriptionView s = subscriptions.view(id);
          CustomerId customer = new CustomerId(s.customerId());
          Instant now = clock.now(customer);
          if (s.status().isFinal() || !now.isBefore(changeAt)) {
            return; // nothing to ask: the subscription ended, or the change is already due (the
            // engine blocks it)
          }
          Optional<ConsentRepository.Row> existing =
              repository.lockForChange(id.value(), changeDate);
          if (existing.isPresent()) {
            ConsentRepository.Row found = existing.get();
            if (!found.status.isLive()) {
              return;
            }
            if (found.status == ConsentStatus.ACCEPTED
                && found.kind == kind
                && !after.isGreaterThan(found.priceAfter)) {
              // Consent covers the change it showed at most at the price agreed to: a lower new
              // price is still covered, so the consent is kept and the change only noted.
              String detail =
                  "#"
                      + found.id
                      + " 동의 유지: 새 변경 "
                      + before
                      + " → "
                      + after
                      + " (동의한 "
                      + found.priceAfter
                      + " 이하)";
              repository.append(
                  new ConsentRepository.Step(
                      found.id,
                      id.value(),
                      customer.value(),
                      now,
                      "CHANGE_COVERED",
                      SYSTEM,
                      null,
                      null,
                      null,
                      null,
                      detail));
              return;
            }
            supersede(existing.get(), now, "새 변경으로 대체: " + before + " → " + after);
          }
          Instant opens = changeAt.minus(properties.requestWindow());
          String method = paymentMethod(customer);
          String text =
              ConsentTexts.text(
                  new ConsentTexts.Facts(
                      kind,
                      s.planName(),
                      before,
                      after,
                      s.interval(),
                      changeDate,
                      changeAt,
                      method,
                      properties.onMissing()));
          ConsentRepository.Row row =
              new ConsentRepository.Row(
                  0,
                  id.value(),
                  customer.value(),
                  kind,
                  ConsentStatus.SCHEDULED,
                  s.planName(),
                  before,
                  after,
                  changeDate,
                  changeAt,
                  opens,
                  method,
                  text,
                  ConsentTexts.hash(text),
                  opens.isAfter(now) ? opens : now,
                  null,
                  null,
                  null,
                  null,
                  now);
          Optional<Long> inserted = repository.insert(row, clock.offset(customer));
          if (inserted.isEmpty()) {
            status.setRollbackOnly(); // another node asked for this change at the same moment
            return;
          }
          row.id = inserted.get();
          String detail =
              summary(row) + ", 동의 요청 " + minute(opens.isAfter(now) ? opens : now) + "부터";
          repository.append(
              new ConsentRepository.Step(
                  row.id,
                  id.value(),
                  customer.value(),
                  now,
                  "SCHEDULED",
                  SYSTEM,
                  null,
                  null,
                  row.shownText,
                  row.textHash,
                  detail));
          if (!opens.isAfter(now)) {
            send(row, now);
          }
        });
  }

  private void supersede(ConsentRepository.Row row, Instant now, String why) {
    ConsentStatus from = row.moveTo(ConsentStatus.SUPERSEDED);
    row.nextSendAt = null;
    row.decidedAt = now;
    repository.save(row, from, now);
    repository.append(
        new ConsentRepository.Step(
            row.id,
            row.subscriptionId,
            row.customerId,
            now,
            "SUPERSEDED",
            SYSTEM,
            null,
            null,
            null,
            null,
            why));
  }

  /**
   * One sending pass: requests whose window opened, whose snooze ended or whose reminder is due.
   */
  int sendDue(Instant serverNow) {
    int sent = 0;
    for (long id : repository.dueToSend(serverNow, properties.worker().batchSize())) {
      Boolean done = transactions.execute(status -> sendOne(id));
      if (Boolean.TRUE.equals(done)) {
        sent++;
      }
    }
    return sent;
  }

  int sendDue() {
    return sendDue(clock.now());
  }

  private boolean sendOne(long id) {
    Optional<ConsentRepository.Row> found = repository.find(id);
    if (found.isEmpty()) {
      return false;
    }
    subscriptions.view(new SubscriptionId(found.get().subscriptionId));
    ConsentRepository.Row row = repository.lock(id).orElseThrow();
    Instant now = clock.now(new CustomerId(row.customerId));
    if (row.nextSendAt == null || row.nextSendAt.isAfter(now)) {
      return false; // another node handled it
    }
    if (!now.isBefore(row.changeAt)
        || (row.status != ConsentStatus.SCHEDULED && row.status != ConsentStatus.REQUESTED)) {
      ConsentStatus from = row.status;
      row.nextSendAt = null;
      repository.save(row, from, now);
      return false;
    }
    return send(row, now);
  }

  /**
   * Sends the request (or its reminder) unless the subscriber asked not to be asked until later.
   */
  private boolean send(ConsentRepository.Row row, Instant now) {
    SubscriptionId subscription = new SubscriptionId(row.subscriptionId);
    ConsentStatus from = row.status;
    Optional<Instant> snoozed = repository.snoozedUntil(row.subscriptionId).filter(now::isBefore);
    if (snoozed.isPresent()) {
      row.nextSendAt = snoozed.get().isBefore(row.changeAt) ? snoozed.get() : null;
      repository.save(row, from, now);
      String detail = "다시 묻지 않기 " + minute(snoozed.get()) + "까지: 요청 보내지 않음";
      repository.append(
          new ConsentRepository.Step(
              row.id,
              row.subscriptionId,
              row.customerId,
              now,
              "REQUEST_SUPPRESSED",
              SYSTEM,
              null,
              null,
              null,
              null,
              detail));
      return false;
    }
    boolean reminder = from == ConsentStatus.REQUESTED;
    if (reminder) {
      refreshText(row); // the reminder shows the current card; the old text's hash is refused
      row.remindedAt = now;
      row.nextSendAt = null;
    } else {
      refreshText(row);
      row.moveTo(ConsentStatus.REQUESTED);
      row.requestedAt = now;
      Instant remindAt = row.changeAt.minus(properties.reminderBefore());
      row.nextSendAt =
          properties.reminderBefore().isZero() || !remindAt.isAfter(now) ? null : remindAt;
    }
    repository.save(row, from, now);
    String action = reminder ? "REMINDED" : "REQUESTED";
    repository.append(
        new ConsentRepository.Step(
            row.id,
            row.subscriptionId,
            row.customerId,
            now,
            action,
            SYSTEM,
            null,
            null,
            row.shownText,
            row.textHash,
            summary(row) + ", 기한 " + minute(row.changeAt)));
    events.publishEvent(
        new ConsentRequested(
            row.requestId(),
            subscription,
            new CustomerId(row.customerId),
            row.kind,
            row.changeDate,
            row.changeAt,
            row.priceBefore,
            row.priceAfter,
            row.paymentMethod,
            row.shownText,
            row.textHash,
            reminder));
    return true;
  }

  /**
   * The customer registered another card: the open requests' text (and hash) now show it, so an
   * acceptance refers to the card that will be charged; the old text's hash is refused from now on.
   */
  /** The customer's test clock moved: their requests are sent by their new time. */
  void clockMoved(CustomerId customer, java.time.Duration offset) {
    repository.clockMoved(customer.value(), offset);
  }

  void cardChanged(CustomerId customer) {
    for (long id : repository.openOfCustomer(customer.value())) {
      transactions.executeWithoutResult(status -> refreshOpen(id));
    }
  }

  private void refreshOpen(long id) {
    Optional<ConsentRepository.Row> found = repository.find(id);
    if (found.isEmpty()) {
      return;
    }
    SubscriptionId subscription = new SubscriptionId(found.get().subscriptionId);
    subscriptions.view(subscription);
    ConsentRepository.Row row = repository.lock(id).orElseThrow();
    Instant now = clock.now(new CustomerId(row.customerId));
    if (!row.status.isLive()
        || row.status == ConsentStatus.ACCEPTED
        || !now.isBefore(row.changeAt)) {
      return;
    }
    String oldHash = row.textHash;
    refreshText(row);
    if (row.textHash.equals(oldHash)) {
      return;
    }
    repository.save(row, row.status, now);
    String detail = "결제수단 변경: " + row.paymentMethod + ", 이전 문구 sha256:" + oldHash.substring(0, 12);
    repository.append(
        new ConsentRepository.Step(
            row.id,
            row.subscriptionId,
            row.customerId,
            now,
            "TEXT_REFRESHED",
            SYSTEM,
            null,
            null,
            row.shownText,
            row.textHash,
            detail));
  }

  /** The card may have changed since the request was scheduled: the text shows the one charged. */
  private void refreshText(ConsentRepository.Row row) {
    SubscriptionView s = subscriptions.view(new SubscriptionId(row.subscriptionId));
    String method = paymentMethod(new CustomerId(row.customerId));
    String text =
        ConsentTexts.text(
            new ConsentTexts.Facts(
                row.kind,
                row.planName,
                row.priceBefore,
                row.priceAfter,
                s.interval(),
                row.changeDate,
                row.changeAt,
                method,
                properties.onMissing()));
    row.paymentMethod = method;
    row.shownText = text;
    row.textHash = ConsentTexts.hash(text);
  }

  private String paymentMethod(CustomerId customer) {
    return cards
        .currentCard(customer)
        .map(c -> c.issuerName() + " " + c.maskedNumber())
        .orElse("등록된 카드 없음");
  }

  // ---- helpers

  static String summary(ConsentRepository.Row row) {
    String what = row.kind == ChangeKind.TRIAL_CONVERSION ? "유료 전환" : "요금 인상";
    return what + " " + row.priceBefore + " → " + row.priceAfter + ", " + row.changeDate;
  }

  private static String minute(Instant instant) {
    return MINUTE.format(instant.atZone(BusinessTime.ZONE));
  }

  private static void requireIp(@Nullable String ip) {
    if (ip != null && !IP.matcher(ip).matches()) {
      throw ApiException.badRequest(
          "INVALID_IP", "ip는 IPv4 또는 IPv6 주소여야 합니다.", "ip must be an IPv4 or IPv6 address.");
    }
  }

  static ApiException notFound(ConsentRequestId id) {
    return ApiException.notFound(
        "CONSENT_REQUEST_NOT_FOUND",
        "동의 요청을 찾을 수 없습니다: " + id.value(),
        "No consent request " + id.value() + ".");
  }

  private static ConsentRequest view(ConsentRepository.Row r, @Nullable Instant snoozedUntil) {
    return new ConsentRequest(
        r.id,
        r.subscriptionId,
        r.customerId,
        r.kind,
        r.status,
        r.planName,
        r.priceBefore,
        r.priceAfter,
        r.changeDate,
        r.changeAt,
        r.windowOpensAt,
        r.paymentMethod,
        r.shownText,
        r.textHash,
        r.requestedAt,
        r.acceptedAt,
        r.decidedAt,
        snoozedUntil,
        r.createdAt);
  }
}
