package io.tossbill.billing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tossbill.catalog.BillingInterval;
import io.tossbill.catalog.Plan;
import io.tossbill.catalog.PlanId;
import io.tossbill.catalog.PlanStatus;
import io.tossbill.platform.ApiException;
import io.tossbill.platform.Won;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * docs/billing.md, Proration: an upgrade is charged now the prorated net of the days left (below
 * 100 won it is carried to the next invoice); a downgrade or another interval waits for the period
 * end; a trial switches at once for nothing. Worked example: Basic (10,000 won/month), period
 * 2031-01-15 → 2031-02-15, upgraded to Pro (30,000) on 2031-01-25.
 */
class PlanChangeQuoteTests {

  /** 2031-01-25 10:00 Seoul: 21 of the period's 31 days are left. */
  private static final Instant JAN_25 = Instant.parse("2031-01-25T01:00:00Z");

  private static final LocalDate JAN_25_DATE = LocalDate.of(2031, 1, 25);

  private static Plan plan(long id, String name, long price, BillingInterval interval) {
    return new Plan(
        new PlanId(id),
        name.toLowerCase().replace(" ", "-"),
        name,
        "",
        Won.of(price),
        interval,
        0,
        Map.of(),
        PlanStatus.ACTIVE,
        false);
  }

  private static final Plan BASIC = plan(1, "Basic", 10_000, BillingInterval.monthly());
  private static final Plan PRO = plan(2, "Pro", 30_000, BillingInterval.monthly());
  private static final Plan LITE = plan(3, "Lite", 5_000, BillingInterval.monthly());
  private static final Plan PLUS = plan(4, "Plus", 10_100, BillingInterval.monthly());
  private static final Plan BASIC_YEARLY =
      plan(5, "Basic yearly", 100_000, BillingInterval.yearly());

  private static ChangePreview preview(
      String kind, Plan target, long dueNow, long carried, long daysLeft, LocalDate effectiveOn) {
    return new ChangePreview(
        kind,
        target.id().value(),
        target.name(),
        Won.of(10_000),
        target.price(),
        Won.of(dueNow),
        Won.of(carried),
        daysLeft,
        31,
        effectiveOn);
  }

  @Test
  void anUpgradeIsChargedTheProratedNetOfTheDaysLeftNow() {
    ChangePreview quote = PlanChangeQuote.quote(SubscriptionStates.active().build(), PRO, JAN_25);
    assertThat(quote).isEqualTo(preview("UPGRADE_NOW", PRO, 13_548, 0, 21, JAN_25_DATE));
  }

  @Test
  void theDaysLeftCountFromTheSeoulDateNotTheUtcOne() {
    // 2031-01-25 00:30 in Seoul is still 2031-01-24 in UTC
    ChangePreview quote =
        PlanChangeQuote.quote(
            SubscriptionStates.active().build(), PRO, Instant.parse("2031-01-24T15:30:00Z"));
    assertThat(quote).isEqualTo(preview("UPGRADE_NOW", PRO, 13_548, 0, 21, JAN_25_DATE));
  }

  @Test
  void anUpgradeNetBelowTheMinimumSwitchesNowAndIsCarriedToTheNextInvoice() {
    // (10,100 − 10,000) × 21 ÷ 31 = 67.74 → 68 won: not charged now, added to the next renewal
    ChangePreview quote = PlanChangeQuote.quote(SubscriptionStates.active().build(), PLUS, JAN_25);
    assertThat(quote).isEqualTo(preview("UPGRADE_NOW", PLUS, 0, 68, 21, JAN_25_DATE));
  }

  @ParameterizedTest(name = "{0} won more: {1} now, {2} carried")
  @CsvSource({"147, 100, 0", "146, 0, 99"})
  void tossesMinimumDecidesWhetherTheNetIsChargedOrCarried(long more, long now, long carried) {
    Plan target = plan(6, "Basic+", 10_000 + more, BillingInterval.monthly());
    ChangePreview quote =
        PlanChangeQuote.quote(SubscriptionStates.active().build(), target, JAN_25);
    assertThat(quote.kind()).isEqualTo("UPGRADE_NOW");
    assertThat(quote.amountDueNow()).isEqualTo(Won.of(now));
    assertThat(quote.carriedToNextInvoice()).isEqualTo(Won.of(carried));
  }

  @Test
  void anotherPlanAtTheSamePriceSwitchesNowForNothing() {
    Plan sameprice = plan(7, "Basic team", 10_000, BillingInterval.monthly());
    assertThat(PlanChangeQuote.quote(SubscriptionStates.active().build(), sameprice, JAN_25))
        .isEqualTo(preview("SWITCH_NOW", sameprice, 0, 0, 21, JAN_25_DATE));
  }

  @Test
  void anUpgradeOnThePeriodsLastDayCostsNothingNow() {
    // 2031-02-15 08:00 Seoul: the renewal at 09:00 has not run yet, and no day is left
    ChangePreview quote =
        PlanChangeQuote.quote(
            SubscriptionStates.active().build(), PRO, Instant.parse("2031-02-14T23:00:00Z"));
    assertThat(quote).isEqualTo(preview("SWITCH_NOW", PRO, 0, 0, 0, LocalDate.of(2031, 2, 15)));
  }

  @Test
  void aDowngradeIsScheduledForThePeriodEndWithNothingChargedOrCredited() {
    assertThat(PlanChangeQuote.quote(SubscriptionStates.active().build(), LITE, JAN_25))
        .isEqualTo(preview("SCHEDULED", LITE, 0, 0, 21, LocalDate.of(2031, 2, 15)));
  }

  @Test
  void anotherIntervalIsScheduledForThePeriodEndEvenWhenItCostsMore() {
    assertThat(PlanChangeQuote.quote(SubscriptionStates.active().build(), BASIC_YEARLY, JAN_25))
        .isEqualTo(preview("SCHEDULED", BASIC_YEARLY, 0, 0, 21, LocalDate.of(2031, 2, 15)));
    Plan weeklyCheap = plan(8, "Weekly", 3_000, BillingInterval.weekly());
    assertThat(PlanChangeQuote.quote(SubscriptionStates.active().build(), weeklyCheap, JAN_25))
        .extracting(ChangePreview::kind)
        .isEqualTo("SCHEDULED");
  }

  @Test
  void aDowngradeIsScheduledEvenWhileThePeriodsChargeIsInFlight() {
    assertThat(PlanChangeQuote.quote(SubscriptionStates.active().unpaid().build(), LITE, JAN_25))
        .extracting(ChangePreview::kind)
        .isEqualTo("SCHEDULED");
  }

  @Test
  void duringATrialAnyPlanSwitchesNowForNothing() {
    Subscription.State trial = SubscriptionStates.trialing().build();
    Instant jan5 = Instant.parse("2031-01-05T01:00:00Z");
    for (Plan target : new Plan[] {PRO, LITE, BASIC_YEARLY}) {
      ChangePreview quote = PlanChangeQuote.quote(trial, target, jan5);
      assertThat(quote)
          .isEqualTo(
              new ChangePreview(
                  "SWITCH_NOW",
                  target.id().value(),
                  target.name(),
                  Won.of(10_000),
                  target.price(),
                  Won.ZERO,
                  Won.ZERO,
                  10,
                  14,
                  LocalDate.of(2031, 1, 5)));
    }
  }

  @Test
  void theSamePlanIsRefused() {
    for (Subscription.State s :
        new Subscription.State[] {
          SubscriptionStates.active().build(), SubscriptionStates.trialing().build()
        }) {
      assertThatThrownBy(() -> PlanChangeQuote.quote(s, BASIC, JAN_25))
          .isInstanceOfSatisfying(ApiException.class, e -> assertConflict(e, "SAME_PLAN"));
    }
  }

  @Test
  void theSamePlanAtAnotherCatalogPriceIsAChange() {
    // the subscription holds Basic at 10,000; the catalog sells it at 9,000 now
    Plan cheaperBasic = plan(1, "Basic", 9_000, BillingInterval.monthly());
    assertThat(PlanChangeQuote.quote(SubscriptionStates.active().build(), cheaperBasic, JAN_25))
        .extracting(ChangePreview::kind)
        .isEqualTo("SCHEDULED");
  }

  @Test
  void aPlanNoLongerSoldIsRefused() {
    Plan archived =
        new Plan(
            new PlanId(9),
            "old-pro",
            "Old Pro",
            "",
            Won.of(20_000),
            BillingInterval.monthly(),
            0,
            Map.of(),
            PlanStatus.ARCHIVED,
            false);
    assertThatThrownBy(
            () -> PlanChangeQuote.quote(SubscriptionStates.active().build(), archived, JAN_25))
        .isInstanceOfSatisfying(
            ApiException.class,
            e -> {
              assertConflict(e, "PLAN_NOT_ACTIVE");
              assertThat(e.messageEn()).contains("old-pro");
            });
  }

  @Test
  void anUpgradeWhileThePeriodIsUnpaidIsRefused() {
    assertThatThrownBy(
            () -> PlanChangeQuote.quote(SubscriptionStates.active().unpaid().build(), PRO, JAN_25))
        .isInstanceOfSatisfying(ApiException.class, e -> assertConflict(e, "CHARGE_IN_FLIGHT"));
  }

  @ParameterizedTest
  @EnumSource(
      value = SubscriptionStatus.class,
      names = {"ACTIVE", "TRIALING"},
      mode = EnumSource.Mode.EXCLUDE)
  void onlyAnActiveOrTrialingSubscriptionChangesPlan(SubscriptionStatus status) {
    Subscription.State s = SubscriptionStates.active().status(status).build();
    for (Plan target : new Plan[] {PRO, LITE}) {
      assertThatThrownBy(() -> PlanChangeQuote.quote(s, target, JAN_25))
          .isInstanceOfSatisfying(
              ApiException.class,
              e -> {
                assertConflict(e, "ILLEGAL_TRANSITION");
                assertThat(e.messageEn()).contains(status.name());
              });
    }
  }

  private static void assertConflict(ApiException e, String code) {
    assertThat(e.code()).isEqualTo(code);
    assertThat(e.status().value()).isEqualTo(409);
    assertThat(e.messageKo()).isNotBlank();
    assertThat(e.messageEn()).isNotBlank();
  }
}
