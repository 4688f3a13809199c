package io.tossbill.dashboard;

import io.tossbill.platform.Won;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

/**
 * The dashboard at one moment.
 *
 * @param asOf the server's now the figures are for
 * @param mrr monthly recurring revenue: active and past-due subscriptions' prices normalised to a
 *     month, summed exactly and rounded half-up to the won once
 * @param active subscriptions that are ACTIVE or PAST_DUE (paying)
 * @param trialing subscriptions in a free trial
 * @param paused paused subscriptions
 * @param newIn30Days subscriptions created in the last 30 days that began a trial or paid a period
 * @param churnedIn30Days subscriptions that had started and were canceled or expired in the last 30
 *     days
 * @param days the last 30 business days (Asia/Seoul), oldest first, each with revenue and failures
 * @param plans live subscriptions per plan
 */
public record DashboardFigures(
    Instant asOf,
    Won mrr,
    long active,
    long trialing,
    long paused,
    long newIn30Days,
    long churnedIn30Days,
    Won approvedIn30Days,
    Won refundedIn30Days,
    long declinedIn30Days,
    long recoveredIn30Days,
    List<Day> days,
    List<PlanFigures> plans) {

  /** One business day: approved and refunded won, declines and recoveries. */
  public record Day(LocalDate day, Won approved, Won refunded, long declined, long recovered) {}

  /** One plan: its paying, trialing, past-due and paused subscriptions and its share of MRR. */
  public record PlanFigures(
      long planId, String name, long active, long trialing, long pastDue, long paused, Won mrr) {}
}
