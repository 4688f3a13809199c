package io.tossbill.subscription;

import static org.assertj.core.api.Assertions.assertThat;

import io.tossbill.catalog.BillingInterval;
import io.tossbill.catalog.IntervalUnit;
import io.tossbill.catalog.PlanId;
import io.tossbill.customer.CustomerId;
import io.tossbill.platform.Won;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Periods across a change of interval keep the anchor's day of month: no drift from a clamped end.
 */
class SubscriptionAnchorTests {

  private static final BillingInterval MONTHLY = new BillingInterval(IntervalUnit.MONTH, 1);
  private static final BillingInterval QUARTERLY = new BillingInterval(IntervalUnit.MONTH, 3);

  @Test
  void anIntervalChangeOnAClampedPeriodEndKeepsTheAnchorDay() {
    LocalDate anchor = LocalDate.parse("2027-01-31");
    Subscription s =
        new Subscription(
            1,
            new CustomerId(1),
            new PlanId(1),
            "월간",
            Won.of(10_000),
            MONTHLY,
            false,
            SubscriptionStatus.ACTIVE,
            anchor,
            31,
            LocalTime.of(9, 0),
            false,
            0,
            1,
            1,
            anchor,
            LocalDate.parse("2027-02-28"),
            null,
            false,
            null,
            Won.ZERO,
            false,
            null,
            Instant.EPOCH,
            null,
            null,
            0);
    Instant now = Instant.parse("2027-01-31T00:00:00Z");
    s.startNextPeriod(now); // 02-28 → 03-31
    s.startNextPeriod(now); // 03-31 → 04-30
    assertThat(s.periodEnd).isEqualTo(LocalDate.parse("2027-04-30"));
    s.pendingPlan =
        new Subscription.PendingPlan(new PlanId(2), "분기", Won.of(27_000), QUARTERLY, false);

    List<LocalDate> starts = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      s.startNextPeriod(now);
      starts.add(s.periodStart);
    }

    assertThat(starts)
        .extracting(LocalDate::toString)
        .containsExactly("2027-04-30", "2027-07-31", "2027-10-31", "2028-01-31");
    assertThat(s.periodEnd).isEqualTo(LocalDate.parse("2028-04-30"));
  }
}
