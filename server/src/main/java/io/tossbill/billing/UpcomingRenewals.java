package io.tossbill.billing;

import io.tossbill.catalog.BillingInterval;
import io.tossbill.customer.CustomerId;
import io.tossbill.platform.Won;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Renewals coming up, for a notice before the charge: active subscriptions whose current period is
 * paid, that renew (no cancel scheduled), and whose renewal is charged within a horizon. Reads
 * only. Periods not longer than the horizon (a weekly plan told a week ahead) are left out: their
 * whole period is "upcoming".
 */
@Service
public class UpcomingRenewals {

  // In (due_at, id) order from a cursor, through the due_at index; due_at is the renewal's
  // charge instant in server time (the customer's test clock offset taken off).
  private static final String DUE =
      """
      SELECT id, period_no, due_at FROM subscription
      WHERE status = 'ACTIVE' AND NOT cancel_at_period_end AND paid_period_no = period_no
        AND due_at > :now AND due_at <= :until
        AND (period_end - period_start) > :days
        AND (due_at > :afterDue OR (due_at = :afterDue AND id > :afterId))
      ORDER BY due_at, id
      LIMIT :limit
      """;

  /** Where a page of {@link #dueWithin} ended: the next page starts after it. */
  public record Cursor(Instant dueAt, long id) {
    public static final Cursor START = new Cursor(Instant.EPOCH, 0);
  }

  /** A subscription renewing within the horizon, as listed (ids only). */
  public record Due(SubscriptionId subscriptionId, int periodNo, Cursor cursor) {}

  /**
   * A renewal to tell the subscriber about.
   *
   * @param periodNo the paid period that ends at the renewal
   * @param renewalDate the period's end date (Asia/Seoul): the next period starts then
   * @param chargeAt when the renewal is charged, in the customer's time
   * @param amount what the renewal charges (the next period's price less credit, or zero when less
   *     than Toss's minimum is due)
   * @param planName the plan renewed: a plan change scheduled for the period end already applied
   * @param pendingChange the plan (or price) that takes over at the renewal, if any
   */
  public record UpcomingRenewal(
      SubscriptionId subscriptionId,
      CustomerId customerId,
      int periodNo,
      String planName,
      BillingInterval interval,
      LocalDate renewalDate,
      Instant chargeAt,
      Won amount,
      SubscriptionView.@Nullable PendingChange pendingChange) {}

  private final JdbcClient jdbc;
  private final SubscriptionRepository repository;

  UpcomingRenewals(JdbcClient jdbc, SubscriptionRepository repository) {
    this.jdbc = jdbc;
    this.repository = repository;
  }

  /**
   * Up to {@code limit} subscriptions after {@code after} whose renewal is charged after the
   * server's {@code now} and at most {@code ahead} later, with a period longer than {@code ahead}
   * in whole days.
   */
  @Transactional(readOnly = true)
  public List<Due> dueWithin(Instant now, Duration ahead, Cursor after, int limit) {
    return jdbc.sql(DUE)
        .param("now", Timestamp.from(now))
        .param("until", Timestamp.from(now.plus(ahead)))
        .param("days", (int) ahead.toDays())
        .param("afterDue", Timestamp.from(after.dueAt()))
        .param("afterId", after.id())
        .param("limit", limit)
        .query(
            (rs, n) ->
                new Due(
                    new SubscriptionId(rs.getLong("id")),
                    rs.getInt("period_no"),
                    new Cursor(
                        rs.getObject("due_at", OffsetDateTime.class).toInstant(),
                        rs.getLong("id"))))
        .list();
  }

  /**
   * The renewal of {@code id} ending period {@code periodNo}, when it still is one at the server's
   * {@code now}: active, paid, renewing, charged within {@code ahead} of the customer's now.
   */
  @Transactional(readOnly = true)
  public Optional<UpcomingRenewal> find(
      SubscriptionId id, int periodNo, Instant now, Duration ahead) {
    return repository
        .find(id.value())
        .map(Subscription::state)
        .filter(
            s ->
                s.status() == SubscriptionStatus.ACTIVE
                    && !s.cancelAtPeriodEnd()
                    && s.periodPaid()
                    && s.periodNo() == periodNo)
        .filter(
            s -> {
              Instant customerNow = now.plus(s.clockOffset());
              Instant chargeAt = s.periodEndInstant();
              return chargeAt.isAfter(customerNow)
                  && !chargeAt.isAfter(customerNow.plus(ahead))
                  && s.period().days() > ahead.toDays();
            })
        .map(
            s -> {
              SubscriptionView view = Subscriptions.view(s);
              Won amount = view.nextChargeAmount() == null ? Won.ZERO : view.nextChargeAmount();
              SubscriptionView.PendingChange pending = view.pendingChange();
              return new UpcomingRenewal(
                  id,
                  s.customerId(),
                  s.periodNo(),
                  pending == null ? s.plan().name() : pending.planName(),
                  pending == null ? s.plan().interval() : pending.interval(),
                  s.periodEnd(),
                  s.periodEndInstant(),
                  amount,
                  pending);
            });
  }
}
