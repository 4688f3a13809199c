package io.tossbill.customer;

import io.tossbill.platform.ApiException;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * The transactional half of card handling: every change here is one short transaction, no Toss
 * call.
 */
@Component
class CardStore {

  private static final Logger log = LoggerFactory.getLogger(CardStore.class);

  private final CustomerRepository customers;
  private final CardRepository cards;
  private final BillingKeyCipher cipher;
  private final ApplicationEventPublisher events;
  private final Clock clock;

  CardStore(
      CustomerRepository customers,
      CardRepository cards,
      BillingKeyCipher cipher,
      ApplicationEventPublisher events,
      Clock clock) {
    this.customers = customers;
    this.cards = cards;
    this.cipher = cipher;
    this.events = events;
    this.clock = clock;
  }

  /**
   * Makes the billing key the customer's current card, replacing the previous one. Storing the same
   * key again (a retried request) changes nothing and answers the stored card.
   */
  @Transactional
  Registration store(CustomerId customerId, String billingKey, CardSummary summary) {
    var customer =
        customers.lock(customerId).orElseThrow(() -> CustomerService.notFound(customerId.value()));
    if (customer.deleted()) {
      throw deleted();
    }
    Optional<CardRepository.StoredCard> same =
        cards.findByHashes(cipher.candidateHashes(billingKey));
    if (same.isPresent()) {
      CardRepository.StoredCard card = same.get();
      if (card.customerId().equals(customerId) && card.status() == CardStatus.CURRENT) {
        return new Registration(card.id(), card.summary(), null);
      }
      throw ApiException.conflict("BILLING_KEY_ALREADY_USED", "api.BILLING_KEY_ALREADY_USED");
    }
    var now = clock.instant();
    Optional<CardRepository.StoredCard> previous = cards.current(customerId);
    previous.ifPresent(
        old -> {
          if (!cards.move(
              old.id(), CardStatus.CURRENT, CardStatus.REPLACED, "REPLACED_BY_NEW_CARD", now)) {
            throw ApiException.conflict(
                "CARD_CHANGED_CONCURRENTLY", "api.CARD_CHANGED_CONCURRENTLY");
          }
        });
    CardId id =
        cards.insertCurrent(
            customerId, cipher.encrypt(billingKey), cipher.hash(billingKey), summary, now);
    CardId replaced = previous.map(CardRepository.StoredCard::id).orElse(null);
    events.publishEvent(new CardRegistered(customerId, id, replaced));
    return new Registration(id, summary, replaced);
  }

  /** Whether any card, in any status, holds this billing key. */
  @Transactional(readOnly = true)
  boolean isStored(String billingKey) {
    return cards.findByHashes(cipher.candidateHashes(billingKey)).isPresent();
  }

  @Transactional(readOnly = true)
  Optional<ChargeableCard> chargeable(CustomerId customerId) {
    var customer = customers.find(customerId);
    if (customer.isEmpty() || customer.get().deleted()) {
      return Optional.empty();
    }
    String customerKey = customer.get().customer().customerKey();
    return cards
        .current(customerId)
        .map(
            card ->
                new ChargeableCard(
                    card.id(),
                    customerId,
                    customerKey,
                    cipher.decrypt(card.encryptedBillingKey()),
                    card.summary()));
  }

  /** The current cards of many customers, billing keys decrypted (one statement). */
  @Transactional(readOnly = true)
  java.util.Map<CustomerId, ChargeableCard> chargeable(java.util.Collection<CustomerId> ids) {
    java.util.Map<CustomerId, ChargeableCard> found = new java.util.HashMap<>();
    for (CardRepository.CurrentCard current :
        cards.currentOf(ids.stream().map(CustomerId::value).distinct().toList())) {
      CardRepository.StoredCard card = current.card();
      found.put(
          card.customerId(),
          new ChargeableCard(
              card.id(),
              card.customerId(),
              current.customerKey(),
              cipher.decrypt(card.encryptedBillingKey()),
              card.summary()));
    }
    return found;
  }

  @Transactional(readOnly = true)
  Optional<CardSummary> current(CustomerId customerId) {
    return cards.current(customerId).map(CardRepository.StoredCard::summary);
  }

  /**
   * Toss deleted a billing key: a current card becomes unusable (once: a repeated event finds it no
   * longer current); a replaced or deleted card's key is simply confirmed gone.
   */
  @Transactional
  void billingKeyDeletedAtToss(String billingKey, @Nullable String reason) {
    Optional<CardRepository.StoredCard> found =
        cards.findByHashes(cipher.candidateHashes(billingKey));
    if (found.isEmpty()) {
      log.info("Toss deleted a billing key that belongs to no card here; nothing to do");
      return;
    }
    CardRepository.StoredCard card = found.get();
    var now = clock.instant();
    String why =
        reason == null || reason.isBlank() ? "BILLING_DELETED" : "BILLING_DELETED: " + reason;
    if (card.status() == CardStatus.CURRENT
        && cards.move(card.id(), CardStatus.CURRENT, CardStatus.DELETED_AT_TOSS, why, now)) {
      cards.markKeyDeleted(card.id(), now);
      log.info(
          "Card {} of customer {} became unusable: billing key deleted at Toss",
          card.id().value(),
          card.customerId().value());
      events.publishEvent(new CardBecameUnusable(card.customerId(), card.id(), "BILLING_DELETED"));
      return;
    }
    cards.markKeyDeleted(card.id(), now);
  }

  /**
   * Marks the customer as gone and their current card deleted; the key at Toss is deleted after
   * commit.
   */
  @Transactional
  Optional<CardId> deleteCustomer(CustomerId customerId, List<CustomerDeletionGuard> guards) {
    var customer =
        customers.lock(customerId).orElseThrow(() -> CustomerService.notFound(customerId.value()));
    if (customer.deleted()) {
      return Optional.empty();
    }
    // Asked while the customer row is locked, so the answer holds until this commits.
    for (CustomerDeletionGuard guard : guards) {
      Optional<CustomerDeletionGuard.Refusal> refusal = guard.refuseDeletion(customerId);
      if (refusal.isPresent()) {
        throw ApiException.conflict(refusal.get().code(), refusal.get().key());
      }
    }
    var now = clock.instant();
    customers.markDeleted(customerId, now);
    Optional<CardRepository.StoredCard> card = cards.current(customerId);
    card.ifPresent(
        c -> cards.move(c.id(), CardStatus.CURRENT, CardStatus.DELETED, "CUSTOMER_DELETED", now));
    events.publishEvent(new CustomerDeleted(customerId));
    return card.map(CardRepository.StoredCard::id);
  }

  @Transactional
  List<CardRepository.KeyToDelete> claimKeyDeletions(
      long onlyId, int limit, java.time.Duration retryAfter) {
    var now = clock.instant();
    return cards.claimKeyDeletions(onlyId, limit, now, now.minus(retryAfter));
  }

  @Transactional
  void keyDeletedAtToss(CardId id) {
    cards.markKeyDeleted(id, clock.instant());
  }

  String decrypt(String encrypted) {
    return cipher.decrypt(encrypted);
  }

  static ApiException deleted() {
    return ApiException.conflict("CUSTOMER_DELETED", "api.CUSTOMER_DELETED");
  }

  /** The registered card, and the card it replaced if any. */
  record Registration(CardId cardId, CardSummary summary, @Nullable CardId replacedCardId) {}
}
