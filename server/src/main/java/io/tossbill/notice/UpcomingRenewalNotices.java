package io.tossbill.notice;

import io.tossbill.billing.UpcomingRenewals;
import io.tossbill.customer.Cards;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Tells subscribers about a renewal {@code upcoming-renewal-days} before its charge, once per
 * period. A pass lists the subscriptions renewing within the horizon (billing's {@link
 * UpcomingRenewals}, page by page), skips those whose period was claimed already (one statement per
 * page), and for each other one claims the period and asks for the mail in one transaction: a claim
 * exists exactly when its mail does, and a second pass or node finds it and sends nothing.
 */
@Component
class UpcomingRenewalNotices {

  private static final Logger log = LoggerFactory.getLogger(UpcomingRenewalNotices.class);

  private final UpcomingRenewals renewals;
  private final UpcomingRenewalClaims claims;
  private final NoticeMails mails;
  private final Cards cards;
  private final NoticeProperties properties;
  private final Clock clock;
  private final TransactionTemplate transactions;

  UpcomingRenewalNotices(
      UpcomingRenewals renewals,
      UpcomingRenewalClaims claims,
      NoticeMails mails,
      Cards cards,
      NoticeProperties properties,
      Clock clock,
      TransactionTemplate transactions) {
    this.renewals = renewals;
    this.claims = claims;
    this.mails = mails;
    this.cards = cards;
    this.properties = properties;
    this.clock = clock;
    this.transactions = transactions;
  }

  /** One pass at the server's now; returns how many notices were asked for. */
  int runPass() {
    return runPass(clock.instant());
  }

  /** One pass at the server's {@code now}; returns how many notices were asked for. */
  int runPass(Instant now) {
    Duration ahead = properties.upcomingRenewalAhead();
    int batch = properties.worker().batchSize();
    int sent = 0;
    UpcomingRenewals.Cursor cursor = UpcomingRenewals.Cursor.START;
    while (true) {
      List<UpcomingRenewals.Due> page = renewals.dueWithin(now, ahead, cursor, batch);
      Set<UpcomingRenewalClaims.Period> claimed = claims.claimedAmong(page);
      for (UpcomingRenewals.Due due : page) {
        if (claimed.contains(
            new UpcomingRenewalClaims.Period(due.subscriptionId().value(), due.periodNo()))) {
          continue;
        }
        try {
          if (Boolean.TRUE.equals(transactions.execute(status -> notify(due, now, ahead)))) {
            sent++;
          }
        } catch (RuntimeException e) {
          // left unclaimed: the next pass tries again
          log.warn(
              "Upcoming renewal notice for subscription {} not asked for now: {}",
              due.subscriptionId().value(),
              e.toString());
        }
      }
      if (page.size() < batch) {
        return sent;
      }
      cursor = page.getLast().cursor();
    }
  }

  private boolean notify(UpcomingRenewals.Due due, Instant now, Duration ahead) {
    Optional<UpcomingRenewals.UpcomingRenewal> found =
        renewals.find(due.subscriptionId(), due.periodNo(), now, ahead);
    if (found.isEmpty()) {
      return false; // changed since it was listed: looked at again next pass
    }
    UpcomingRenewals.UpcomingRenewal r = found.get();
    if (!claims.claim(
        r.subscriptionId().value(), r.periodNo(), r.customerId().value(), clock.instant())) {
      return false;
    }
    if (!r.amount().isPositive()) {
      return false; // nothing is charged (credit, or less than Toss's minimum): claimed, no mail
    }
    Optional<Long> mail =
        mails.send(
            NoticeKind.UPCOMING_RENEWAL,
            r.customerId(),
            "subscription-" + r.subscriptionId().value() + "-period-" + r.periodNo(),
            () -> {
              Map<String, Object> v = new HashMap<>();
              v.put("plan", r.planName());
              v.put("interval", r.interval());
              v.put("renewalDate", r.renewalDate());
              v.put("chargeAt", r.chargeAt());
              v.put("amount", r.amount());
              v.put("planChanges", r.pendingChange() != null);
              cards
                  .currentCard(r.customerId())
                  .ifPresent(c -> v.put("card", LifecycleNotices.shown(c)));
              return Optional.of(
                  new NoticeMails.Content(
                      "/my/subscriptions/" + r.subscriptionId().value(),
                      mails.linkLifetime(),
                      v,
                      List.of(r.planName())));
            });
    mail.ifPresent(id -> claims.mailed(r.subscriptionId().value(), r.periodNo(), id));
    return mail.isPresent();
  }
}
