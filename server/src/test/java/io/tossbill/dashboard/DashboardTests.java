package io.tossbill.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import io.tossbill.billing.SubscriptionQueries.PlanStatusCount;
import io.tossbill.billing.SubscriptionStatus;
import io.tossbill.catalog.BillingInterval;
import io.tossbill.platform.Won;
import java.util.List;
import org.junit.jupiter.api.Test;

class DashboardTests {

  @Test
  void mrrSumsExactFractionsAndRoundsOnce() {
    // three weekly 1,000 won subscriptions: 3 × 1,000 × 52 / 12 = 13,000 exactly
    // (rounding each to 4,333 first would give 12,999)
    assertThat(
            Dashboard.mrr(
                List.of(count(SubscriptionStatus.ACTIVE, 1_000, BillingInterval.weekly(), 3))))
        .isEqualTo(Won.of(13_000));
  }

  @Test
  void mrrCountsActiveAndPastDueOnly() {
    assertThat(
            Dashboard.mrr(
                List.of(
                    count(SubscriptionStatus.ACTIVE, 9_900, BillingInterval.monthly(), 1),
                    count(SubscriptionStatus.PAST_DUE, 9_900, BillingInterval.monthly(), 1),
                    count(SubscriptionStatus.TRIALING, 9_900, BillingInterval.monthly(), 5),
                    count(SubscriptionStatus.PAUSED, 9_900, BillingInterval.monthly(), 5))))
        .isEqualTo(Won.of(19_800));
  }

  @Test
  void mrrRoundsHalfUpToTheWon() {
    // 10,002 won every 4 months = 2,500.5 → 2,501; 10,001 won every 4 months = 2,500.25 → 2,500
    assertThat(
            Dashboard.mrr(
                List.of(
                    count(SubscriptionStatus.ACTIVE, 10_002, BillingInterval.everyMonths(4), 1))))
        .isEqualTo(Won.of(2_501));
    assertThat(
            Dashboard.mrr(
                List.of(
                    count(SubscriptionStatus.ACTIVE, 10_001, BillingInterval.everyMonths(4), 1))))
        .isEqualTo(Won.of(2_500));
    assertThat(
            Dashboard.mrr(
                List.of(
                    count(
                        SubscriptionStatus.ACTIVE,
                        99_000,
                        new BillingInterval(io.tossbill.catalog.IntervalUnit.YEAR, 2),
                        1))))
        .isEqualTo(Won.of(4_125));
  }

  private static PlanStatusCount count(
      SubscriptionStatus status, long price, BillingInterval interval, long n) {
    return new PlanStatusCount(1, status, Won.of(price), interval, n);
  }
}
