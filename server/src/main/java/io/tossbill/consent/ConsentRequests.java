package io.tossbill.consent;

import io.tossbill.billing.ChargeConsentPolicy.ChangeKind;
import io.tossbill.billing.PriceChangeScheduled;
import io.tossbill.billing.SubscriptionCreated;
import io.tossbill.billing.SubscriptionId;
import io.tossbill.billing.SubscriptionStatus;
import io.tossbill.billing.SubscriptionView;
import io.tossbill.billing.Subscriptions;
import io.tossbill.customer.CustomerId;
import io.tossbill.platform.Won;
import io.tossbill.testclock.TestClock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Makes consent requests from the billing module's events: a trial that will turn paid, a price
 * increase scheduled for a subscription; supersedes them when the change no longer needs consent or
 * the subscription ends. A request whose window is open already is sent at once.
 */
@Service
class ConsentRequests {

  private final ConsentRepository repository;
  private final ConsentSender sender;
  private final ConsentWording wording;
  private final Subscriptions subscriptions;
  private final TestClock clock;
  private final ConsentProperties properties;
  private final TransactionTemplate transactions;

  ConsentRequests(
      ConsentRepository repository,
      ConsentSender sender,
      ConsentWording wording,
      Subscriptions subscriptions,
      TestClock clock,
      ConsentProperties properties,
      TransactionTemplate transactions) {
    this.repository = repository;
    this.sender = sender;
    this.wording = wording;
    this.subscriptions = subscriptions;
    this.clock = clock;
    this.properties = properties;
    this.transactions = transactions;
  }

  /** A trial started: its first paid charge needs consent. */
  void trialStarted(SubscriptionCreated event) {
    if (event.status() != SubscriptionStatus.TRIALING
        || !event.price().isPositive()
        || !properties.trialConversionRequiresConsent()) {
      return;
    }
    schedule(
        event.subscriptionId(),
        ChangeKind.TRIAL_CONVERSION,
        Won.ZERO,
        event.price(),
        event.periodEnd(),
        event.periodEndsAt());
  }

  /**
   * A new price was scheduled: an increase (or a trial's new first price) needs consent, a decrease
   * does not.
   */
  void priceChangeScheduled(PriceChangeScheduled event) {
    if (event.trialing()) {
      if (properties.trialConversionRequiresConsent() && event.newPrice().isPositive()) {
        schedule(
            event.subscriptionId(),
            ChangeKind.TRIAL_CONVERSION,
            Won.ZERO,
            event.newPrice(),
            event.effectiveOn(),
            event.effectiveAt());
      }
      return;
    }
    if (event.newPrice().isGreaterThan(event.currentPrice())) {
      schedule(
          event.subscriptionId(),
          ChangeKind.PRICE_INCREASE,
          event.currentPrice(),
          event.newPrice(),
          event.effectiveOn(),
          event.effectiveAt());
      return;
    }
    transactions.executeWithoutResult(
        status -> {
          SubscriptionView s = subscriptions.view(event.subscriptionId());
          Instant now = clock.now(new CustomerId(s.customerId()));
          Optional<Consent> asked =
              repository
                  .lockForChange(s.id(), event.effectiveOn())
                  .filter(c -> c.status().isLive());
          if (asked.isPresent()) {
            asked.get().dropForLowerPrice(event.newPrice(), now);
            repository.save(asked.get(), now);
          }
          repository.append(
              s.id(),
              s.customerId(),
              Consent.notRequired(
                  event.currentPrice(), event.newPrice(), event.effectiveOn(), now));
        });
  }

  /** The subscription ended: its open requests are closed. */
  void subscriptionEnded(SubscriptionId id, String reason) {
    transactions.executeWithoutResult(
        status -> {
          List<Consent> live = repository.lockLive(id.value());
          if (live.isEmpty()) {
            return;
          }
          Instant now = clock.now(new CustomerId(live.getFirst().customerId()));
          live.forEach(c -> c.closeForEnd(reason, now));
          repository.save(live, now);
        });
  }

  private void schedule(
      SubscriptionId id,
      ChangeKind kind,
      Won before,
      Won after,
      LocalDate changeDate,
      Instant changeAt) {
    // Delivered again after a restart: the same change asked for already is left alone.
    boolean asked =
        repository.ofSubscription(id.value()).stream()
            .anyMatch(c -> c.asksAbout(kind, before, after, changeDate));
    if (asked) {
      return;
    }
    transactions.executeWithoutResult(
        status -> {
          SubscriptionView s = subscriptions.view(id);
          CustomerId customer = new CustomerId(s.customerId());
          Instant now = clock.now(customer);
          if (s.status().isFinal() || !now.isBefore(changeAt)) {
            // nothing to ask: the subscription ended, or the change is due already (the renewal
            // blocks it)
            return;
          }
          // One change is pending at a time: a request for another date (a trial extended, an
          // increase moved) is no longer what the subscriber would be asked about.
          for (Consent other : repository.lockLive(id.value())) {
            if (!other.changeDate().equals(changeDate) && other.status().isLive()) {
              other.movedTo(changeDate, now);
              repository.save(other, now);
            }
          }
          Optional<Consent> existing = repository.lockForChange(id.value(), changeDate);
          if (existing.isPresent()) {
            Consent found = existing.get();
            if (!found.status().isLive()) {
              return;
            }
            if (found.covers(kind, after)) {
              found.changeCovered(kind, before, after, now);
              repository.save(found, now);
              return;
            }
            found.replaceBy(before, after, now);
            repository.save(found, now);
          }
          Consent.Change change =
              new Consent.Change(
                  id.value(),
                  customer.value(),
                  kind,
                  s.planName(),
                  before,
                  after,
                  changeDate,
                  changeAt);
          Consent consent =
              Consent.schedule(
                  change, wording.of(change, s.interval()), now, properties.requestWindow());
          if (!repository.insert(consent, clock.offset(customer))) {
            status.setRollbackOnly(); // another node asked for this change at the same moment
            return;
          }
          if (consent.isDueToSend(now)) {
            sender.send(consent, now);
          }
        });
  }
}
