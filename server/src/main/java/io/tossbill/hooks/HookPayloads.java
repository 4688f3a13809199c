package io.tossbill.hooks;

import io.tossbill.billing.PriceChangeScheduled;
import io.tossbill.billing.SubscriptionCancelScheduled;
import io.tossbill.billing.SubscriptionCanceled;
import io.tossbill.billing.SubscriptionCreated;
import io.tossbill.billing.SubscriptionEvent;
import io.tossbill.billing.SubscriptionExpired;
import io.tossbill.billing.SubscriptionPastDue;
import io.tossbill.billing.SubscriptionPaused;
import io.tossbill.billing.SubscriptionRenewed;
import io.tossbill.billing.SubscriptionResumed;
import io.tossbill.consent.ConsentAnswered;
import io.tossbill.consent.ConsentRequested;
import io.tossbill.customer.CardBecameUnusable;
import io.tossbill.customer.CardRegistered;
import io.tossbill.customer.CardSummary;
import io.tossbill.customer.Cards;
import io.tossbill.customer.Customer;
import io.tossbill.customer.CustomerCreated;
import io.tossbill.customer.CustomerDeleted;
import io.tossbill.customer.CustomerId;
import io.tossbill.customer.CustomerUpdated;
import io.tossbill.customer.Customers;
import io.tossbill.payment.PaymentFailed;
import io.tossbill.payment.PaymentRefunded;
import io.tossbill.payment.PaymentSucceeded;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Component;

/**
 * The public form of each engine event: its type, whose it is (customer, subscription: the
 * sequence's scope), the cause's identity where it has one, and the {@code data} object. Only what
 * a merchant may see: ids, amounts in won, dates, statuses; never a billing key, a card number, a
 * customerKey or a secret. Read in the engine's transaction, so a customer's fields are as that
 * change left them.
 */
@Component
class HookPayloads {

  /** One event to record. {@code subscriptionId} null: ordered per customer. */
  record Outgoing(
      HookEventType type,
      long customerId,
      @Nullable Long subscriptionId,
      @Nullable String dedupeKey,
      Object data) {

    /** The ordering scope of the sequence number. */
    String scope() {
      return subscriptionId != null ? "subscription:" + subscriptionId : "customer:" + customerId;
    }
  }

  record CustomerData(
      long id,
      @Nullable String externalId,
      @Nullable String email,
      @Nullable String name,
      String locale,
      Instant createdAt,
      boolean deleted) {}

  record CardData(
      long customerId,
      long cardId,
      @Nullable Long replacedCardId,
      @Nullable String issuerCode,
      @Nullable String issuerName,
      @Nullable String cardType,
      @Nullable String ownerType) {}

  record CardUnusableData(long customerId, long cardId, String reason) {}

  record SubscriptionCreatedData(
      long subscriptionId,
      long customerId,
      long planId,
      String status,
      LocalDate periodStart,
      LocalDate periodEnd,
      long price,
      Instant periodEndsAt) {}

  record SubscriptionRenewedData(
      long subscriptionId,
      long customerId,
      long planId,
      int periodNo,
      LocalDate periodStart,
      LocalDate periodEnd,
      long amount) {}

  record SubscriptionPastDueData(
      long subscriptionId,
      long customerId,
      long planId,
      int periodNo,
      String failureCode,
      String declineKind,
      @Nullable Instant nextRetryAt) {}

  record SubscriptionPausedData(
      long subscriptionId, long customerId, long planId, Instant pausedAt) {}

  record SubscriptionResumedData(
      long subscriptionId,
      long customerId,
      long planId,
      LocalDate periodStart,
      LocalDate periodEnd,
      Instant nextChargeAt) {}

  record SubscriptionCancelScheduledData(
      long subscriptionId,
      long customerId,
      long planId,
      LocalDate periodEnd,
      Instant endsAt,
      Instant scheduledAt) {}

  record SubscriptionEndedData(
      long subscriptionId, long customerId, long planId, String reason, Instant endedAt) {}

  record PriceChangeData(
      long subscriptionId,
      long customerId,
      long planId,
      String planName,
      long currentPrice,
      long newPrice,
      LocalDate effectiveOn,
      Instant effectiveAt,
      boolean trialing) {}

  record PaymentSucceededData(
      long paymentId,
      long subscriptionId,
      long customerId,
      String purpose,
      int periodNo,
      LocalDate periodStart,
      LocalDate periodEnd,
      String orderId,
      long amount,
      long vat,
      Instant approvedAt,
      @Nullable String receiptUrl) {}

  record PaymentFailedData(
      long paymentId,
      long subscriptionId,
      long customerId,
      String purpose,
      int periodNo,
      int attemptNo,
      String orderId,
      long amount,
      String failureCode,
      String failureMessage,
      String declineKind) {}

  record PaymentRefundedData(
      long paymentId,
      long refundId,
      long subscriptionId,
      long customerId,
      long amount,
      long refundedTotal,
      String reason,
      boolean outsideTossbill) {}

  record ConsentRequestedData(
      long consentRequestId,
      long subscriptionId,
      long customerId,
      String kind,
      LocalDate changeDate,
      Instant deadline,
      long priceBefore,
      long priceAfter,
      boolean reminder) {}

  record ConsentAnsweredData(
      long consentRequestId,
      long subscriptionId,
      long customerId,
      String kind,
      String status,
      LocalDate changeDate,
      Instant answeredAt) {}

  private final Customers customers;
  private final Cards cards;

  HookPayloads(Customers customers, Cards cards) {
    this.customers = customers;
    this.cards = cards;
  }

  /** The public event for an engine event; empty for events that are not sent out. */
  Optional<Outgoing> of(Object event) {
    return Optional.ofNullable(
        switch (event) {
          case CustomerCreated e ->
              customer(HookEventType.CUSTOMER_CREATED, e.customerId(), "customer.created");
          case CustomerUpdated e -> customer(HookEventType.CUSTOMER_UPDATED, e.customerId(), null);
          case CustomerDeleted e ->
              customer(HookEventType.CUSTOMER_DELETED, e.customerId(), "customer.deleted");
          case CardRegistered e -> cardRegistered(e);
          case CardBecameUnusable e ->
              new Outgoing(
                  HookEventType.CARD_UNUSABLE,
                  e.customerId().value(),
                  null,
                  null,
                  new CardUnusableData(e.customerId().value(), e.cardId().value(), e.reason()));
          case SubscriptionEvent e -> subscription(e);
          case PaymentSucceeded e ->
              new Outgoing(
                  HookEventType.PAYMENT_SUCCEEDED,
                  e.customerId().value(),
                  e.subscriptionId(),
                  "payment.succeeded:" + e.paymentId().value(),
                  new PaymentSucceededData(
                      e.paymentId().value(),
                      e.subscriptionId(),
                      e.customerId().value(),
                      e.purpose().name(),
                      e.periodNo(),
                      e.periodStart(),
                      e.periodEnd(),
                      e.orderId(),
                      e.amount().value(),
                      e.vat().value(),
                      e.approvedAt(),
                      e.receiptUrl()));
          case PaymentFailed e ->
              new Outgoing(
                  HookEventType.PAYMENT_FAILED,
                  e.customerId().value(),
                  e.subscriptionId(),
                  "payment.failed:" + e.paymentId().value(),
                  new PaymentFailedData(
                      e.paymentId().value(),
                      e.subscriptionId(),
                      e.customerId().value(),
                      e.purpose().name(),
                      e.periodNo(),
                      e.attemptNo(),
                      e.orderId(),
                      e.amount().value(),
                      e.failureCode(),
                      e.failureMessage(),
                      e.kind().name()));
          case PaymentRefunded e ->
              new Outgoing(
                  HookEventType.PAYMENT_REFUNDED,
                  e.customerId().value(),
                  e.subscriptionId(),
                  "payment.refunded:" + e.refundId(),
                  new PaymentRefundedData(
                      e.paymentId().value(),
                      e.refundId(),
                      e.subscriptionId(),
                      e.customerId().value(),
                      e.amount().value(),
                      e.refundedTotal().value(),
                      e.reason(),
                      e.outsideTossbill()));
          case ConsentRequested e ->
              new Outgoing(
                  HookEventType.CONSENT_REQUESTED,
                  e.customerId().value(),
                  e.subscriptionId().value(),
                  "consent.requested:"
                      + e.requestId().value()
                      + (e.reminder() ? ":reminder" : ":first"),
                  new ConsentRequestedData(
                      e.requestId().value(),
                      e.subscriptionId().value(),
                      e.customerId().value(),
                      e.kind().name(),
                      e.changeDate(),
                      e.deadline(),
                      e.priceBefore().value(),
                      e.priceAfter().value(),
                      e.reminder()));
          case ConsentAnswered e -> consentAnswered(e);
          default -> null;
        });
  }

  private @Nullable Outgoing customer(
      HookEventType type, CustomerId id, @Nullable String dedupePrefix) {
    Customer c = customers.require(id);
    boolean deleted = type == HookEventType.CUSTOMER_DELETED;
    return new Outgoing(
        type,
        id.value(),
        null,
        dedupePrefix == null ? null : dedupePrefix + ":" + id.value(),
        new CustomerData(
            id.value(),
            c.externalId(),
            deleted ? null : c.email(),
            deleted ? null : c.name(),
            c.locale().getLanguage(),
            c.createdAt(),
            deleted));
  }

  private Outgoing cardRegistered(CardRegistered e) {
    CardSummary card = cards.currentCard(e.customerId()).orElse(null);
    return new Outgoing(
        HookEventType.CARD_REGISTERED,
        e.customerId().value(),
        null,
        "card.registered:" + e.cardId().value(),
        new CardData(
            e.customerId().value(),
            e.cardId().value(),
            e.replacedCardId() == null ? null : e.replacedCardId().value(),
            card == null ? null : card.issuerCode(),
            card == null ? null : card.issuerName(),
            card == null ? null : card.cardType(),
            card == null ? null : card.ownerType()));
  }

  private Outgoing subscription(SubscriptionEvent event) {
    long id = event.subscriptionId().value();
    long customer = event.customerId().value();
    return switch (event) {
      case SubscriptionCreated e ->
          new Outgoing(
              HookEventType.SUBSCRIPTION_CREATED,
              customer,
              id,
              "subscription.created:" + id,
              new SubscriptionCreatedData(
                  id,
                  customer,
                  e.planId().value(),
                  e.status().name(),
                  e.periodStart(),
                  e.periodEnd(),
                  e.price().value(),
                  e.periodEndsAt()));
      case SubscriptionRenewed e ->
          new Outgoing(
              HookEventType.SUBSCRIPTION_RENEWED,
              customer,
              id,
              "subscription.renewed:" + id + ":" + e.periodNo(),
              new SubscriptionRenewedData(
                  id,
                  customer,
                  e.planId().value(),
                  e.periodNo(),
                  e.periodStart(),
                  e.periodEnd(),
                  e.amount().value()));
      case SubscriptionPastDue e ->
          new Outgoing(
              HookEventType.SUBSCRIPTION_PAST_DUE,
              customer,
              id,
              null,
              new SubscriptionPastDueData(
                  id,
                  customer,
                  e.planId().value(),
                  e.periodNo(),
                  e.failureCode(),
                  e.declineKind(),
                  e.nextRetryAt()));
      case SubscriptionPaused e ->
          new Outgoing(
              HookEventType.SUBSCRIPTION_PAUSED,
              customer,
              id,
              null,
              new SubscriptionPausedData(id, customer, e.planId().value(), e.pausedAt()));
      case SubscriptionResumed e ->
          new Outgoing(
              HookEventType.SUBSCRIPTION_RESUMED,
              customer,
              id,
              null,
              new SubscriptionResumedData(
                  id,
                  customer,
                  e.planId().value(),
                  e.periodStart(),
                  e.periodEnd(),
                  e.nextChargeAt()));
      case SubscriptionCancelScheduled e ->
          new Outgoing(
              HookEventType.SUBSCRIPTION_CANCEL_SCHEDULED,
              customer,
              id,
              null,
              new SubscriptionCancelScheduledData(
                  id, customer, e.planId().value(), e.periodEnd(), e.endsAt(), e.scheduledAt()));
      case SubscriptionCanceled e ->
          new Outgoing(
              HookEventType.SUBSCRIPTION_CANCELED,
              customer,
              id,
              "subscription.ended:" + id,
              new SubscriptionEndedData(id, customer, e.planId().value(), e.reason(), e.endedAt()));
      case SubscriptionExpired e ->
          new Outgoing(
              HookEventType.SUBSCRIPTION_EXPIRED,
              customer,
              id,
              "subscription.ended:" + id,
              new SubscriptionEndedData(id, customer, e.planId().value(), e.reason(), e.endedAt()));
      case PriceChangeScheduled e ->
          new Outgoing(
              HookEventType.SUBSCRIPTION_PRICE_CHANGE_SCHEDULED,
              customer,
              id,
              null,
              new PriceChangeData(
                  id,
                  customer,
                  e.planId().value(),
                  e.planName(),
                  e.currentPrice().value(),
                  e.newPrice().value(),
                  e.effectiveOn(),
                  e.effectiveAt(),
                  e.trialing()));
    };
  }

  private Outgoing consentAnswered(ConsentAnswered e) {
    HookEventType type =
        switch (e.status()) {
          case ACCEPTED -> HookEventType.CONSENT_ACCEPTED;
          case DECLINED -> HookEventType.CONSENT_DECLINED;
          default -> HookEventType.CONSENT_WITHDRAWN;
        };
    return new Outgoing(
        type,
        e.customerId().value(),
        e.subscriptionId().value(),
        null,
        new ConsentAnsweredData(
            e.requestId().value(),
            e.subscriptionId().value(),
            e.customerId().value(),
            e.kind().name(),
            e.status().name(),
            e.changeDate(),
            e.answeredAt()));
  }
}
