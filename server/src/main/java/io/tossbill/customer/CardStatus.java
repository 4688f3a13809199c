package io.tossbill.customer;

import java.util.Set;

/** Where a card stands. Only the current card is charged; every other status is final. */
enum CardStatus {
  /** The customer's card to charge. */
  CURRENT,
  /** Superseded by a newer card; its key is deleted at Toss. */
  REPLACED,
  /** Toss deleted the billing key (BILLING_DELETED): the customer must register a new card. */
  DELETED_AT_TOSS,
  /** Removed with its customer; its key is deleted at Toss. */
  DELETED;

  Set<CardStatus> next() {
    return switch (this) {
      case CURRENT -> Set.of(REPLACED, DELETED_AT_TOSS, DELETED);
      case REPLACED, DELETED_AT_TOSS, DELETED -> Set.of();
    };
  }

  CardStatus moveTo(CardStatus target) {
    if (!next().contains(target)) {
      throw new IllegalStateException("a card cannot go from " + this + " to " + target);
    }
    return target;
  }
}
