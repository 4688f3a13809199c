package io.tossbill.consent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tossbill.billing.ChargeConsentPolicy.ChangeKind;
import io.tossbill.platform.ApiException;
import io.tossbill.platform.Won;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * A consent request's transitions, as docs/consent.md tells them: a request for a price increase
 * from 10,000 to 12,000 won on 2033-04-10 (charged at 09:00 Seoul), its window opening 30 days
 * before. No Spring, no database.
 */
class ConsentTests {

  static final Duration WINDOW = Duration.ofDays(30);
  static final Duration REMINDER = Duration.ofDays(7);
  static final Instant CHANGE_AT = Instant.parse("2033-04-10T00:00:00Z");
  static final Instant OPENS = Instant.parse("2033-03-11T00:00:00Z");
  static final Instant INSIDE = Instant.parse("2033-03-25T06:30:00Z");
  static final Won BEFORE = Won.of(10_000);
  static final Won AFTER = Won.of(12_000);
  static final ConsentTexts.Shown CARD_A = shown("신한카드 4330****1234");
  static final ConsentTexts.Shown CARD_B = shown("현대카드 5555****2222");
  static final Consents.Answer WEB =
      new Consents.Answer("api-key shop", ConsentChannel.WEB, "203.0.113.7");

  static ConsentTexts.Shown shown(String card) {
    String text = "[구독 요금 인상 동의 요청]\n- 결제수단: " + card;
    return new ConsentTexts.Shown(card, text, ConsentTexts.hash(text));
  }

  static Consent.Change increase() {
    return new Consent.Change(
        7,
        3,
        ChangeKind.PRICE_INCREASE,
        "스탠다드",
        BEFORE,
        AFTER,
        LocalDate.parse("2033-04-10"),
        CHANGE_AT);
  }

  /** A stored request (id 41) in {@code status}, sent at {@code OPENS} when it was. */
  static Consent stored(ConsentStatus status, @Nullable Instant nextSendAt) {
    boolean sent = status != ConsentStatus.SCHEDULED;
    boolean accepted = status == ConsentStatus.ACCEPTED || status == ConsentStatus.APPLIED;
    return new Consent(
        new Consent.State(
            41,
            7,
            3,
            ChangeKind.PRICE_INCREASE,
            status,
            "스탠다드",
            BEFORE,
            AFTER,
            LocalDate.parse("2033-04-10"),
            CHANGE_AT,
            OPENS,
            CARD_A.paymentMethod(),
            CARD_A.text(),
            CARD_A.hash(),
            nextSendAt,
            sent ? OPENS : null,
            null,
            accepted ? INSIDE : null,
            accepted ? INSIDE : null,
            OPENS.minus(Duration.ofDays(10))));
  }

  static Consent requested() {
    return stored(ConsentStatus.REQUESTED, CHANGE_AT.minus(REMINDER));
  }

  static Consent accepted() {
    Consent c = requested();
    c.accept(CARD_A.hash(), WEB, INSIDE);
    c.saved();
    return c;
  }

  static List<ConsentStep> actions(Consent c) {
    return c.steps().stream().map(Consent.Step::action).toList();
  }

  static void assertRefused(Runnable answer, String code) {
    assertThatThrownBy(answer::run)
        .isInstanceOfSatisfying(
            ApiException.class,
            e -> {
              assertThat(e.code()).isEqualTo(code);
              assertThat(e.status().value()).isEqualTo(409);
            });
  }

  static void assertUnchanged(Consent c) {
    assertThat(c.changed()).isFalse();
    assertThat(c.steps()).isEmpty();
  }

  @Nested
  class Scheduling {

    @Test
    void aRequestMadeBeforeItsWindowWaitsForTheWindowToOpen() {
      Instant now = Instant.parse("2033-01-06T01:00:00Z");
      Consent c = Consent.schedule(increase(), CARD_A, now, WINDOW);
      Consent.State s = c.state();
      assertThat(s.status()).isEqualTo(ConsentStatus.SCHEDULED);
      assertThat(s.windowOpensAt()).isEqualTo(OPENS);
      assertThat(s.nextSendAt()).isEqualTo(OPENS);
      assertThat(c.isDueToSend(now)).isFalse();
      assertThat(c.isDueToSend(OPENS)).isTrue();
      assertThat(c.steps())
          .singleElement()
          .satisfies(
              step -> {
                assertThat(step.action()).isEqualTo(ConsentStep.SCHEDULED);
                assertThat(step.actor()).isEqualTo(Consent.SYSTEM);
                assertThat(step.shownText()).isEqualTo(CARD_A.text());
                assertThat(step.textHash()).isEqualTo(CARD_A.hash());
                assertThat(step.detail())
                    .isEqualTo("요금 인상 10,000원 → 12,000원, 2033-04-10, 동의 요청 2033-03-11 09:00부터");
              });
    }

    @Test
    void aRequestMadeInsideItsWindowIsDueAtOnce() {
      Consent c = Consent.schedule(increase(), CARD_A, INSIDE, WINDOW);
      assertThat(c.state().nextSendAt()).isEqualTo(INSIDE);
      assertThat(c.isDueToSend(INSIDE)).isTrue();
    }

    @Test
    void consentIsAskedForAHigherPriceOnlyAndBeforeTheChange() {
      Consent.Change same =
          new Consent.Change(
              7,
              3,
              ChangeKind.PRICE_INCREASE,
              "스탠다드",
              AFTER,
              AFTER,
              LocalDate.parse("2033-04-10"),
              CHANGE_AT);
      assertThatThrownBy(() -> Consent.schedule(same, CARD_A, INSIDE, WINDOW))
          .isInstanceOf(IllegalArgumentException.class);
      assertThatThrownBy(() -> Consent.schedule(increase(), CARD_A, CHANGE_AT, WINDOW))
          .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aLiveRequestAsksAboutExactlyItsChange() {
      Consent c = requested();
      LocalDate date = LocalDate.parse("2033-04-10");
      assertThat(c.asksAbout(ChangeKind.PRICE_INCREASE, BEFORE, AFTER, date)).isTrue();
      assertThat(c.asksAbout(ChangeKind.PRICE_INCREASE, BEFORE, Won.of(13_000), date)).isFalse();
      assertThat(c.asksAbout(ChangeKind.TRIAL_CONVERSION, BEFORE, AFTER, date)).isFalse();
      assertThat(c.asksAbout(ChangeKind.PRICE_INCREASE, BEFORE, AFTER, date.plusMonths(1)))
          .isFalse();
      c.closeForEnd("CANCELED_BY_MERCHANT", INSIDE);
      assertThat(c.asksAbout(ChangeKind.PRICE_INCREASE, BEFORE, AFTER, date)).isFalse();
    }
  }

  @Nested
  class Sending {

    @Test
    void theFirstSendRequestsConsentWithTheCurrentTextAndSchedulesTheReminder() {
      Consent c = stored(ConsentStatus.SCHEDULED, OPENS);
      Optional<ConsentRequested> sent = c.send(OPENS, null, CARD_B, REMINDER);
      assertThat(sent)
          .hasValueSatisfying(
              e -> {
                assertThat(e.requestId().value()).isEqualTo(41);
                assertThat(e.reminder()).isFalse();
                assertThat(e.paymentMethod()).isEqualTo(CARD_B.paymentMethod());
                assertThat(e.shownText()).isEqualTo(CARD_B.text());
                assertThat(e.textHash()).isEqualTo(CARD_B.hash());
                assertThat(e.priceAfter()).isEqualTo(AFTER);
                assertThat(e.deadline()).isEqualTo(CHANGE_AT);
              });
      Consent.State s = c.state();
      assertThat(s.status()).isEqualTo(ConsentStatus.REQUESTED);
      assertThat(s.requestedAt()).isEqualTo(OPENS);
      assertThat(s.nextSendAt()).isEqualTo(Instant.parse("2033-04-03T00:00:00Z"));
      assertThat(c.steps())
          .singleElement()
          .satisfies(
              step -> {
                assertThat(step.action()).isEqualTo(ConsentStep.REQUESTED);
                assertThat(step.textHash()).isEqualTo(CARD_B.hash());
                assertThat(step.detail()).endsWith(", 기한 2033-04-10 09:00");
              });
    }

    @Test
    void anUnansweredRequestIsRemindedOnceWithTheCurrentText() {
      Consent c = requested();
      Instant remindAt = CHANGE_AT.minus(REMINDER);
      assertThat(c.isDueToSend(remindAt.minusSeconds(1))).isFalse();
      Optional<ConsentRequested> sent = c.send(remindAt, null, CARD_B, REMINDER);
      assertThat(sent).hasValueSatisfying(e -> assertThat(e.reminder()).isTrue());
      assertThat(c.state().status()).isEqualTo(ConsentStatus.REQUESTED);
      assertThat(c.state().remindedAt()).isEqualTo(remindAt);
      assertThat(c.state().textHash()).isEqualTo(CARD_B.hash());
      assertThat(c.state().nextSendAt()).isNull();
      assertThat(actions(c)).containsExactly(ConsentStep.REMINDED);
    }

    @Test
    void noReminderWhenRemindersAreOffOrTheirTimeHasPassed() {
      Consent off = stored(ConsentStatus.SCHEDULED, OPENS);
      off.send(OPENS, null, CARD_A, Duration.ZERO);
      assertThat(off.state().nextSendAt()).isNull();

      Instant late = CHANGE_AT.minus(Duration.ofDays(2));
      Consent lateSent = stored(ConsentStatus.SCHEDULED, late);
      lateSent.send(late, null, CARD_A, REMINDER);
      assertThat(lateSent.state().nextSendAt()).isNull();
    }

    @Test
    void aSnoozeSuppressesTheSendUntilItEnds() {
      Consent c = stored(ConsentStatus.SCHEDULED, OPENS);
      Instant snoozedUntil = OPENS.plus(Duration.ofDays(10));
      assertThat(c.send(OPENS, snoozedUntil, CARD_B, REMINDER)).isEmpty();
      assertThat(c.state().status()).isEqualTo(ConsentStatus.SCHEDULED);
      assertThat(c.state().nextSendAt()).isEqualTo(snoozedUntil);
      assertThat(c.state().textHash()).isEqualTo(CARD_A.hash());
      assertThat(c.steps())
          .singleElement()
          .satisfies(
              step -> {
                assertThat(step.action()).isEqualTo(ConsentStep.REQUEST_SUPPRESSED);
                assertThat(step.detail()).isEqualTo("다시 묻지 않기 2033-03-21 09:00까지: 요청 보내지 않음");
              });
      c.saved();

      assertThat(c.send(snoozedUntil, snoozedUntil, CARD_B, REMINDER)).isPresent();
      assertThat(c.state().status()).isEqualTo(ConsentStatus.REQUESTED);
    }

    @Test
    void aSnoozeBeyondTheDeadlineStopsSending() {
      Consent c = stored(ConsentStatus.SCHEDULED, OPENS);
      assertThat(c.send(OPENS, CHANGE_AT.plus(Duration.ofDays(1)), CARD_A, REMINDER)).isEmpty();
      assertThat(c.state().nextSendAt()).isNull();
    }

    @Test
    void nothingIsSentOnceTheDeadlinePassedOrTheRequestWasAnswered() {
      Consent late = stored(ConsentStatus.REQUESTED, CHANGE_AT.minus(REMINDER));
      assertThat(late.send(CHANGE_AT, null, CARD_A, REMINDER)).isEmpty();
      assertThat(late.state().nextSendAt()).isNull();
      assertThat(late.steps()).isEmpty();

      Consent declined = stored(ConsentStatus.DECLINED, CHANGE_AT.minus(REMINDER));
      assertThat(declined.send(CHANGE_AT.minus(REMINDER), null, CARD_A, REMINDER)).isEmpty();
      assertThat(declined.state().nextSendAt()).isNull();
      assertThat(declined.state().status()).isEqualTo(ConsentStatus.DECLINED);
    }

    @Test
    void aRequestThatIsNotDueIsNotSent() {
      Consent c = requested();
      assertThatThrownBy(() -> c.send(OPENS.plusSeconds(60), null, CARD_A, REMINDER))
          .isInstanceOf(IllegalStateException.class);
      assertUnchanged(c);
    }
  }

  @Nested
  class Answers {

    @Test
    void anAcceptanceRecordsWhoWhereWhenAndTheTextAgreedTo() {
      Consent c = requested();
      c.accept(CARD_A.hash(), WEB, INSIDE);
      Consent.State s = c.state();
      assertThat(s.status()).isEqualTo(ConsentStatus.ACCEPTED);
      assertThat(s.acceptedAt()).isEqualTo(INSIDE);
      assertThat(s.decidedAt()).isEqualTo(INSIDE);
      assertThat(s.nextSendAt()).isNull();
      assertThat(c.steps())
          .singleElement()
          .satisfies(
              step -> {
                assertThat(step.action()).isEqualTo(ConsentStep.ACCEPTED);
                assertThat(step.at()).isEqualTo(INSIDE);
                assertThat(step.actor()).isEqualTo("api-key shop");
                assertThat(step.channel()).isEqualTo(ConsentChannel.WEB);
                assertThat(step.ip()).isEqualTo("203.0.113.7");
                assertThat(step.shownText()).isEqualTo(CARD_A.text());
                assertThat(step.textHash()).isEqualTo(CARD_A.hash());
              });
    }

    @Test
    void anAnswerBeforeTheWindowOpensIsRefused() {
      Consent c = stored(ConsentStatus.SCHEDULED, OPENS);
      assertRefused(
          () -> c.accept(CARD_A.hash(), WEB, OPENS.minusSeconds(1)), "CONSENT_WINDOW_NOT_OPEN");
      assertUnchanged(c);
      c.accept(CARD_A.hash(), WEB, OPENS);
      assertThat(c.state().status()).isEqualTo(ConsentStatus.ACCEPTED);
    }

    @Test
    void anAnswerAfterTheChangeDateIsRefused() {
      Consent c = requested();
      assertRefused(() -> c.accept(CARD_A.hash(), WEB, CHANGE_AT), "CONSENT_DEADLINE_PASSED");
      assertRefused(() -> c.decline(WEB, CHANGE_AT.plusSeconds(1)), "CONSENT_DEADLINE_PASSED");
      assertUnchanged(c);
      Consent a = accepted();
      assertRefused(() -> a.withdraw(WEB, CHANGE_AT), "CONSENT_DEADLINE_PASSED");
      assertUnchanged(a);
    }

    @Test
    void anAcceptanceOfAnotherTextIsRefused() {
      Consent c = requested();
      assertRefused(() -> c.accept(CARD_B.hash(), WEB, INSIDE), "CONSENT_TEXT_MISMATCH");
      assertUnchanged(c);
    }

    @Test
    void withdrawingTakesBackTheAcceptanceAndConsentMayBeGivenAgain() {
      Consent c = accepted();
      Instant later = INSIDE.plus(Duration.ofDays(2));
      c.withdraw(WEB, later);
      assertThat(c.state().status()).isEqualTo(ConsentStatus.WITHDRAWN);
      assertThat(c.state().acceptedAt()).isNull();
      assertRefused(() -> c.withdraw(WEB, later), "ILLEGAL_CONSENT_TRANSITION");
      c.accept(CARD_A.hash(), WEB, later.plusSeconds(60));
      assertThat(actions(c)).containsExactly(ConsentStep.WITHDRAWN, ConsentStep.ACCEPTED);
    }

    @Test
    void onlyAnAcceptedRequestCanBeWithdrawn() {
      Consent c = requested();
      assertRefused(() -> c.withdraw(WEB, INSIDE), "ILLEGAL_CONSENT_TRANSITION");
      assertUnchanged(c);
    }

    @Test
    void aSubscriberWhoDeclinedMayStillAccept() {
      Consent c = requested();
      c.decline(WEB, INSIDE);
      assertThat(c.state().status()).isEqualTo(ConsentStatus.DECLINED);
      assertThat(c.state().acceptedAt()).isNull();
      c.accept(CARD_A.hash(), WEB, INSIDE.plusSeconds(60));
      assertThat(c.state().status()).isEqualTo(ConsentStatus.ACCEPTED);
      assertThat(actions(c)).containsExactly(ConsentStep.DECLINED, ConsentStep.ACCEPTED);
    }

    @Test
    void aClosedRequestTakesNoAnswer() {
      Consent c = requested();
      c.replaceBy(BEFORE, Won.of(13_000), INSIDE);
      c.saved();
      assertRefused(() -> c.accept(CARD_A.hash(), WEB, INSIDE), "ILLEGAL_CONSENT_TRANSITION");
      assertRefused(() -> c.decline(WEB, INSIDE), "ILLEGAL_CONSENT_TRANSITION");
      assertUnchanged(c);
    }

    @Test
    void aSnoozeIsNoAnswerAndMovesTheNextSendToItsEnd() {
      Consent c = stored(ConsentStatus.SCHEDULED, OPENS);
      Instant now = OPENS.minus(Duration.ofDays(1));
      Instant until = c.snooze(10, WEB, now);
      assertThat(until).isEqualTo(now.plus(Duration.ofDays(10)));
      assertThat(c.state().status()).isEqualTo(ConsentStatus.SCHEDULED);
      assertThat(c.state().nextSendAt()).isEqualTo(until);
      assertThat(c.steps())
          .singleElement()
          .satisfies(
              step -> {
                assertThat(step.action()).isEqualTo(ConsentStep.SNOOZED);
                assertThat(step.channel()).isEqualTo(ConsentChannel.WEB);
                assertThat(step.detail()).startsWith("10일간 다시 묻지 않기 (");
              });
    }

    @Test
    void aSnoozePastTheDeadlineStopsSendingAndAReminderDueLaterIsKept() {
      Consent c = requested();
      c.snooze(30, WEB, INSIDE);
      assertThat(c.state().nextSendAt()).isNull();

      Consent soon = requested();
      soon.snooze(7, WEB, OPENS);
      assertThat(soon.state().nextSendAt()).isEqualTo(CHANGE_AT.minus(REMINDER));
    }

    @Test
    void anAcceptedOrClosedRequestCannotBeSnoozed() {
      Consent a = accepted();
      assertRefused(() -> a.snooze(10, WEB, INSIDE), "ILLEGAL_CONSENT_TRANSITION");
      assertUnchanged(a);
      Consent lapsed = stored(ConsentStatus.LAPSED, null);
      assertRefused(() -> lapsed.snooze(10, WEB, INSIDE), "ILLEGAL_CONSENT_TRANSITION");
    }
  }

  @Nested
  class NewerChangesAndTheCard {

    @Test
    void aLowerNewPriceIsCoveredByTheConsentAndAHigherOneIsNot() {
      Consent c = accepted();
      assertThat(c.covers(ChangeKind.PRICE_INCREASE, Won.of(11_000))).isTrue();
      assertThat(c.covers(ChangeKind.PRICE_INCREASE, AFTER)).isTrue();
      assertThat(c.covers(ChangeKind.PRICE_INCREASE, Won.of(12_001))).isFalse();
      assertThat(c.covers(ChangeKind.TRIAL_CONVERSION, Won.of(11_000))).isFalse();
      assertThat(requested().covers(ChangeKind.PRICE_INCREASE, Won.of(11_000))).isFalse();

      c.changeCovered(ChangeKind.PRICE_INCREASE, BEFORE, Won.of(11_000), INSIDE);
      assertThat(c.state().status()).isEqualTo(ConsentStatus.ACCEPTED);
      assertThat(c.steps())
          .singleElement()
          .satisfies(
              step -> {
                assertThat(step.action()).isEqualTo(ConsentStep.CHANGE_COVERED);
                assertThat(step.detail())
                    .isEqualTo("#41 동의 유지: 새 변경 10,000원 → 11,000원 (동의한 12,000원 이하)");
              });
      assertThatThrownBy(
              () -> c.changeCovered(ChangeKind.PRICE_INCREASE, BEFORE, Won.of(13_000), INSIDE))
          .isInstanceOf(IllegalStateException.class);
    }

    @Test
    void aNewerChangeADecreaseOrTheEndSupersedeTheRequest() {
      Consent replaced = requested();
      replaced.replaceBy(BEFORE, Won.of(13_000), INSIDE);
      Consent dropped = accepted();
      dropped.dropForLowerPrice(Won.of(9_000), INSIDE);
      Consent ended = stored(ConsentStatus.SCHEDULED, OPENS);
      ended.closeForEnd("CANCELED", INSIDE);
      for (Consent c : List.of(replaced, dropped, ended)) {
        assertThat(c.state().status()).isEqualTo(ConsentStatus.SUPERSEDED);
        assertThat(c.state().nextSendAt()).isNull();
        assertThat(c.state().decidedAt()).isEqualTo(INSIDE);
        assertThat(actions(c)).containsExactly(ConsentStep.SUPERSEDED);
      }
      assertThat(ended.steps().getFirst().detail()).isEqualTo("구독 종료: CANCELED");
      assertThatThrownBy(() -> ended.closeForEnd("EXPIRED", INSIDE))
          .isInstanceOf(ApiException.class);
    }

    @Test
    void aNewCardRefreshesAnOpenRequestsTextAndTheOldHashIsRefused() {
      Consent c = requested();
      assertThat(c.refreshText(CARD_B, INSIDE)).isTrue();
      Consent.State s = c.state();
      assertThat(s.paymentMethod()).isEqualTo(CARD_B.paymentMethod());
      assertThat(s.shownText()).isEqualTo(CARD_B.text());
      assertThat(s.textHash()).isEqualTo(CARD_B.hash());
      assertThat(s.status()).isEqualTo(ConsentStatus.REQUESTED);
      assertThat(c.steps())
          .singleElement()
          .satisfies(
              step -> {
                assertThat(step.action()).isEqualTo(ConsentStep.TEXT_REFRESHED);
                assertThat(step.textHash()).isEqualTo(CARD_B.hash());
                assertThat(step.detail())
                    .isEqualTo(
                        "결제수단 변경: "
                            + CARD_B.paymentMethod()
                            + ", 이전 문구 sha256:"
                            + CARD_A.hash().substring(0, 12));
              });
      c.saved();
      assertRefused(() -> c.accept(CARD_A.hash(), WEB, INSIDE), "CONSENT_TEXT_MISMATCH");
      c.accept(CARD_B.hash(), WEB, INSIDE);
    }

    @Test
    void theSameCardChangesNothing() {
      Consent c = requested();
      assertThat(c.refreshText(CARD_A, INSIDE)).isFalse();
      assertUnchanged(c);
    }

    @Test
    void anAcceptedRequestKeepsTheTextAgreedTo() {
      assertThat(accepted().isOpenAt(INSIDE)).isFalse();
      assertThat(requested().isOpenAt(CHANGE_AT)).isFalse();
      assertThat(stored(ConsentStatus.WITHDRAWN, null).isOpenAt(INSIDE)).isTrue();
      Consent a = accepted();
      assertThatThrownBy(() -> a.refreshText(CARD_B, INSIDE))
          .isInstanceOf(IllegalStateException.class);
      assertUnchanged(a);
    }
  }

  @Nested
  class TheRenewalsCheck {

    @Test
    void freshConsentToAtLeastThePriceAllowsTheChargeAndIsApplied() {
      Consent c = accepted();
      assertThat(c.allowsCharge(ChangeKind.PRICE_INCREASE, AFTER, CHANGE_AT, WINDOW)).isTrue();
      String evidence = c.applyToCharge(ChangeKind.PRICE_INCREASE, AFTER, CHANGE_AT, WINDOW);
      assertThat(evidence)
          .isEqualTo(
              "#41 요금 인상 10,000원 → 12,000원, 2033-04-10, 동의 2033-03-25 15:30, 문구 sha256:"
                  + CARD_A.hash().substring(0, 12));
      assertThat(c.state().status()).isEqualTo(ConsentStatus.APPLIED);
      assertThat(c.steps())
          .singleElement()
          .satisfies(
              step -> {
                assertThat(step.action()).isEqualTo(ConsentStep.CHARGE_ALLOWED);
                assertThat(step.textHash()).isEqualTo(CARD_A.hash());
                assertThat(step.detail()).isEqualTo("12,000원 청구 허용");
              });
    }

    @Test
    void nothingAboveTheConsentedPriceOrOfAnotherKindIsAllowed() {
      Consent c = accepted();
      assertThat(c.allowsCharge(ChangeKind.PRICE_INCREASE, Won.of(12_001), CHANGE_AT, WINDOW))
          .isFalse();
      assertThat(c.allowsCharge(ChangeKind.TRIAL_CONVERSION, AFTER, CHANGE_AT, WINDOW)).isFalse();
      assertThatThrownBy(
              () -> c.applyToCharge(ChangeKind.PRICE_INCREASE, Won.of(12_001), CHANGE_AT, WINDOW))
          .isInstanceOf(IllegalStateException.class);
      assertUnchanged(c);
    }

    @Test
    void aConsentOlderThanTheWindowCoversNoCharge() {
      Consent c = accepted();
      Instant monthsLater = INSIDE.plus(WINDOW).plusSeconds(1);
      assertThat(c.allowsCharge(ChangeKind.PRICE_INCREASE, AFTER, monthsLater, WINDOW)).isFalse();
      assertThat(requested().allowsCharge(ChangeKind.PRICE_INCREASE, AFTER, CHANGE_AT, WINDOW))
          .isFalse();
    }

    @Test
    void withoutConsentTheRequestLapsesAndTheBlockIsRecorded() {
      Consent c = requested();
      c.blockCharge(BEFORE, AFTER, false, CHANGE_AT);
      assertThat(c.state().status()).isEqualTo(ConsentStatus.LAPSED);
      assertThat(c.state().nextSendAt()).isNull();
      assertThat(c.steps())
          .singleElement()
          .satisfies(
              step -> {
                assertThat(step.action()).isEqualTo(ConsentStep.CHARGE_BLOCKED);
                assertThat(step.detail())
                    .isEqualTo("10,000원 → 12,000원 동의 없음 (요청 #41: LAPSED), 구독 종료");
              });
    }

    @Test
    void aBlockOnARequestThatCannotLapseIsOnlyRecorded() {
      Consent c = stored(ConsentStatus.APPLIED, null);
      c.blockCharge(BEFORE, AFTER, true, CHANGE_AT);
      assertThat(c.state().status()).isEqualTo(ConsentStatus.APPLIED);
      assertThat(c.steps().getFirst().detail()).endsWith("(요청 #41: APPLIED), 기존 요금 유지");
      assertThat(Consent.chargeBlockedWithoutRequest(BEFORE, AFTER, true, CHANGE_AT).detail())
          .isEqualTo("10,000원 → 12,000원 동의 없음 (요청 없음), 기존 요금 유지");
    }

    @Test
    void aRequestNeverSentIsDeferredNotLapsed() {
      Consent c = stored(ConsentStatus.SCHEDULED, OPENS.plus(Duration.ofDays(5)));
      assertThat(c.neverSent()).isTrue();
      c.deferUnsent(BEFORE, AFTER, CHANGE_AT);
      assertThat(c.state().status()).isEqualTo(ConsentStatus.SUPERSEDED);
      assertThat(c.state().nextSendAt()).isNull();
      assertThat(c.steps())
          .singleElement()
          .satisfies(
              step -> {
                assertThat(step.action()).isEqualTo(ConsentStep.DEFERRED);
                assertThat(step.detail())
                    .isEqualTo(
                        "10,000원 → 12,000원 동의 요청 전 변경일 도래 (요청 #41 미발송), 기존 요금 유지, 인상은 다음 기간 종료일로"
                            + " 연기");
              });
      Consent sent = requested();
      assertThat(sent.neverSent()).isFalse();
      assertThatThrownBy(() -> sent.deferUnsent(BEFORE, AFTER, CHANGE_AT))
          .isInstanceOf(IllegalStateException.class);
    }
  }

  @Nested
  class Saving {

    @Test
    void aSavedRequestComparesAgainstItsNewStatusAndHasNoPendingSteps() {
      Consent c = requested();
      assertThat(c.loadedStatus()).isEqualTo(ConsentStatus.REQUESTED);
      c.accept(CARD_A.hash(), WEB, INSIDE);
      assertThat(c.changed()).isTrue();
      assertThat(c.loadedStatus()).isEqualTo(ConsentStatus.REQUESTED);
      c.saved();
      assertThat(c.loadedStatus()).isEqualTo(ConsentStatus.ACCEPTED);
      assertUnchanged(c);
    }

    @Test
    void theIdIsGivenOnce() {
      Consent c = Consent.schedule(increase(), CARD_A, INSIDE, WINDOW);
      c.identify(99);
      assertThat(c.id()).isEqualTo(99);
      assertThatThrownBy(() -> c.identify(100)).isInstanceOf(IllegalStateException.class);
    }
  }
}
