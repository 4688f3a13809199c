package io.tossbill.consent;

import io.tossbill.billing.ChargeConsentPolicy.ChangeKind;
import io.tossbill.billing.SubscriptionId;
import io.tossbill.customer.CustomerId;
import io.tossbill.platform.ApiException;
import io.tossbill.platform.BusinessTime;
import io.tossbill.platform.Won;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * One consent request: the change it asks about, where it is ({@link ConsentStatus}), the text it
 * shows and when it is sent next. Its state is private; every change is a named method that checks
 * the move is legal, applies it, appends a history step (who, what, when, the text shown), and
 * returns the event to publish where there is one. Times are the customer's (their test clock
 * included).
 */
final class Consent {

  /** The actor of every step tossbill takes on its own. */
  static final String SYSTEM = "system";

  private static final DateTimeFormatter MINUTE = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm");

  /** What a request asks about: one change of one subscription, at its change date. */
  record Change(
      long subscriptionId,
      long customerId,
      ChangeKind kind,
      String planName,
      Won priceBefore,
      Won priceAfter,
      LocalDate changeDate,
      Instant changeAt) {}

  /** A history step not yet written. */
  record Step(
      Instant at,
      ConsentStep action,
      String actor,
      @Nullable ConsentChannel channel,
      @Nullable String ip,
      @Nullable String shownText,
      @Nullable String textHash,
      String detail) {

    static Step bySystem(Instant at, ConsentStep action, String detail) {
      return new Step(at, action, SYSTEM, null, null, null, null, detail);
    }
  }

  /** The request as stored, read-only. */
  record State(
      long id,
      long subscriptionId,
      long customerId,
      ChangeKind kind,
      ConsentStatus status,
      String planName,
      Won priceBefore,
      Won priceAfter,
      LocalDate changeDate,
      Instant changeAt,
      Instant windowOpensAt,
      String paymentMethod,
      String shownText,
      String textHash,
      @Nullable Instant nextSendAt,
      @Nullable Instant requestedAt,
      @Nullable Instant remindedAt,
      @Nullable Instant acceptedAt,
      @Nullable Instant decidedAt,
      Instant createdAt) {

    Change change() {
      return new Change(
          subscriptionId,
          customerId,
          kind,
          planName,
          priceBefore,
          priceAfter,
          changeDate,
          changeAt);
    }

    /** As the API shows it. */
    ConsentRequest view(@Nullable Instant snoozedUntil) {
      return new ConsentRequest(
          id,
          subscriptionId,
          customerId,
          kind,
          status,
          planName,
          priceBefore,
          priceAfter,
          changeDate,
          changeAt,
          windowOpensAt,
          paymentMethod,
          shownText,
          textHash,
          requestedAt,
          acceptedAt,
          decidedAt,
          snoozedUntil,
          createdAt);
    }
  }

  private long id;
  private final Change change;
  private ConsentStatus status;
  private final Instant windowOpensAt;
  private String paymentMethod;
  private String shownText;
  private String textHash;
  private @Nullable Instant nextSendAt;
  private @Nullable Instant requestedAt;
  private @Nullable Instant remindedAt;
  private @Nullable Instant acceptedAt;
  private @Nullable Instant decidedAt;
  private final Instant createdAt;
  private State loaded;
  private final List<Step> steps = new ArrayList<>();

  Consent(State s) {
    this.id = s.id();
    this.change = s.change();
    this.status = s.status();
    this.windowOpensAt = s.windowOpensAt();
    this.paymentMethod = s.paymentMethod();
    this.shownText = s.shownText();
    this.textHash = s.textHash();
    this.nextSendAt = s.nextSendAt();
    this.requestedAt = s.requestedAt();
    this.remindedAt = s.remindedAt();
    this.acceptedAt = s.acceptedAt();
    this.decidedAt = s.decidedAt();
    this.createdAt = s.createdAt();
    this.loaded = s;
  }

  State state() {
    return new State(
        id,
        change.subscriptionId(),
        change.customerId(),
        change.kind(),
        status,
        change.planName(),
        change.priceBefore(),
        change.priceAfter(),
        change.changeDate(),
        change.changeAt(),
        windowOpensAt,
        paymentMethod,
        shownText,
        textHash,
        nextSendAt,
        requestedAt,
        remindedAt,
        acceptedAt,
        decidedAt,
        createdAt);
  }

  // ---- a new request

  /**
   * A request for {@code change}, SCHEDULED, showing {@code shown}: its window opens {@code window}
   * before the change, and it is due to be sent then, or at once when the window is open already.
   */
  static Consent schedule(Change change, ConsentTexts.Shown shown, Instant now, Duration window) {
    if (!change.priceAfter().isGreaterThan(change.priceBefore())) {
      throw new IllegalArgumentException(
          "consent is asked for a higher price only, was "
              + change.priceBefore()
              + " → "
              + change.priceAfter());
    }
    if (!now.isBefore(change.changeAt())) {
      throw new IllegalArgumentException(
          "the change at " + change.changeAt() + " is due already at " + now);
    }
    Instant opens = change.changeAt().minus(window);
    Instant sendAt = opens.isAfter(now) ? opens : now;
    Consent c =
        new Consent(
            new State(
                0,
                change.subscriptionId(),
                change.customerId(),
                change.kind(),
                ConsentStatus.SCHEDULED,
                change.planName(),
                change.priceBefore(),
                change.priceAfter(),
                change.changeDate(),
                change.changeAt(),
                opens,
                shown.paymentMethod(),
                shown.text(),
                shown.hash(),
                sendAt,
                null,
                null,
                null,
                null,
                now));
    c.note(
        now,
        ConsentStep.SCHEDULED,
        c.shownText,
        c.textHash,
        c.summary() + ", 동의 요청 " + minute(sendAt) + "부터");
    return c;
  }

  /** Whether this request is still open and asks about exactly this change. */
  boolean asksAbout(ChangeKind kind, Won before, Won after, LocalDate changeDate) {
    return status.isLive()
        && change.changeDate().equals(changeDate)
        && change.kind() == kind
        && change.priceBefore().equals(before)
        && change.priceAfter().equals(after);
  }

  // ---- sending

  /** Whether a send (the request, its reminder, a look after a snooze) is due at {@code now}. */
  boolean isDueToSend(Instant now) {
    return nextSendAt != null && !nextSendAt.isAfter(now);
  }

  /**
   * Sends the request, or its reminder when it was sent before, showing {@code current} (the card
   * may have changed since it was made: the old text's hash is refused from now on). While the
   * subscriber's snooze runs nothing is sent and the send moves to its end; once the deadline
   * passed, or the request was answered or closed, it is not sent any more.
   *
   * @param snoozedUntil the subscription's "don't ask again" end, if one was chosen
   * @param reminderBefore how long before the deadline an unanswered request is sent again; zero:
   *     never
   * @return the request to deliver, if one is sent
   */
  Optional<ConsentRequested> send(
      Instant now,
      @Nullable Instant snoozedUntil,
      ConsentTexts.Shown current,
      Duration reminderBefore) {
    if (!isDueToSend(now)) {
      throw new IllegalStateException("consent request " + id + " is not due to be sent at " + now);
    }
    if (!now.isBefore(change.changeAt())
        || (status != ConsentStatus.SCHEDULED && status != ConsentStatus.REQUESTED)) {
      nextSendAt = null;
      return Optional.empty();
    }
    if (snoozedUntil != null && now.isBefore(snoozedUntil)) {
      nextSendAt = snoozedUntil.isBefore(change.changeAt()) ? snoozedUntil : null;
      note(
          now,
          ConsentStep.REQUEST_SUPPRESSED,
          null,
          null,
          "다시 묻지 않기 " + minute(snoozedUntil) + "까지: 요청 보내지 않음");
      return Optional.empty();
    }
    boolean reminder = status == ConsentStatus.REQUESTED;
    show(current);
    if (reminder) {
      remindedAt = now;
      nextSendAt = null;
    } else {
      moveTo(ConsentStatus.REQUESTED);
      requestedAt = now;
      Instant remindAt = change.changeAt().minus(reminderBefore);
      nextSendAt = reminderBefore.isZero() || !remindAt.isAfter(now) ? null : remindAt;
    }
    note(
        now,
        reminder ? ConsentStep.REMINDED : ConsentStep.REQUESTED,
        shownText,
        textHash,
        summary() + ", 기한 " + minute(change.changeAt()));
    return Optional.of(
        new ConsentRequested(
            new ConsentRequestId(id),
            new SubscriptionId(change.subscriptionId()),
            new CustomerId(change.customerId()),
            change.kind(),
            change.changeDate(),
            change.changeAt(),
            change.priceBefore(),
            change.priceAfter(),
            paymentMethod,
            shownText,
            textHash,
            reminder));
  }

  // ---- the subscriber's answers

  /**
   * The subscriber agrees to the text whose SHA-256 is {@code agreedHash}. Refused (409, nothing
   * changed) when the request cannot become ACCEPTED, at or after the deadline, before the window
   * opens, or for another text.
   */
  void accept(String agreedHash, Consents.Answer by, Instant now) {
    requireAnswerable(ConsentStatus.ACCEPTED, now);
    if (now.isBefore(windowOpensAt)) {
      long days = Duration.between(windowOpensAt, change.changeAt()).toDays();
      throw ApiException.conflict(
          "CONSENT_WINDOW_NOT_OPEN",
          "api.CONSENT_WINDOW_NOT_OPEN",
          days,
          minute(windowOpensAt),
          windowOpensAt);
    }
    if (!agreedHash.equals(textHash)) {
      throw ApiException.conflict("CONSENT_TEXT_MISMATCH", "api.CONSENT_TEXT_MISMATCH");
    }
    acceptedAt = now;
    decide(ConsentStatus.ACCEPTED, ConsentStep.ACCEPTED, by, now);
  }

  /** An explicit "no": nothing more is asked, and the charge stays blocked. */
  void decline(Consents.Answer by, Instant now) {
    requireAnswerable(ConsentStatus.DECLINED, now);
    decide(ConsentStatus.DECLINED, ConsentStep.DECLINED, by, now);
  }

  /** The consent is taken back before the deadline: the charge is blocked again. */
  void withdraw(Consents.Answer by, Instant now) {
    requireAnswerable(ConsentStatus.WITHDRAWN, now);
    acceptedAt = null;
    decide(ConsentStatus.WITHDRAWN, ConsentStep.WITHDRAWN, by, now);
  }

  /**
   * "Don't ask me again for {@code days} days": no request or reminder is sent before the instant
   * returned. It is no answer: the status stays. Refused (409) for an accepted or closed request.
   */
  Instant snooze(int days, Consents.Answer by, Instant now) {
    if (status == ConsentStatus.ACCEPTED || !status.isLive()) {
      throw ApiException.conflict(
          "ILLEGAL_CONSENT_TRANSITION",
          "api.ILLEGAL_CONSENT_TRANSITION.2",
          status.korean(),
          status);
    }
    Instant until = now.atZone(BusinessTime.ZONE).plusDays(days).toInstant();
    if (nextSendAt != null && nextSendAt.isBefore(until)) {
      nextSendAt = until.isBefore(change.changeAt()) ? until : null;
    }
    answered(now, ConsentStep.SNOOZED, by, days + "일간 다시 묻지 않기 (" + minute(until) + "까지)");
    return until;
  }

  private void requireAnswerable(ConsentStatus target, Instant now) {
    status.requireMoveTo(target);
    if (!now.isBefore(change.changeAt())) {
      throw ApiException.conflict(
          "CONSENT_DEADLINE_PASSED",
          "api.CONSENT_DEADLINE_PASSED",
          minute(change.changeAt()),
          change.changeAt());
    }
  }

  private void decide(ConsentStatus target, ConsentStep action, Consents.Answer by, Instant now) {
    moveTo(target);
    decidedAt = now;
    nextSendAt = null;
    answered(now, action, by, summary());
  }

  // ---- newer changes, the card, the subscription's end

  /**
   * Whether the consent given covers a change of {@code kind} to {@code priceAfter}: consent covers
   * the change it showed, the same kind at most at the price agreed to.
   */
  boolean covers(ChangeKind kind, Won priceAfter) {
    return status == ConsentStatus.ACCEPTED
        && change.kind() == kind
        && !priceAfter.isGreaterThan(change.priceAfter());
  }

  /** A new change for this date that the consent covers: the consent is kept, the change noted. */
  void changeCovered(ChangeKind kind, Won before, Won after, Instant now) {
    if (!covers(kind, after)) {
      throw new IllegalStateException(
          "consent request " + id + " (" + status + ") does not cover " + kind + " to " + after);
    }
    note(
        now,
        ConsentStep.CHANGE_COVERED,
        null,
        null,
        "#"
            + id
            + " 동의 유지: 새 변경 "
            + before
            + " → "
            + after
            + " (동의한 "
            + change.priceAfter()
            + " 이하)");
  }

  /** Another change for the same date replaces this request (a new request asks about it). */
  void replaceBy(Won before, Won after, Instant now) {
    supersede(now, "새 변경으로 대체: " + before + " → " + after);
  }

  /** The change moved to another date (a trial extended): a new request asks about that one. */
  void movedTo(LocalDate newDate, Instant now) {
    supersede(now, "변경일 변경: " + change.changeDate() + " → " + newDate);
  }

  /** The date of the change this request asks about. */
  LocalDate changeDate() {
    return change.changeDate();
  }

  /** The price for this date went down (or stayed): there is nothing to ask. */
  void dropForLowerPrice(Won newPrice, Instant now) {
    supersede(now, "가격 인하/동일 (" + newPrice + "): 동의 불필요");
  }

  /** The subscription ended: there is nothing to ask any more. */
  void closeForEnd(String reason, Instant now) {
    supersede(now, "구독 종료: " + reason);
  }

  private void supersede(Instant now, String why) {
    moveTo(ConsentStatus.SUPERSEDED);
    nextSendAt = null;
    decidedAt = now;
    note(now, ConsentStep.SUPERSEDED, null, null, why);
  }

  /**
   * Whether the text may still change: an open request before its deadline (an accepted one keeps
   * the text agreed to).
   */
  boolean isOpenAt(Instant now) {
    return status.isLive() && status != ConsentStatus.ACCEPTED && now.isBefore(change.changeAt());
  }

  /**
   * The customer registered another card: the request shows {@code current} from now on, so an
   * acceptance refers to the card that will be charged; the old text's hash is refused. Returns
   * false when the text stays the same.
   */
  boolean refreshText(ConsentTexts.Shown current, Instant now) {
    if (!isOpenAt(now)) {
      throw new IllegalStateException(
          "consent request " + id + " (" + status + ") keeps its text at " + now);
    }
    String oldHash = textHash;
    if (current.hash().equals(oldHash)) {
      return false;
    }
    show(current);
    note(
        now,
        ConsentStep.TEXT_REFRESHED,
        shownText,
        textHash,
        "결제수단 변경: " + paymentMethod + ", 이전 문구 sha256:" + oldHash.substring(0, 12));
    return true;
  }

  // ---- the renewal's check at the change date

  /**
   * Whether the renewal at {@code now} may charge {@code price} for a change of {@code kind} on
   * this consent: it covers the change and was given within {@code window} before now (a consent
   * for a change date long past, e.g. before a pause, does not cover a charge months later).
   */
  boolean allowsCharge(ChangeKind kind, Won price, Instant now, Duration window) {
    return covers(kind, price) && acceptedAt != null && !acceptedAt.isBefore(now.minus(window));
  }

  /**
   * The renewal charges {@code price} on this consent: APPLIED. Returns the evidence for the
   * subscription's history.
   */
  String applyToCharge(ChangeKind kind, Won price, Instant now, Duration window) {
    Instant accepted = acceptedAt;
    if (accepted == null || !allowsCharge(kind, price, now, window)) {
      throw new IllegalStateException(
          "consent request " + id + " (" + status + ") does not allow charging " + price);
    }
    moveTo(ConsentStatus.APPLIED);
    nextSendAt = null;
    note(now, ConsentStep.CHARGE_ALLOWED, null, textHash, price + " 청구 허용");
    return "#"
        + id
        + " "
        + summary()
        + ", 동의 "
        + minute(accepted)
        + ", 문구 sha256:"
        + textHash.substring(0, 12);
  }

  /** Never sent: still SCHEDULED (its window had not opened, or a snooze held it back). */
  boolean neverSent() {
    return status == ConsentStatus.SCHEDULED;
  }

  /**
   * The change date came before this request was ever sent: it is closed (SUPERSEDED) and the
   * increase moves to the end of the period that starts now, where a new request asks with a full
   * window.
   */
  void deferUnsent(Won before, Won after, Instant now) {
    if (!neverSent()) {
      throw new IllegalStateException(
          "consent request " + id + " was sent (" + status + "): it is not deferred");
    }
    moveTo(ConsentStatus.SUPERSEDED);
    nextSendAt = null;
    decidedAt = now;
    note(now, ConsentStep.DEFERRED, null, null, deferred(before, after, " (요청 #" + id + " 미발송)"));
  }

  /** The same, for an increase whose change date came before any request was made. */
  static Step deferredWithoutRequest(Won before, Won after, Instant now) {
    return Step.bySystem(now, ConsentStep.DEFERRED, deferred(before, after, " (요청 없음)"));
  }

  /**
   * The renewal found no consent covering the charge: the request lapses (where it still can), and
   * the blocked charge is recorded; {@code keepPrice}: the subscription renews at its current price
   * instead of ending.
   */
  void blockCharge(Won before, Won after, boolean keepPrice, Instant now) {
    if (status.canMoveTo(ConsentStatus.LAPSED)) {
      moveTo(ConsentStatus.LAPSED);
      nextSendAt = null;
    }
    note(
        now,
        ConsentStep.CHARGE_BLOCKED,
        null,
        null,
        blocked(before, after, " (요청 #" + id + ": " + status + ")", keepPrice));
  }

  /** The same, for a charge that needed consent while no request for it exists. */
  static Step chargeBlockedWithoutRequest(Won before, Won after, boolean keepPrice, Instant now) {
    return Step.bySystem(
        now, ConsentStep.CHARGE_BLOCKED, blocked(before, after, " (요청 없음)", keepPrice));
  }

  /** A price decrease (or the same price) scheduled for {@code effectiveOn}: nothing to ask. */
  static Step notRequired(Won before, Won after, LocalDate effectiveOn, Instant now) {
    return Step.bySystem(
        now, ConsentStep.NOT_REQUIRED, before + " → " + after + ", " + effectiveOn);
  }

  // ---- persistence

  /** The id the database gave it; set once, right after the insert. */
  void identify(long assigned) {
    if (id != 0 || assigned <= 0) {
      throw new IllegalStateException("consent request id is set once, was " + id);
    }
    id = assigned;
  }

  /** The status it was loaded (or last saved) with: the save compares against it. */
  ConsentStatus loadedStatus() {
    return loaded.status();
  }

  /** Whether its row differs from what was loaded (or last saved). */
  boolean changed() {
    return !state().equals(loaded);
  }

  List<Step> steps() {
    return List.copyOf(steps);
  }

  /** The row and its steps were written. */
  void saved() {
    steps.clear();
    loaded = state();
  }

  long id() {
    return id;
  }

  long subscriptionId() {
    return change.subscriptionId();
  }

  long customerId() {
    return change.customerId();
  }

  ConsentStatus status() {
    return status;
  }

  // ---- internals

  private void moveTo(ConsentStatus target) {
    status.requireMoveTo(target);
    status = target;
  }

  private void show(ConsentTexts.Shown current) {
    paymentMethod = current.paymentMethod();
    shownText = current.text();
    textHash = current.hash();
  }

  private void note(
      Instant at, ConsentStep action, @Nullable String text, @Nullable String hash, String detail) {
    steps.add(new Step(at, action, SYSTEM, null, null, text, hash, detail));
  }

  private void answered(Instant at, ConsentStep action, Consents.Answer by, String detail) {
    steps.add(new Step(at, action, by.actor(), by.channel(), by.ip(), shownText, textHash, detail));
  }

  private String summary() {
    String what = change.kind() == ChangeKind.TRIAL_CONVERSION ? "유료 전환" : "요금 인상";
    return what
        + " "
        + change.priceBefore()
        + " → "
        + change.priceAfter()
        + ", "
        + change.changeDate();
  }

  private static String deferred(Won before, Won after, String request) {
    return before + " → " + after + " 동의 요청 전 변경일 도래" + request + ", 기존 요금 유지, 인상은 다음 기간 종료일로 연기";
  }

  private static String blocked(Won before, Won after, String request, boolean keepPrice) {
    return before + " → " + after + " 동의 없음" + request + (keepPrice ? ", 기존 요금 유지" : ", 구독 종료");
  }

  private static String minute(Instant instant) {
    return MINUTE.format(instant.atZone(BusinessTime.ZONE));
  }
}
