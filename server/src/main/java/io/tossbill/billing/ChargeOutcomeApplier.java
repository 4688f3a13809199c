package io.tossbill.billing;

import io.tossbill.payment.ChargeAttempt;
import io.tossbill.payment.ChargePurpose;
import io.tossbill.payment.ChargeSettlement;
import io.tossbill.testclock.TestClock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * The outcome applier's billing half: what a settled charge means for its subscription, in the
 * transaction that records the outcome in the ledger. An approval pays the current period (or the
 * quoted upgrade) when the subscription still needs it, and is otherwise refunded; a decline moves
 * the subscription along the dunning schedule; an attempt given up for a new card is retried on it.
 * Outcomes that arrive after a pause or an end are noted, never move it.
 */
@Component
class ChargeOutcomeApplier implements ChargeSettlement {

  private final SubscriptionRepository repository;
  private final TestClock clock;
  private final BillingProperties properties;
  private final ApplicationEventPublisher events;

  ChargeOutcomeApplier(
      SubscriptionRepository repository,
      TestClock clock,
      BillingProperties properties,
      ApplicationEventPublisher events) {
    this.repository = repository;
    this.clock = clock;
    this.properties = properties;
    this.events = events;
  }

  @Override
  @Transactional(propagation = Propagation.MANDATORY)
  public List<Use> settle(List<Outcome> outcomes) {
    Set<Long> ids = new LinkedHashSet<>();
    outcomes.forEach(o -> ids.add(o.attempt().subscriptionId()));
    Map<Long, Subscription> locked = new HashMap<>();
    for (Subscription s : repository.lock(ids)) {
      locked.put(s.id(), s);
    }
    Instant serverNow = clock.now();
    DunningSchedule dunning = properties.dunningSchedule();
    List<SubscriptionEvent> published = new ArrayList<>();
    List<Use> uses = new ArrayList<>(outcomes.size());
    for (Outcome outcome : outcomes) {
      ChargeAttempt attempt = outcome.attempt();
      Subscription s = locked.get(attempt.subscriptionId());
      if (s == null) {
        uses.add(Use.NOT_NEEDED);
        continue;
      }
      Instant now = serverNow.plus(s.state().clockOffset());
      uses.add(
          switch (outcome) {
            case Approved approved -> {
              if (!s.needs(attempt.purpose(), attempt.periodNo())) {
                // Nothing left to pay (paid meanwhile, paused, ended): the ledger refunds it.
                s.lateApproval(attempt.orderId(), attempt.amount(), now);
                yield Use.NOT_NEEDED;
              }
              if (attempt.purpose() == ChargePurpose.PRORATION) {
                s.upgradePaid(attempt.amount(), now);
              } else {
                published.addAll(s.periodPaid(attempt.periodNo(), attempt.amount(), now));
              }
              yield Use.PAID;
            }
            case Declined declined -> {
              published.addAll(
                  s.chargeDeclined(
                      attempt.purpose(),
                      attempt.periodNo(),
                      declined.error().code(),
                      declined.kind(),
                      declined.countedDeclines(),
                      dunning,
                      properties.dunning().incompleteExpiresAfter(),
                      now));
              yield Use.NOT_NEEDED;
            }
            case Abandoned abandoned -> {
              s.retryOnNewCard(attempt.purpose(), attempt.periodNo(), attempt.orderId(), now);
              yield Use.NOT_NEEDED;
            }
            case Late late -> {
              s.lateApproval(attempt.orderId(), attempt.amount(), now);
              yield Use.NOT_NEEDED;
            }
          });
    }
    repository.save(locked.values(), serverNow);
    published.forEach(events::publishEvent);
    return uses;
  }
}
