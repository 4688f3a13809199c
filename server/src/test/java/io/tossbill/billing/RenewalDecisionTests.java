package io.tossbill.billing;

import static io.tossbill.billing.SubscriptionStates.BASIC;
import static io.tossbill.billing.SubscriptionStates.LITE;
import static io.tossbill.billing.SubscriptionStates.PERIOD_END;
import static org.assertj.core.api.Assertions.assertThat;

import io.tossbill.billing.ChargeConsentPolicy.ChangeKind;
import io.tossbill.billing.RenewalDecision.AwaitInFlight;
import io.tossbill.billing.RenewalDecision.Charge;
import io.tossbill.billing.RenewalDecision.Consent;
import io.tossbill.billing.RenewalDecision.ConsentQuestion;
import io.tossbill.billing.RenewalDecision.Deferred;
import io.tossbill.billing.RenewalDecision.End;
import io.tossbill.billing.RenewalDecision.Given;
import io.tossbill.billing.RenewalDecision.Idle;
import io.tossbill.billing.RenewalDecision.InFlight;
import io.tossbill.billing.RenewalDecision.KeepPrice;
import io.tossbill.billing.RenewalDecision.NotNeeded;
import io.tossbill.billing.RenewalDecision.Refused;
import io.tossbill.billing.RenewalDecision.Renew;
import io.tossbill.billing.RenewalDecision.Renewal;
import io.tossbill.billing.RenewalDecision.WaitUntil;
import io.tossbill.catalog.BillingInterval;
import io.tossbill.customer.CustomerId;
import io.tossbill.platform.Won;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.List;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The renewal's decision, as docs/billing.md tells it: a paid period is renewed on its end day at
 * the charge time, at the next period's price less the balance; a cancel at period end, a refused
 * consent or a price above the consented one end it instead; an unpaid period is charged; an
 * attempt in flight is waited for; a past-due or incomplete subscription waiting for a new card
 * ends.
 */
class RenewalDecisionTests {

  private static final Duration RECHECK = Duration.ofSeconds(30);
  private static final DunningSchedule CANCEL_AFTER_DUNNING =
      new DunningSchedule(List.of(1, 3, 5, 7), SubscriptionStatus.CANCELED, LocalTime.of(9, 0));
  private static final DunningSchedule EXPIRE_AFTER_DUNNING =
      new DunningSchedule(List.of(1, 3, 5, 7), SubscriptionStatus.EXPIRED, LocalTime.of(9, 0));

  private static Renewal decide(Subscription.State s, Instant now) {
    return decide(s, new NotNeeded(), now);
  }

  private static Renewal decide(Subscription.State s, Consent consent, Instant now) {
    return RenewalDecision.decide(s, InFlight.NONE, consent, now, RECHECK, CANCEL_AFTER_DUNNING);
  }

  private static AmountDue charge(long won) {
    return AmountDue.of(Won.of(won), Won.ZERO);
  }

  @Nested
  class APaidPeriod {

    @ParameterizedTest
    @EnumSource(
        value = SubscriptionStatus.class,
        names = {"ACTIVE", "TRIALING"})
    void isNotRenewedBeforeItsEndDayAtTheChargeTime(SubscriptionStatus status) {
      Subscription.State s =
          (status == SubscriptionStatus.TRIALING
                  ? SubscriptionStates.trialing()
                  : SubscriptionStates.active())
              .build();
      Instant end = s.periodEndInstant();
      assertThat(decide(s, end.minusSeconds(1))).isEqualTo(new WaitUntil(end));
      assertThat(decide(s, end.minus(Duration.ofDays(20)))).isEqualTo(new WaitUntil(end));
    }

    @Test
    void isRenewedOnItsEndDayAtTheChargeTimeAtThePlansPrice() {
      Subscription.State s = SubscriptionStates.active().build();
      assertThat(PERIOD_END).isEqualTo(Instant.parse("2031-02-15T00:00:00Z"));
      assertThat(decide(s, PERIOD_END)).isEqualTo(new Renew(new NotNeeded(), charge(10_000)));
      assertThat(decide(s, PERIOD_END.plus(Duration.ofDays(3))))
          .isEqualTo(new Renew(new NotNeeded(), charge(10_000)));
    }

    @Test
    void isRenewedAtAPerSubscriptionChargeTime() {
      Subscription.State s = SubscriptionStates.active().chargeTime(LocalTime.of(18, 0)).build();
      Instant end = Instant.parse("2031-02-15T09:00:00Z");
      assertThat(decide(s, end.minusSeconds(1))).isEqualTo(new WaitUntil(end));
      assertThat(decide(s, end)).isInstanceOf(Renew.class);
    }

    @Test
    void aScheduledPlanChangeIsChargedAtTheNewPlansPrice() {
      Subscription.State s = SubscriptionStates.active().pendingPlan(LITE).build();
      assertThat(decide(s, PERIOD_END)).isEqualTo(new Renew(new NotNeeded(), charge(5_000)));
    }

    @Test
    void creditAndACarriedBalanceChangeWhatTheRenewalCharges() {
      assertThat(decide(SubscriptionStates.active().balance(3_000).build(), PERIOD_END))
          .isEqualTo(new Renew(new NotNeeded(), AmountDue.of(Won.of(10_000), Won.of(3_000))))
          .extracting(r -> ((Renew) r).due().charge())
          .isEqualTo(Won.of(7_000));
      assertThat(decide(SubscriptionStates.active().balance(-68).build(), PERIOD_END))
          .extracting(r -> ((Renew) r).due().charge())
          .isEqualTo(Won.of(10_068));
      assertThat(decide(SubscriptionStates.active().balance(12_000).build(), PERIOD_END))
          .extracting(r -> ((Renew) r).due().kind())
          .isEqualTo(AmountDue.Kind.PAID_BY_CREDIT);
      // the credit is weighed against the next period's price, not the current one
      assertThat(
              decide(
                  SubscriptionStates.active().pendingPlan(LITE).balance(4_950).build(), PERIOD_END))
          .extracting(r -> ((Renew) r).due())
          .isEqualTo(new AmountDue(AmountDue.Kind.CARRIED_TO_NEXT_INVOICE, Won.ZERO, Won.of(50)));
    }

    @Test
    void aFreePlanIsRenewedWithoutACharge() {
      Subscription.State s = SubscriptionStates.active().plan(BASIC.at(Won.ZERO)).build();
      assertThat(decide(s, PERIOD_END))
          .isEqualTo(
              new Renew(
                  new NotNeeded(), new AmountDue(AmountDue.Kind.FREE_PERIOD, Won.ZERO, Won.ZERO)));
    }

    @ParameterizedTest
    @EnumSource(
        value = SubscriptionStatus.class,
        names = {"ACTIVE", "TRIALING"})
    void withACancelAtPeriodEndEndsCanceledAtThePeriodEndInsteadOfRenewing(
        SubscriptionStatus status) {
      SubscriptionStates states =
          status == SubscriptionStatus.TRIALING
              ? SubscriptionStates.trialing()
              : SubscriptionStates.active();
      Subscription.State s = states.cancelAtPeriodEnd().build();
      Instant end = s.periodEndInstant();
      assertThat(decide(s, end.minusSeconds(1))).isEqualTo(new WaitUntil(end));
      // looked at late, it still ends at the period end, and no consent answer changes that
      assertThat(decide(s, new Refused("NO_CONSENT"), end.plus(Duration.ofHours(5))))
          .isEqualTo(new End(SubscriptionStatus.CANCELED, end, "PERIOD_END"));
      assertThat(decide(s, end)).isEqualTo(new End(SubscriptionStatus.CANCELED, end, "PERIOD_END"));
    }
  }

  @Nested
  class AnUnpaidPeriod {

    @Test
    void ofALiveSubscriptionIsChargedAtOnceAtTheCurrentPrice() {
      // a renewal or trial-end charge whose attempt was lost: charged again, whatever the time
      Subscription.State s =
          SubscriptionStates.active().unpaid().pendingPlan(LITE).balance(1_000).build();
      assertThat(decide(s, PERIOD_END.minus(Duration.ofDays(30))))
          .isEqualTo(new Charge(AmountDue.of(Won.of(10_000), Won.of(1_000))));
      // the first paid period after a trial, its charge lost: still TRIALING until it is paid
      Subscription.State converting =
          SubscriptionStates.active().status(SubscriptionStatus.TRIALING).unpaid().build();
      assertThat(decide(converting, PERIOD_END)).isEqualTo(new Charge(charge(10_000)));
    }

    @Test
    void ofAnActiveSubscriptionWithACancelScheduledIsStillCharged() {
      Subscription.State s = SubscriptionStates.active().unpaid().cancelAtPeriodEnd().build();
      assertThat(decide(s, PERIOD_END)).isEqualTo(new Charge(charge(10_000)));
    }

    @ParameterizedTest
    @EnumSource(
        value = SubscriptionStatus.class,
        names = {"PAST_DUE", "INCOMPLETE"})
    void ofAPastDueOrIncompleteSubscriptionIsRetried(SubscriptionStatus status) {
      Subscription.State s =
          SubscriptionStates.active().status(status).unpaid().balance(-50).build();
      assertThat(decide(s, PERIOD_END)).isEqualTo(new Charge(charge(10_050)));
    }

    @Test
    void anIncompleteSubscriptionWaitingForANewCardExpires() {
      Subscription.State s =
          SubscriptionStates.active()
              .status(SubscriptionStatus.INCOMPLETE)
              .unpaid()
              .awaitingCard()
              .build();
      Instant now = Instant.parse("2031-01-16T00:00:00Z");
      assertThat(
              RenewalDecision.decide(
                  s, InFlight.NONE, new NotNeeded(), now, RECHECK, CANCEL_AFTER_DUNNING))
          .isEqualTo(new End(SubscriptionStatus.EXPIRED, now, "NO_NEW_CARD"));
    }

    @ParameterizedTest
    @EnumSource(
        value = SubscriptionStatus.class,
        names = {"CANCELED", "EXPIRED"})
    void aPastDueSubscriptionWaitingForANewCardEndsAsTheTerminalAction(
        SubscriptionStatus terminal) {
      DunningSchedule dunning =
          terminal == SubscriptionStatus.CANCELED ? CANCEL_AFTER_DUNNING : EXPIRE_AFTER_DUNNING;
      Subscription.State s =
          SubscriptionStates.active()
              .status(SubscriptionStatus.PAST_DUE)
              .unpaid()
              .awaitingCard()
              .build();
      Instant now = Instant.parse("2031-01-22T00:00:00Z");
      assertThat(RenewalDecision.decide(s, InFlight.NONE, new NotNeeded(), now, RECHECK, dunning))
          .isEqualTo(new End(terminal, now, "NO_NEW_CARD"));
    }
  }

  @Nested
  class TheConsentAnswer {

    private final Subscription.State increase =
        SubscriptionStates.active().pendingPrice(12_000).build();

    @Test
    void notNeededRenewsAtTheNextPeriodsPrice() {
      assertThat(decide(increase, new NotNeeded(), PERIOD_END))
          .isEqualTo(new Renew(new NotNeeded(), charge(12_000)));
    }

    @Test
    void givenForTheNewPriceRenewsAtIt() {
      Given given = new Given("consent #9", Won.of(12_000));
      assertThat(decide(increase, given, PERIOD_END)).isEqualTo(new Renew(given, charge(12_000)));
      Given generous = new Given("consent #9", Won.of(15_000));
      assertThat(decide(increase, generous, PERIOD_END))
          .isEqualTo(new Renew(generous, charge(12_000)));
    }

    @Test
    void givenForALowerPriceThanTheNewOneEndsTheSubscriptionAtThePeriodEnd() {
      assertThat(decide(increase, new Given("consent #9", Won.of(11_999)), PERIOD_END))
          .isEqualTo(new End(SubscriptionStatus.CANCELED, PERIOD_END, "CONSENT_PRICE_EXCEEDED"));
    }

    @Test
    void deferredRenewsAtTheCurrentPrice() {
      Deferred deferred = new Deferred("TOO_LATE_TO_ASK");
      assertThat(decide(increase, deferred, PERIOD_END))
          .isEqualTo(new Renew(deferred, charge(10_000)));
    }

    @Test
    void keepPriceRenewsAtTheCurrentPrice() {
      KeepPrice keep = new KeepPrice("NO_CONSENT_KEEP_PRICE");
      assertThat(decide(increase, keep, PERIOD_END)).isEqualTo(new Renew(keep, charge(10_000)));
    }

    @Test
    void refusedEndsTheSubscriptionAtThePeriodEndWithItsReason() {
      assertThat(decide(increase, new Refused("NO_CONSENT"), PERIOD_END.plusSeconds(90)))
          .isEqualTo(new End(SubscriptionStatus.CANCELED, PERIOD_END, "NO_CONSENT"));
    }

    @Test
    void aTrialTurningPaidIsChargedOnTheGivenConsent() {
      Subscription.State trial = SubscriptionStates.trialing().build();
      Given given = new Given("consent #3", Won.of(10_000));
      assertThat(decide(trial, given, trial.periodEndInstant()))
          .isEqualTo(new Renew(given, charge(10_000)));
      assertThat(decide(trial, new Given("consent #3", Won.of(9_000)), trial.periodEndInstant()))
          .isEqualTo(
              new End(
                  SubscriptionStatus.CANCELED, trial.periodEndInstant(), "CONSENT_PRICE_EXCEEDED"));
    }
  }

  @Nested
  class AnAttemptInFlight {

    @ParameterizedTest
    @EnumSource(SubscriptionStatus.class)
    void whoseOutcomeIsUnknownIsWaitedForWhateverTheStatus(SubscriptionStatus status) {
      Subscription.State s =
          SubscriptionStates.active().status(status).cancelAtPeriodEnd().awaitingCard().build();
      Instant now = PERIOD_END.plus(Duration.ofDays(1));
      assertThat(
              RenewalDecision.decide(
                  s, InFlight.BLOCKING, new NotNeeded(), now, RECHECK, CANCEL_AFTER_DUNNING))
          .isEqualTo(new AwaitInFlight(now.plus(RECHECK)));
    }

    @Test
    void underReviewIsWaitedForWhenNoCancelIsDue() {
      Instant now = PERIOD_END.plusSeconds(1);
      assertThat(
              RenewalDecision.decide(
                  SubscriptionStates.active().build(),
                  InFlight.REVIEW_ONLY,
                  new NotNeeded(),
                  now,
                  RECHECK,
                  CANCEL_AFTER_DUNNING))
          .isEqualTo(new AwaitInFlight(now.plus(RECHECK)));
      Instant before = PERIOD_END.minusSeconds(1);
      assertThat(
              RenewalDecision.decide(
                  SubscriptionStates.active().cancelAtPeriodEnd().build(),
                  InFlight.REVIEW_ONLY,
                  new NotNeeded(),
                  before,
                  RECHECK,
                  CANCEL_AFTER_DUNNING))
          .isEqualTo(new AwaitInFlight(before.plus(RECHECK)));
    }

    @ParameterizedTest
    @EnumSource(
        value = SubscriptionStatus.class,
        names = {"ACTIVE", "TRIALING"})
    void underReviewNeverKeepsAScheduledCancelFromEndingTheSubscription(SubscriptionStatus status) {
      Subscription.State s =
          (status == SubscriptionStatus.TRIALING
                  ? SubscriptionStates.trialing()
                  : SubscriptionStates.active())
              .cancelAtPeriodEnd()
              .build();
      Instant end = s.periodEndInstant();
      for (Instant now : List.of(end, end.plus(Duration.ofDays(2)))) {
        assertThat(
                RenewalDecision.decide(
                    s, InFlight.REVIEW_ONLY, new NotNeeded(), now, RECHECK, CANCEL_AFTER_DUNNING))
            .isEqualTo(new End(SubscriptionStatus.CANCELED, end, "PERIOD_END"));
      }
    }
  }

  @ParameterizedTest
  @EnumSource(
      value = SubscriptionStatus.class,
      names = {"CANCELED", "EXPIRED"})
  void anEndedSubscriptionIsNeverEndedAgainWhileAnAttemptIsUnderReview(SubscriptionStatus ended) {
    // even with a stale cancel-at-period-end flag: an End would be an illegal move
    Subscription.State s = SubscriptionStates.active().status(ended).cancelAtPeriodEnd().build();
    Instant now = PERIOD_END.plus(Duration.ofDays(1));
    assertThat(
            RenewalDecision.decide(
                s, InFlight.REVIEW_ONLY, new NotNeeded(), now, RECHECK, CANCEL_AFTER_DUNNING))
        .isEqualTo(new AwaitInFlight(now.plus(RECHECK)));
  }

  @Nested
  class APause {

    @Test
    void isIdle() {
      Subscription.State s = SubscriptionStates.active().status(SubscriptionStatus.PAUSED).build();
      assertThat(decide(s, PERIOD_END.plus(Duration.ofDays(40)))).isEqualTo(new Idle());
      assertThat(decide(s, PERIOD_END.minusSeconds(1))).isEqualTo(new Idle());
    }

    @Test
    void withACancelScheduledEndsAtThePeriodEnd() {
      Subscription.State s =
          SubscriptionStates.active().status(SubscriptionStatus.PAUSED).cancelAtPeriodEnd().build();
      assertThat(decide(s, PERIOD_END.minusSeconds(1))).isEqualTo(new WaitUntil(PERIOD_END));
      assertThat(decide(s, PERIOD_END))
          .isEqualTo(new End(SubscriptionStatus.CANCELED, PERIOD_END, "PERIOD_END"));
      assertThat(decide(s, PERIOD_END.plus(Duration.ofDays(9))))
          .isEqualTo(new End(SubscriptionStatus.CANCELED, PERIOD_END, "PERIOD_END"));
    }
  }

  @ParameterizedTest
  @EnumSource(
      value = SubscriptionStatus.class,
      names = {"CANCELED", "EXPIRED"})
  void anEndedSubscriptionIsIdle(SubscriptionStatus ended) {
    Subscription.State s = SubscriptionStates.active().status(ended).unpaid().build();
    assertThat(decide(s, PERIOD_END)).isEqualTo(new Idle());
  }

  @Nested
  class TheConsentQuestion {

    @Test
    void ofATrialTurningPaidAsksForItsFirstPrice() {
      Subscription.State trial = SubscriptionStates.trialing().build();
      assertThat(RenewalDecision.consentQuestion(trial, trial.periodEndInstant()))
          .contains(new ConsentQuestion(ChangeKind.TRIAL_CONVERSION, Won.ZERO, Won.of(10_000)));
    }

    @Test
    void ofATrialWithAPriceChangeAsksForTheNewPrice() {
      Subscription.State trial = SubscriptionStates.trialing().pendingPrice(12_000).build();
      assertThat(RenewalDecision.consentQuestion(trial, trial.periodEndInstant()))
          .contains(new ConsentQuestion(ChangeKind.TRIAL_CONVERSION, Won.ZERO, Won.of(12_000)));
    }

    @Test
    void ofATrialSwitchedToAFreePlanIsNotAsked() {
      Subscription.State trial = SubscriptionStates.trialing().plan(BASIC.at(Won.ZERO)).build();
      assertThat(RenewalDecision.consentQuestion(trial, trial.periodEndInstant())).isEmpty();
    }

    @Test
    void aTrialStartedThroughTheAggregateIsAskedAtItsEnd() {
      Subscription trial =
          Subscription.start(
              new CustomerId(7),
              BASIC,
              14,
              Instant.parse("2031-01-01T03:00:00Z"),
              LocalTime.of(9, 0),
              Duration.ZERO);
      Instant trialEnd = Instant.parse("2031-01-15T00:00:00Z");
      assertThat(trial.state().periodEndInstant()).isEqualTo(trialEnd);
      assertThat(RenewalDecision.consentQuestion(trial.state(), trialEnd.minusSeconds(1)))
          .isEmpty();
      assertThat(RenewalDecision.consentQuestion(trial.state(), trialEnd))
          .contains(new ConsentQuestion(ChangeKind.TRIAL_CONVERSION, Won.ZERO, Won.of(10_000)));
    }

    @Test
    void ofAnOperatorsPriceIncreaseAsksForTheOldAndTheNewPrice() {
      Subscription.State s = SubscriptionStates.active().pendingPrice(12_000).build();
      assertThat(RenewalDecision.consentQuestion(s, PERIOD_END))
          .contains(new ConsentQuestion(ChangeKind.PRICE_INCREASE, Won.of(10_000), Won.of(12_000)));
      assertThat(RenewalDecision.consentQuestion(s, PERIOD_END.plus(Duration.ofDays(1))))
          .isPresent();
    }

    @Test
    void isNotAskedForALowerOrUnchangedPriceOrAPlanTheSubscriberChose() {
      Instant now = PERIOD_END;
      assertThat(RenewalDecision.consentQuestion(SubscriptionStates.active().build(), now))
          .isEmpty();
      assertThat(
              RenewalDecision.consentQuestion(
                  SubscriptionStates.active().pendingPrice(9_000).build(), now))
          .isEmpty();
      assertThat(
              RenewalDecision.consentQuestion(
                  SubscriptionStates.active().pendingPrice(10_000).build(), now))
          .isEmpty();
      PlanSnapshot yearlyPro =
          new PlanSnapshot(
              SubscriptionStates.PRO.planId(),
              "Pro yearly",
              Won.of(300_000),
              BillingInterval.yearly(),
              false);
      assertThat(
              RenewalDecision.consentQuestion(
                  SubscriptionStates.active().pendingPlan(yearlyPro).build(), now))
          .isEmpty();
    }

    @Test
    void isNotAskedBeforeThePeriodEnd() {
      assertThat(
              RenewalDecision.consentQuestion(
                  SubscriptionStates.active().pendingPrice(12_000).build(),
                  PERIOD_END.minusSeconds(1)))
          .isEmpty();
    }

    @Test
    void isNotAskedWhenTheSubscriptionEndsOrTheCurrentPeriodIsUnpaid() {
      assertThat(
              RenewalDecision.consentQuestion(
                  SubscriptionStates.active().pendingPrice(12_000).cancelAtPeriodEnd().build(),
                  PERIOD_END))
          .isEmpty();
      assertThat(
              RenewalDecision.consentQuestion(
                  SubscriptionStates.active().pendingPrice(12_000).unpaid().build(), PERIOD_END))
          .isEmpty();
    }

    @ParameterizedTest
    @EnumSource(
        value = SubscriptionStatus.class,
        names = {"ACTIVE", "TRIALING"},
        mode = EnumSource.Mode.EXCLUDE)
    void isOnlyAskedOfAnActiveOrTrialingSubscription(SubscriptionStatus status) {
      assertThat(
              RenewalDecision.consentQuestion(
                  SubscriptionStates.active().status(status).pendingPrice(12_000).build(),
                  PERIOD_END))
          .isEmpty();
    }
  }

  @Test
  void aTrialEndingOnTheAnchorIsRenewedIntoTheFirstPaidPeriod() {
    Subscription.State trial = SubscriptionStates.trialing().build();
    assertThat(trial.periodEnd()).isEqualTo(LocalDate.of(2031, 1, 15));
    assertThat(decide(trial, Instant.parse("2031-01-15T00:00:00Z")))
        .isEqualTo(new Renew(new NotNeeded(), charge(10_000)));
  }
}
