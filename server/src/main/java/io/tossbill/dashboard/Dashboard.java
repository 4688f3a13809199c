package io.tossbill.dashboard;

import io.tossbill.billing.SubscriptionQueries;
import io.tossbill.billing.SubscriptionStatus;
import io.tossbill.catalog.BillingInterval;
import io.tossbill.catalog.Catalog;
import io.tossbill.catalog.Plan;
import io.tossbill.catalog.PlanId;
import io.tossbill.payment.PaymentQueries;
import io.tossbill.platform.BusinessTime;
import io.tossbill.platform.Won;
import io.tossbill.testclock.TestClock;
import java.math.BigInteger;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.springframework.stereotype.Service;

/** Computes the dashboard's figures from the billing and payment modules' read queries. */
@Service
public class Dashboard {

  static final int DAYS = 30;

  private final SubscriptionQueries subscriptions;
  private final PaymentQueries payments;
  private final Catalog catalog;
  private final TestClock clock;

  Dashboard(
      SubscriptionQueries subscriptions,
      PaymentQueries payments,
      Catalog catalog,
      TestClock clock) {
    this.subscriptions = subscriptions;
    this.payments = payments;
    this.catalog = catalog;
    this.clock = clock;
  }

  /** The figures as of the server's now. */
  public DashboardFigures now() {
    return asOf(clock.now());
  }

  DashboardFigures asOf(Instant now) {
    List<SubscriptionQueries.PlanStatusCount> live = subscriptions.liveByPlanAndStatus();
    Map<Long, List<SubscriptionQueries.PlanStatusCount>> byPlan =
        live.stream()
            .collect(
                Collectors.groupingBy(
                    SubscriptionQueries.PlanStatusCount::planId,
                    LinkedHashMap::new,
                    Collectors.toList()));
    List<DashboardFigures.PlanFigures> plans = new ArrayList<>();
    byPlan.forEach(
        (planId, counts) ->
            plans.add(
                new DashboardFigures.PlanFigures(
                    planId,
                    catalog.find(new PlanId(planId)).map(Plan::name).orElse("#" + planId),
                    count(counts, SubscriptionStatus.ACTIVE),
                    count(counts, SubscriptionStatus.TRIALING),
                    count(counts, SubscriptionStatus.PAST_DUE),
                    count(counts, SubscriptionStatus.PAUSED),
                    mrr(counts))));

    LocalDate today = LocalDate.ofInstant(now, BusinessTime.ZONE);
    LocalDate first = today.minusDays(DAYS - 1);
    Instant from = first.atStartOfDay(BusinessTime.ZONE).toInstant();
    Instant to = today.plusDays(1).atStartOfDay(BusinessTime.ZONE).toInstant();
    Map<LocalDate, PaymentQueries.DayRevenue> revenue =
        payments.revenueByDay(from, to).stream()
            .collect(Collectors.toMap(PaymentQueries.DayRevenue::day, Function.identity()));
    Map<LocalDate, PaymentQueries.DayFailures> failures =
        payments.failuresByDay(from, to).stream()
            .collect(Collectors.toMap(PaymentQueries.DayFailures::day, Function.identity()));
    List<DashboardFigures.Day> days = new ArrayList<>();
    for (LocalDate day = first; !day.isAfter(today); day = day.plusDays(1)) {
      var r = revenue.get(day);
      var f = failures.get(day);
      days.add(
          new DashboardFigures.Day(
              day,
              r == null ? Won.ZERO : r.approved(),
              r == null ? Won.ZERO : r.refunded(),
              f == null ? 0 : f.declined(),
              f == null ? 0 : f.recovered()));
    }
    Instant windowStart = now.minus(Duration.ofDays(DAYS));
    return new DashboardFigures(
        now,
        mrr(live),
        count(live, SubscriptionStatus.ACTIVE) + count(live, SubscriptionStatus.PAST_DUE),
        count(live, SubscriptionStatus.TRIALING),
        count(live, SubscriptionStatus.PAUSED),
        subscriptions.startedBetween(windowStart, now),
        subscriptions.endedBetween(windowStart, now),
        days.stream().map(DashboardFigures.Day::approved).reduce(Won.ZERO, Won::plus),
        days.stream().map(DashboardFigures.Day::refunded).reduce(Won.ZERO, Won::plus),
        days.stream().mapToLong(DashboardFigures.Day::declined).sum(),
        days.stream().mapToLong(DashboardFigures.Day::recovered).sum(),
        List.copyOf(days),
        List.copyOf(plans));
  }

  private static long count(
      List<SubscriptionQueries.PlanStatusCount> counts, SubscriptionStatus status) {
    return counts.stream()
        .filter(c -> c.status() == status)
        .mapToLong(SubscriptionQueries.PlanStatusCount::count)
        .sum();
  }

  /**
   * Monthly recurring revenue of ACTIVE and PAST_DUE subscriptions: each price times its monthly
   * factor (a month: 1/n for every n months, 1/(12n) for every n years, 52/(12n) = 13/(3n) for
   * every n weeks), summed as an exact fraction and rounded half-up to the won once.
   */
  static Won mrr(List<SubscriptionQueries.PlanStatusCount> counts) {
    BigInteger numerator = BigInteger.ZERO;
    BigInteger denominator = BigInteger.ONE;
    for (SubscriptionQueries.PlanStatusCount c : counts) {
      if (c.status() != SubscriptionStatus.ACTIVE && c.status() != SubscriptionStatus.PAST_DUE) {
        continue;
      }
      long[] factor = monthlyFactor(c.interval());
      BigInteger n =
          BigInteger.valueOf(c.price().value())
              .multiply(BigInteger.valueOf(c.count()))
              .multiply(BigInteger.valueOf(factor[0]));
      BigInteger d = BigInteger.valueOf(factor[1]);
      numerator = numerator.multiply(d).add(n.multiply(denominator));
      denominator = denominator.multiply(d);
      BigInteger gcd = numerator.gcd(denominator);
      if (gcd.signum() > 0) {
        numerator = numerator.divide(gcd);
        denominator = denominator.divide(gcd);
      }
    }
    BigInteger rounded =
        numerator
            .multiply(BigInteger.TWO)
            .add(denominator)
            .divide(denominator.multiply(BigInteger.TWO));
    return Won.of(rounded.longValueExact());
  }

  /** {numerator, denominator} turning one period's price into a month's. */
  static long[] monthlyFactor(BillingInterval interval) {
    long n = interval.count();
    return switch (interval.unit()) {
      case MONTH -> new long[] {1, n};
      case YEAR -> new long[] {1, 12 * n};
      case WEEK -> new long[] {13, 3 * n};
    };
  }
}
