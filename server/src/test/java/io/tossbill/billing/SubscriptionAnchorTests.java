package io.tossbill.billing;

import static org.assertj.core.api.Assertions.assertThat;

import io.tossbill.catalog.BillingInterval;
import io.tossbill.catalog.IntervalUnit;
import io.tossbill.catalog.PlanId;
import io.tossbill.customer.CustomerId;
import io.tossbill.platform.Won;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The anchor day survives a plan change to another interval on a clamped period end. */
class SubscriptionAnchorTests {

  private static final BillingInterval MONTHLY = new BillingInterval(IntervalUnit.MONTH, 1);
  private static final BillingInterval QUARTERLY = new BillingInterval(IntervalUnit.MONTH, 3);
  private static final Duration RECHECK = Duration.ofSeconds(30);

  @Test
  void anIntervalChangeOnAClampedPeriodEndKeepsTheAnchorDay() {
    PlanSnapshot monthly = new PlanSnapshot(new PlanId(1), "월간", Won.of(10_000), MONTHLY, false);
    Subscription s =
        Subscription.start(
            new CustomerId(1),
            monthly,
            0,
            Instant.parse("2027-01-31T01:00:00Z"),
            LocalTime.of(9, 0),
            Duration.ZERO);
    s.identify(1);
    s.periodPaid(1, Won.of(10_000), Instant.parse("2027-01-31T01:00:00Z"));
    renewAndPay(s); // 02-28 → 03-31
    renewAndPay(s); // 03-31 → 04-30
    assertThat(s.state().periodEnd()).isEqualTo(LocalDate.parse("2027-04-30"));
    s.schedulePlanChange(
        new PlanSnapshot(new PlanId(2), "분기", Won.of(27_000), QUARTERLY, false),
        Instant.parse("2027-04-01T00:00:00Z"));

    List<LocalDate> starts = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      renewAndPay(s);
      starts.add(s.state().periodStart());
    }

    assertThat(starts)
        .extracting(LocalDate::toString)
        .containsExactly("2027-04-30", "2027-07-31", "2027-10-31", "2028-01-31");
    assertThat(s.state().periodEnd()).isEqualTo(LocalDate.parse("2028-04-30"));
  }

  /** Renews at the period end as the worker would, and pays the charge it asks for. */
  private static void renewAndPay(Subscription s) {
    Instant at = s.state().periodEndInstant();
    RenewalDecision.Renewal decision =
        RenewalDecision.decide(
            s.state(),
            RenewalDecision.InFlight.NONE,
            new RenewalDecision.NotNeeded(),
            at,
            RECHECK,
            new DunningSchedule(List.of(1, 3), SubscriptionStatus.CANCELED, LocalTime.of(9, 0)));
    Won charge = s.renew(decision, at, RECHECK).charge().orElseThrow();
    s.periodPaid(s.state().periodNo(), charge, at);
  }
}
