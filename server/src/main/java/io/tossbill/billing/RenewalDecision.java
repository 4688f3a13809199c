package io.tossbill.billing;

import io.tossbill.platform.Won;
import java.time.Instant;
import java.util.Optional;

/**
 * The renewal's decision, a pure function: given a subscription as it is, whether an attempt of it
 * is in flight, the consent answer for the change at its period end, and the time, what to do now
 * and what to charge for the period, or why not. No Spring, no database: docs/billing.md reads like
 * this class.
 */
public final class RenewalDecision {

  private RenewalDecision() {}

  /** Whether an attempt of the subscription is pending or unknown at Toss. */
  public enum InFlight {
    /** Nothing in flight. */
    NONE,
    /** Only an attempt flagged for review: it never keeps a scheduled cancel from ending it. */
    REVIEW_ONLY,
    /** An attempt whose outcome is not known yet. */
    BLOCKING
  }

  /** The consent answer for the change at the period end, when one is needed. */
  public sealed interface Consent {}

  /** No consent is needed: no price increase, no trial turning paid. */
  public record NotNeeded() implements Consent {}

  /** Consent was given to a new price of at most {@code consentedPrice}. */
  public record Given(String evidence, Won consentedPrice) implements Consent {}

  /**
   * The subscriber was never asked (the increase came too late for a request): this period renews
   * at the current price and the increase moves to its end.
   */
  public record Deferred(String reason) implements Consent {}

  /** No consent, and the operator keeps the old price: renew at the current price. */
  public record KeepPrice(String reason) implements Consent {}

  /** No consent: the subscription ends at the period end. */
  public record Refused(String reason) implements Consent {}

  /** What to do now. */
  public sealed interface Renewal {}

  /** Nothing to do and nothing scheduled (paused, or ended). */
  public record Idle() implements Renewal {}

  /** Not due yet: look again at {@code at}. */
  public record WaitUntil(Instant at) implements Renewal {}

  /** An attempt's outcome is not known: the janitor settles it; look again at {@code at}. */
  public record AwaitInFlight(Instant at) implements Renewal {}

  /** End the subscription as {@code to}, effective {@code at}. */
  public record End(SubscriptionStatus to, Instant at, String reason) implements Renewal {}

  /** Start the next period (with the consent answer applied), then pay it with {@code due}. */
  public record Renew(Consent consent, AmountDue due) implements Renewal {}

  /** Pay the current, unpaid period with {@code due} (a retry, or a charge lost before). */
  public record Charge(AmountDue due) implements Renewal {}

  /** The consent check a renewal needs now, if any. */
  public record ConsentQuestion(
      ChargeConsentPolicy.ChangeKind kind, Won priceBefore, Won priceAfter) {}

  /**
   * The consent to ask about before renewing now: a trial turning paid, or the operator's price
   * increase of the same plan. A plan change the subscriber asked for, and a lower price, need
   * none.
   */
  public static Optional<ConsentQuestion> consentQuestion(Subscription.State s, Instant now) {
    if (!s.periodPaid()
        || s.cancelAtPeriodEnd()
        || now.isBefore(s.periodEndInstant())
        || (s.status() != SubscriptionStatus.TRIALING && s.status() != SubscriptionStatus.ACTIVE)) {
      return Optional.empty();
    }
    Won after = s.nextPeriodPrice();
    if (s.status() == SubscriptionStatus.TRIALING && after.isPositive()) {
      return Optional.of(
          new ConsentQuestion(ChargeConsentPolicy.ChangeKind.TRIAL_CONVERSION, Won.ZERO, after));
    }
    PlanSnapshot pending = s.pendingPlan();
    if (pending != null
        && pending.planId().equals(s.plan().planId())
        && after.isGreaterThan(s.plan().price())) {
      return Optional.of(
          new ConsentQuestion(
              ChargeConsentPolicy.ChangeKind.PRICE_INCREASE, s.plan().price(), after));
    }
    return Optional.empty();
  }

  /**
   * What to do with a due subscription now.
   *
   * @param recheck how long to wait before looking again at an attempt in flight
   * @param dunning what ends a subscription whose hard decline got no new card
   */
  public static Renewal decide(
      Subscription.State s,
      InFlight inFlight,
      Consent consent,
      Instant now,
      java.time.Duration recheck,
      DunningSchedule dunning) {
    Instant periodEnd = s.periodEndInstant();
    if (inFlight == InFlight.REVIEW_ONLY
        && s.cancelAtPeriodEnd()
        && !now.isBefore(periodEnd)
        && !s.status().isFinal()) {
      return new End(SubscriptionStatus.CANCELED, periodEnd, EndReason.PERIOD_END.name());
    }
    if (inFlight != InFlight.NONE) {
      return new AwaitInFlight(now.plus(recheck));
    }
    return switch (s.status()) {
      case CANCELED, EXPIRED -> new Idle();
      case PAUSED -> {
        // A cancel scheduled before the pause still ends the subscription at the period end.
        if (!s.cancelAtPeriodEnd()) {
          yield new Idle();
        }
        yield now.isBefore(periodEnd)
            ? new WaitUntil(periodEnd)
            : new End(SubscriptionStatus.CANCELED, periodEnd, EndReason.PERIOD_END.name());
      }
      case TRIALING, ACTIVE -> {
        if (!s.periodPaid()) {
          yield new Charge(s.currentDue());
        }
        if (now.isBefore(periodEnd)) {
          yield new WaitUntil(periodEnd);
        }
        if (s.cancelAtPeriodEnd()) {
          yield new End(SubscriptionStatus.CANCELED, periodEnd, EndReason.PERIOD_END.name());
        }
        yield switch (consent) {
          case Refused refused -> new End(SubscriptionStatus.CANCELED, periodEnd, refused.reason());
          case Given given when s.nextPeriodPrice().isGreaterThan(given.consentedPrice()) ->
              // Consent covers at most the price it showed: never charge more on it.
              new End(SubscriptionStatus.CANCELED, periodEnd, "CONSENT_PRICE_EXCEEDED");
          // The next period's amount: its plan's price (the current one when the increase is
          // deferred or dropped) less the discount for that period, less credit.
          case Deferred d -> new Renew(consent, s.dueOf(s.plan(), s.periodNo() + 1));
          case KeepPrice k -> new Renew(consent, s.dueOf(s.plan(), s.periodNo() + 1));
          case Given g -> new Renew(consent, s.dueOf(s.nextPlan(), s.periodNo() + 1));
          case NotNeeded n -> new Renew(consent, s.dueOf(s.nextPlan(), s.periodNo() + 1));
        };
      }
      case PAST_DUE, INCOMPLETE -> {
        if (s.awaitingCard()) {
          SubscriptionStatus to =
              s.status() == SubscriptionStatus.INCOMPLETE
                  ? SubscriptionStatus.EXPIRED
                  : dunning.terminal();
          yield new End(to, now, EndReason.NO_NEW_CARD.name());
        }
        yield new Charge(s.currentDue());
      }
    };
  }
}
