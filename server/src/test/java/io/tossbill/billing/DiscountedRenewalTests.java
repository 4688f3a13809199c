package io.tossbill.billing;

import static org.assertj.core.api.Assertions.assertThat;

import io.tossbill.catalog.BillingInterval;
import io.tossbill.catalog.Plan;
import io.tossbill.catalog.PlanId;
import io.tossbill.catalog.PlanStatus;
import io.tossbill.customer.CustomerId;
import io.tossbill.platform.Won;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

/**
 * A discount through a subscription's life, the Kill Bill way (move from period to period, expect
 * exact won): once, for N periods (over at the Nth renewal), forever (across plan changes, in the
 * upgrade's proration too), paid in full, or leaving less than Toss's minimum. Basic is 10,000 won
 * a month from 2031-01-15 (Seoul), Pro 30,000, Lite 5,000; 2031-01-25 leaves 21 of 31 days.
 */
class DiscountedRenewalTests {

  private static final Duration RECHECK = Duration.ofSeconds(30);
  private static final DunningSchedule DUNNING =
      new DunningSchedule(List.of(1, 3), SubscriptionStatus.CANCELED, LocalTime.of(9, 0));
  private static final Instant JAN_15 = Instant.parse("2031-01-15T01:00:00Z");
  private static final Instant JAN_25 = Instant.parse("2031-01-25T01:00:00Z");

  private static final Plan BASIC = plan(1, "Basic", 10_000);
  private static final Plan PRO = plan(2, "Pro", 30_000);
  private static final Plan LITE = plan(3, "Lite", 5_000);

  private static Plan plan(long id, String name, long price) {
    return new Plan(
        new PlanId(id),
        name.toLowerCase(),
        name,
        "",
        Won.of(price),
        BillingInterval.monthly(),
        0,
        Map.of(),
        PlanStatus.ACTIVE,
        false);
  }

  private static DiscountTerms percent(int percent, @Nullable Integer periods, PlanId... plans) {
    return new DiscountTerms(11, null, "SPRING", "봄 할인", percent, Won.ZERO, periods, Set.of(plans));
  }

  private static DiscountTerms fixed(long won, @Nullable Integer periods) {
    return new DiscountTerms(12, 5L, "WELCOME", "환영", 0, Won.of(won), periods, Set.of());
  }

  /** A new subscription to {@code plan} with {@code terms} applied at subscribe. */
  private static Subscription subscribe(Plan plan, int trialDays, DiscountTerms terms) {
    Subscription s =
        Subscription.start(
            new CustomerId(7),
            PlanSnapshot.of(plan),
            trialDays,
            JAN_15,
            LocalTime.of(9, 0),
            Duration.ZERO);
    s.identify(42);
    s.applyDiscount(terms.from(s.firstDiscountedPeriod()), JAN_15);
    return s;
  }

  /** Pays the first period as the subscribe command does; returns what was charged. */
  private static Won payFirst(Subscription s) {
    AmountDue due = s.state().currentDue();
    if (due.kind() == AmountDue.Kind.CHARGE) {
      s.periodPaid(1, due.charge(), JAN_15);
      return due.charge();
    }
    s.payFirstWithoutCharge(due, JAN_15);
    return Won.ZERO;
  }

  /** Renews at the period end as the worker would, pays the charge; returns what was charged. */
  private static Won renewAndPay(Subscription s) {
    Instant at = s.state().periodEndInstant();
    RenewalDecision.Renewal decision =
        RenewalDecision.decide(
            s.state(),
            RenewalDecision.InFlight.NONE,
            new RenewalDecision.NotNeeded(),
            at,
            RECHECK,
            DUNNING);
    Won charge = s.renew(decision, at, RECHECK).charge().orElse(Won.ZERO);
    if (charge.isPositive()) {
      s.periodPaid(s.state().periodNo(), charge, at);
    }
    return charge;
  }

  private static List<Long> charges(Subscription s, Won first, int renewals) {
    List<Long> charged = new ArrayList<>(List.of(first.value()));
    for (int i = 0; i < renewals; i++) {
      charged.add(renewAndPay(s).value());
    }
    return charged;
  }

  private static List<SubscriptionStep> steps(Subscription s) {
    return s.changes().stream().map(Subscription.Change::kind).toList();
  }

  @Test
  void aDiscountForThreePeriodsEndsAtTheThirdRenewal() {
    Subscription s = subscribe(BASIC, 0, percent(10, 3));

    assertThat(charges(s, payFirst(s), 4))
        .containsExactly(9_000L, 9_000L, 9_000L, 10_000L, 10_000L);
    assertThat(s.state().discount()).isNull();
    assertThat(steps(s)).containsOnlyOnce(SubscriptionStep.DISCOUNT_ENDED);
    assertThat(s.state().balance()).isEqualTo(Won.ZERO);
  }

  @Test
  void aDiscountOnceAfterATrialTakesItsOffTheFirstPaidPeriodOnly() {
    Subscription s = subscribe(BASIC, 14, percent(50, 1));
    assertThat(s.state().discount().firstPeriod()).isEqualTo(1);

    // the trial (period 0) charges nothing; period 1 half; period 2 full
    assertThat(charges(s, Won.ZERO, 3)).containsExactly(0L, 5_000L, 10_000L, 10_000L);
  }

  @Test
  void aForeverDiscountIsTakenOffTheUpgradesProrationAndTheNewPlansRenewals() {
    Subscription s = subscribe(BASIC, 0, percent(20, null));
    assertThat(payFirst(s)).isEqualTo(Won.of(8_000));

    ChangePreview quote = PlanChangeQuote.quote(s.state(), PRO, JAN_25);
    // (24,000 − 8,000) × 21/31 = 10,838.7 → 10,839; without the discount 20,000 × 21/31 → 13,548
    assertThat(quote.kind()).isEqualTo("UPGRADE_NOW");
    assertThat(quote.amountDueNow()).isEqualTo(Won.of(10_839));
    assertThat(quote.discount()).isEqualTo(Won.of(2_709));

    s.requestUpgrade(PlanSnapshot.of(PRO), quote.amountDueNow(), JAN_25);
    s.upgradePaid(quote.amountDueNow(), JAN_25);
    assertThat(charges(s, Won.ZERO, 2)).containsExactly(0L, 24_000L, 24_000L);
    assertThat(s.state().balance()).isEqualTo(Won.ZERO);
  }

  @Test
  void aForeverFixedDiscountFollowsADowngradeAtThePeriodEnd() {
    Subscription s = subscribe(BASIC, 0, fixed(3_000, null));
    assertThat(payFirst(s)).isEqualTo(Won.of(7_000));

    ChangePreview quote = PlanChangeQuote.quote(s.state(), LITE, JAN_25);
    assertThat(quote.kind()).isEqualTo("SCHEDULED");
    s.schedulePlanChange(PlanSnapshot.of(LITE), JAN_25);

    assertThat(charges(s, Won.ZERO, 2)).containsExactly(0L, 2_000L, 2_000L);
  }

  @Test
  void aFixedDiscountTakesNothingOffAnUpgradesDifference() {
    Subscription s = subscribe(BASIC, 0, fixed(3_000, null));
    payFirst(s);

    // 7,000 paid, 27,000 on Pro: the same 20,000 difference as without the discount
    ChangePreview quote = PlanChangeQuote.quote(s.state(), PRO, JAN_25);
    assertThat(quote.amountDueNow()).isEqualTo(Won.of(13_548));
    assertThat(quote.discount()).isEqualTo(Won.ZERO);
  }

  @Test
  void aDiscountForOnePlanStopsTakingMoneyOffOnAnother() {
    Subscription s = subscribe(BASIC, 0, percent(50, null, BASIC.id()));
    assertThat(payFirst(s)).isEqualTo(Won.of(5_000));

    // 5,000 paid for Basic, 30,000 on Pro: (30,000 − 5,000) × 21/31 = 16,935.5 → 16,935
    ChangePreview quote = PlanChangeQuote.quote(s.state(), PRO, JAN_25);
    assertThat(quote.amountDueNow()).isEqualTo(Won.of(16_935));
    assertThat(quote.discount()).isEqualTo(Won.ZERO);
    s.requestUpgrade(PlanSnapshot.of(PRO), quote.amountDueNow(), JAN_25);
    s.upgradePaid(quote.amountDueNow(), JAN_25);

    assertThat(charges(s, Won.ZERO, 1)).containsExactly(0L, 30_000L);
    assertThat(s.state().discount()).as("still held, for Basic only").isNotNull();
  }

  @Test
  void aFirstPeriodTheDiscountPaysInFullStartsTheSubscriptionWithoutACharge() {
    Subscription s = subscribe(BASIC, 0, percent(100, 1));
    s.changesWritten();
    List<SubscriptionEvent> events = s.payFirstWithoutCharge(s.state().currentDue(), JAN_15);

    assertThat(s.status()).isEqualTo(SubscriptionStatus.ACTIVE);
    assertThat(s.state().periodPaid()).isTrue();
    assertThat(events).singleElement().isInstanceOf(SubscriptionCreated.class);
    assertThat(steps(s))
        .containsSubsequence(SubscriptionStep.PAID_BY_DISCOUNT, SubscriptionStep.PERIOD_PAID);
    assertThat(charges(s, Won.ZERO, 2)).containsExactly(0L, 10_000L, 10_000L);
  }

  @Test
  void lessThanTossesMinimumLeftByADiscountIsCarriedAndChargedWithTheNextPeriod() {
    Subscription s = subscribe(BASIC, 0, fixed(9_950, null));

    // 50 won left: not charged, carried; 50 + 50 charged next; and so on
    assertThat(charges(s, payFirst(s), 3)).containsExactly(0L, 100L, 0L, 100L);
    assertThat(s.status()).isEqualTo(SubscriptionStatus.ACTIVE);
    assertThat(s.state().balance()).isEqualTo(Won.ZERO);
  }

  @Test
  void aDiscountAppliedToAPaidPeriodStartsWithTheNextOne() {
    Subscription s =
        Subscription.start(
            new CustomerId(7),
            PlanSnapshot.of(BASIC),
            0,
            JAN_15,
            LocalTime.of(9, 0),
            Duration.ZERO);
    s.identify(42);
    payFirst(s);
    ChangePreview before = PlanChangeQuote.quote(s.state(), PRO, JAN_25);

    s.applyDiscount(percent(10, 1).from(s.firstDiscountedPeriod()), JAN_25);

    assertThat(s.state().discount().firstPeriod()).isEqualTo(2);
    // the paid period's proration is what it was: the discount is not in it
    assertThat(PlanChangeQuote.quote(s.state(), PRO, JAN_25)).isEqualTo(before);
    SubscriptionView view = Subscriptions.view(s.state());
    assertThat(view.nextChargeAmount()).isEqualTo(Won.of(9_000));
    assertThat(view.nextChargeDiscount()).isEqualTo(Won.of(1_000));
    assertThat(charges(s, Won.ZERO, 2)).containsExactly(0L, 9_000L, 10_000L);
  }

  @Test
  void aDiscountAppliedToAnUnpaidPeriodLowersItsRetry() {
    Subscription s =
        new Subscription(
            SubscriptionStates.active().unpaid().status(SubscriptionStatus.PAST_DUE).build());
    assertThat(s.firstDiscountedPeriod()).isEqualTo(s.state().periodNo());

    s.applyDiscount(fixed(4_000, 1).from(s.firstDiscountedPeriod()), JAN_25);

    RenewalDecision.Renewal retry =
        RenewalDecision.decide(
            s.state(),
            RenewalDecision.InFlight.NONE,
            new RenewalDecision.NotNeeded(),
            JAN_25,
            RECHECK,
            DUNNING);
    assertThat(retry)
        .isEqualTo(
            new RenewalDecision.Charge(
                new AmountDue(AmountDue.Kind.CHARGE, Won.of(6_000), Won.of(6_000), Won.of(4_000))));
  }
}
