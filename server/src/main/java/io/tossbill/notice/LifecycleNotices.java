package io.tossbill.notice;

import io.tossbill.billing.ChargeConsentPolicy.ChangeKind;
import io.tossbill.billing.SubscriptionCancelScheduled;
import io.tossbill.billing.SubscriptionCanceled;
import io.tossbill.billing.SubscriptionCreated;
import io.tossbill.billing.SubscriptionExpired;
import io.tossbill.billing.SubscriptionId;
import io.tossbill.billing.SubscriptionStatus;
import io.tossbill.billing.SubscriptionView;
import io.tossbill.billing.Subscriptions;
import io.tossbill.consent.ConsentProperties;
import io.tossbill.consent.ConsentRequested;
import io.tossbill.customer.CardBecameUnusable;
import io.tossbill.customer.CardId;
import io.tossbill.customer.CardSummaries;
import io.tossbill.customer.CardSummary;
import io.tossbill.customer.Cards;
import io.tossbill.customer.CustomerId;
import io.tossbill.payment.ChargeAttempt;
import io.tossbill.payment.ChargePurpose;
import io.tossbill.payment.PaymentFailed;
import io.tossbill.payment.PaymentId;
import io.tossbill.payment.PaymentRefunded;
import io.tossbill.payment.PaymentStatus;
import io.tossbill.payment.PaymentSucceeded;
import io.tossbill.payment.PaymentView;
import io.tossbill.payment.Payments;
import io.tossbill.testclock.TestClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.springframework.modulith.events.ApplicationModuleListener;
import org.springframework.stereotype.Component;

/**
 * The notices that follow the engine's events. Each listener runs after the event's transaction
 * committed, in a transaction of its own, from Spring Modulith's event publication registry: the
 * event is stored with the change that made it and handed over again after a crash, so a committed
 * change is never without its notice, and a rolled-back change never has one. The payment outcomes'
 * notices (receipts, declined renewals: thousands in a billing run) come the same way through
 * {@link NoticeQueue} instead, in batches. The outbox's dedupe key (kind, customer, event) makes a
 * second delivery of the same event mail nothing.
 */
@Component
class LifecycleNotices {

  /** Reasons a canceled or expired notice explains; any other is told as {@code OTHER}. */
  static final Set<String> REASONS =
      Set.of(
          "REQUESTED",
          "PERIOD_END",
          "DUNNING_EXHAUSTED",
          "NO_NEW_CARD",
          "CONSENT_MISSING",
          "CONSENT_PRICE_EXCEEDED",
          "OTHER");

  /** The engine ends an incomplete subscription replaced by a new subscribe: nothing to tell. */
  private static final String REPLACED = "REPLACED_BY_NEW_SUBSCRIPTION";

  private final NoticeMails mails;
  private final Subscriptions subscriptions;
  private final Payments payments;
  private final Cards cards;
  private final CardSummaries cardSummaries;
  private final TestClock clock;
  private final ConsentProperties consent;

  LifecycleNotices(
      NoticeMails mails,
      Subscriptions subscriptions,
      Payments payments,
      Cards cards,
      CardSummaries cardSummaries,
      TestClock clock,
      ConsentProperties consent) {
    this.mails = mails;
    this.subscriptions = subscriptions;
    this.payments = payments;
    this.cards = cards;
    this.cardSummaries = cardSummaries;
    this.clock = clock;
    this.consent = consent;
  }

  /** Welcome to the plan: what is charged when (a trial's first charge, or the next renewal). */
  @ApplicationModuleListener
  void on(SubscriptionCreated event) {
    mails.send(
        NoticeKind.SUBSCRIBED,
        event.customerId(),
        "subscription-" + event.subscriptionId().value(),
        () -> {
          SubscriptionView s = subscriptions.view(event.subscriptionId());
          Map<String, Object> v = new HashMap<>();
          v.put("plan", s.planName());
          v.put("price", s.price());
          v.put("interval", s.interval());
          v.put("trialing", event.status() == SubscriptionStatus.TRIALING);
          v.put("free", event.price().isZero());
          v.put("consentAsked", consent.trialConversionRequiresConsent());
          v.put("periodStart", event.periodStart());
          v.put("periodEnd", event.periodEnd());
          putIfPresent(v, "trialEnd", s.trialEnd());
          putIfPresent(v, "nextChargeAt", s.nextChargeAt());
          putIfPresent(v, "nextChargeAmount", s.nextChargeAmount());
          cards.currentCard(event.customerId()).ifPresent(c -> v.put("card", shown(c)));
          return Optional.of(
              new NoticeMails.Content(
                  "/my/subscriptions/" + s.id(), mails.linkLifetime(), v, List.of(s.planName())));
        });
  }

  /**
   * A receipt for each approved charge (a late approval is refunded instead: see refund). Composed
   * by {@link NoticeQueue}, a batch of charges in its transaction, each read a batch at a time.
   */
  void receipts(List<PaymentSucceeded> events) {
    List<PaymentSucceeded> unasked =
        mails.unasked(
            NoticeKind.RECEIPT, events, e -> NoticeKind.RECEIPT.key(e.customerId(), cause(e)));
    if (unasked.isEmpty()) {
      return;
    }
    Map<PaymentId, ChargeAttempt> attempts =
        payments.findAll(unasked.stream().map(PaymentSucceeded::paymentId).toList());
    List<PaymentSucceeded> approved =
        unasked.stream()
            .filter(
                e -> {
                  ChargeAttempt a = attempts.get(e.paymentId());
                  return a != null && a.status() == PaymentStatus.APPROVED;
                })
            .toList();
    Map<SubscriptionId, SubscriptionView> plans =
        subscriptions.views(
            approved.stream().map(e -> new SubscriptionId(e.subscriptionId())).toList());
    Map<CardId, CustomerId> charged = new HashMap<>();
    for (PaymentSucceeded e : approved) {
      ChargeAttempt a = attempts.get(e.paymentId());
      if (a.cardId() != null) {
        charged.put(a.cardId(), a.customerId());
      }
    }
    Map<CardId, CardSummary> cardsCharged = cardSummaries.of(charged);
    List<NoticeMails.Notice> notices = new ArrayList<>(approved.size());
    for (PaymentSucceeded event : approved) {
      SubscriptionView s = plans.get(new SubscriptionId(event.subscriptionId()));
      if (s == null) {
        throw new IllegalStateException("subscription " + event.subscriptionId() + " not found");
      }
      Map<String, Object> v = new HashMap<>();
      v.put("plan", s.planName());
      v.put("amount", event.amount());
      v.put("vat", event.vat());
      v.put("supplied", event.amount().minus(event.vat()));
      v.put("upgrade", event.purpose() == ChargePurpose.PRORATION);
      v.put("periodStart", event.periodStart());
      v.put("periodEnd", event.periodEnd());
      v.put("approvedAt", event.approvedAt());
      v.put("orderId", event.orderId());
      putIfPresent(v, "receiptUrl", event.receiptUrl());
      CardId card = attempts.get(event.paymentId()).cardId();
      if (card != null && cardsCharged.containsKey(card)) {
        v.put("card", shown(cardsCharged.get(card)));
      }
      notices.add(
          new NoticeMails.Notice(
              event.customerId(),
              cause(event),
              new NoticeMails.Content(
                  "/my/payments/" + event.paymentId().value(),
                  mails.linkLifetime(),
                  v,
                  List.of(s.planName()))));
    }
    mails.sendAll(NoticeKind.RECEIPT, notices);
  }

  private static String cause(PaymentSucceeded event) {
    return "payment-" + event.paymentId().value();
  }

  /**
   * A consent request (or its reminder) as the consent module sent it: the mail is its delivery,
   * one per send, with the link to the page where the subscriber answers.
   */
  @ApplicationModuleListener
  void on(ConsentRequested event) {
    NoticeKind kind =
        event.kind() == ChangeKind.TRIAL_CONVERSION
            ? NoticeKind.CONSENT_TRIAL
            : NoticeKind.CONSENT_PRICE_INCREASE;
    mails.send(
        kind,
        event.customerId(),
        "consent-" + event.requestId().value() + (event.reminder() ? "-reminder" : "-request"),
        () -> {
          Duration untilDeadline =
              Duration.between(clock.now(event.customerId()), event.deadline());
          if (!untilDeadline.isPositive()) {
            return Optional.empty(); // too late to answer: the change date decides
          }
          SubscriptionView s = subscriptions.view(event.subscriptionId());
          SubscriptionView.PendingChange pending = s.pendingChange();
          Map<String, Object> v = new HashMap<>();
          v.put("plan", pending != null ? pending.planName() : s.planName());
          v.put("interval", pending != null ? pending.interval() : s.interval());
          v.put("changeDate", event.changeDate());
          v.put("deadline", event.deadline());
          v.put("priceBefore", event.priceBefore());
          v.put("priceAfter", event.priceAfter());
          v.put("paymentMethod", event.paymentMethod());
          v.put("shownText", event.shownText());
          v.put("reminder", event.reminder());
          v.put("keepOldPrice", consent.onMissing() == ConsentProperties.OnMissing.KEEP_OLD_PRICE);
          return Optional.of(
              new NoticeMails.Content(
                  "/my/consents/" + event.requestId().value(),
                  untilDeadline,
                  v,
                  List.of(v.get("plan"), event.reminder() ? 1 : 0)));
        });
  }

  /**
   * A renewal was declined: when it is tried again, or that a new card is needed. Not for an
   * upgrade's charge (the subscriber saw it refused), nor when the decline ended the subscription
   * (the canceled or expired notice tells that). Composed by {@link NoticeQueue}, in its batch's
   * transaction.
   */
  void paymentFailed(PaymentFailed event) {
    if (event.purpose() != ChargePurpose.PERIOD) {
      return;
    }
    mails.send(
        NoticeKind.PAYMENT_FAILED,
        event.customerId(),
        "payment-" + event.paymentId().value(),
        () -> {
          SubscriptionView s = subscriptions.view(new SubscriptionId(event.subscriptionId()));
          if (s.status() != SubscriptionStatus.PAST_DUE
              && s.status() != SubscriptionStatus.INCOMPLETE) {
            return Optional.empty();
          }
          Map<String, Object> v = new HashMap<>();
          v.put("plan", s.planName());
          v.put("amount", event.amount());
          v.put("failureCode", event.failureCode());
          v.put("failureMessage", event.failureMessage());
          v.put("incomplete", s.status() == SubscriptionStatus.INCOMPLETE);
          v.put("awaitingCard", s.awaitingNewCard());
          if (!s.awaitingNewCard()) {
            putIfPresent(v, "nextRetryAt", s.nextChargeAt());
          }
          payments.find(event.paymentId()).flatMap(this::cardOf).ifPresent(c -> v.put("card", c));
          return Optional.of(
              new NoticeMails.Content("/my/card", mails.linkLifetime(), v, List.of(s.planName())));
        });
  }

  /** Toss deleted the billing key: the card cannot be charged; a new one keeps the plans going. */
  @ApplicationModuleListener
  void on(CardBecameUnusable event) {
    mails.send(
        NoticeKind.CARD_UNUSABLE,
        event.customerId(),
        "card-" + event.cardId().value(),
        () -> {
          List<String> live =
              subscriptions.ofCustomer(event.customerId()).stream()
                  .filter(s -> !s.status().isFinal())
                  .map(SubscriptionView::planName)
                  .toList();
          if (live.isEmpty()) {
            return Optional.empty(); // nothing will be charged on it
          }
          Map<String, Object> v = new HashMap<>();
          v.put("plans", String.join(", ", live));
          cardOf(event.cardId(), event.customerId()).ifPresent(c -> v.put("card", c));
          return Optional.of(
              new NoticeMails.Content("/my/card", mails.linkLifetime(), v, List.of()));
        });
  }

  /** A cancel at the period end: access until then, nothing more charged, and how to undo it. */
  @ApplicationModuleListener
  void on(SubscriptionCancelScheduled event) {
    mails.send(
        NoticeKind.CANCEL_SCHEDULED,
        event.customerId(),
        "subscription-"
            + event.subscriptionId().value()
            + "-at-"
            + event.scheduledAt().toEpochMilli(),
        () -> {
          SubscriptionView s = subscriptions.view(event.subscriptionId());
          Map<String, Object> v = new HashMap<>();
          v.put("plan", s.planName());
          v.put("periodEnd", event.periodEnd());
          v.put("endsAt", event.endsAt());
          return Optional.of(
              new NoticeMails.Content(
                  "/my/subscriptions/" + s.id(), mails.linkLifetime(), v, List.of(s.planName())));
        });
  }

  /** Canceled: now on request, at the period end, or by the engine (dunning, no consent). */
  @ApplicationModuleListener
  void on(SubscriptionCanceled event) {
    ended(
        NoticeKind.CANCELED,
        event.subscriptionId(),
        event.customerId(),
        event.reason(),
        event.endedAt());
  }

  /** Ended unpaid (dunning ran out, or no new card came). */
  @ApplicationModuleListener
  void on(SubscriptionExpired event) {
    if (REPLACED.equals(event.reason())) {
      return;
    }
    ended(
        NoticeKind.EXPIRED,
        event.subscriptionId(),
        event.customerId(),
        event.reason(),
        event.endedAt());
  }

  /** Money went back to the customer. */
  @ApplicationModuleListener
  void on(PaymentRefunded event) {
    mails.send(
        NoticeKind.REFUND,
        event.customerId(),
        "refund-" + event.refundId(),
        () -> {
          Optional<PaymentView> payment = payments.view(event.paymentId());
          if (payment.isEmpty()) {
            return Optional.empty();
          }
          PaymentView p = payment.get();
          SubscriptionView s = subscriptions.view(new SubscriptionId(event.subscriptionId()));
          Map<String, Object> v = new HashMap<>();
          v.put("plan", s.planName());
          v.put("amount", event.amount());
          v.put("refundedTotal", event.refundedTotal());
          v.put("paid", p.amount());
          v.put("periodStart", p.periodStart());
          v.put("periodEnd", p.periodEnd());
          v.put("orderId", p.orderId());
          putIfPresent(v, "paidAt", p.approvedAt());
          payments.find(event.paymentId()).flatMap(this::cardOf).ifPresent(c -> v.put("card", c));
          return Optional.of(
              new NoticeMails.Content(
                  "/my/payments/" + p.id(), mails.linkLifetime(), v, List.of(s.planName())));
        });
  }

  private void ended(
      NoticeKind kind, SubscriptionId id, CustomerId customer, String reason, Instant endedAt) {
    mails.send(
        kind,
        customer,
        "subscription-" + id.value(),
        () -> {
          SubscriptionView s = subscriptions.view(id);
          Map<String, Object> v = new HashMap<>();
          v.put("plan", s.planName());
          v.put("endedAt", endedAt);
          v.put("reason", REASONS.contains(reason) ? reason : "OTHER");
          return Optional.of(
              new NoticeMails.Content(
                  "/my/subscriptions/" + s.id(), mails.linkLifetime(), v, List.of(s.planName())));
        });
  }

  private Optional<String> cardOf(ChargeAttempt attempt) {
    return attempt.cardId() == null
        ? Optional.empty()
        : cardOf(attempt.cardId(), attempt.customerId());
  }

  private Optional<String> cardOf(CardId card, CustomerId owner) {
    return cardSummaries.of(card, owner).map(LifecycleNotices::shown);
  }

  /** The issuer and Toss's masked number: never more of the card. */
  static String shown(CardSummary card) {
    return card.issuerName() + " " + card.maskedNumber();
  }

  private static void putIfPresent(Map<String, Object> v, String key, @Nullable Object value) {
    if (value != null) {
      v.put(key, value);
    }
  }
}
