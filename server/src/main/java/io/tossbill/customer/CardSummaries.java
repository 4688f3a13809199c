package io.tossbill.customer;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * What may be shown of any card a customer registered, current or not (a receipt names the card a
 * payment was charged on, a notice the card that became unusable): never its number or billing key,
 * only Toss's masked number and the issuer.
 */
@Service
public class CardSummaries {

  private final CardRepository cards;

  CardSummaries(CardRepository cards) {
    this.cards = cards;
  }

  /** The card's summary, when it belongs to {@code owner}. */
  @Transactional(readOnly = true)
  public Optional<CardSummary> of(CardId id, CustomerId owner) {
    return cards
        .find(id)
        .filter(card -> card.customerId().equals(owner))
        .map(CardRepository.StoredCard::summary);
  }

  /**
   * The summaries of the cards among {@code owners}' keys that belong to the customer given for
   * each, by card: one statement for a batch of notices.
   */
  @Transactional(readOnly = true)
  public Map<CardId, CardSummary> of(Map<CardId, CustomerId> owners) {
    Map<CardId, CardSummary> found = new HashMap<>();
    for (CardRepository.StoredCard card :
        cards.find(owners.keySet().stream().map(CardId::value).toList())) {
      if (card.customerId().equals(owners.get(card.id()))) {
        found.put(card.id(), card.summary());
      }
    }
    return found;
  }
}
