package io.tossbill.customer;

import java.util.Collection;
import java.util.Map;
import java.util.Optional;

/** A customer's cards: registration through Toss's window, and the card to charge. */
public interface Cards {

  /** The customer's current usable card, billing key decrypted; empty when there is none. */
  Optional<ChargeableCard> chargeableCard(CustomerId id);

  /**
   * The current usable cards of many customers, billing keys decrypted, read in one statement (a
   * renewal batch); customers without one are absent.
   */
  Map<CustomerId, ChargeableCard> chargeableCards(Collection<CustomerId> ids);

  /** What may be shown of the customer's current usable card. */
  Optional<CardSummary> currentCard(CustomerId id);

  /**
   * Exchanges the authKey from Toss's card window for a billing key and makes it the customer's
   * current card, replacing the previous one. Refuses (400 {@code CUSTOMER_KEY_MISMATCH}) when the
   * customerKey returned by the window is not this customer's. Calls Toss outside any transaction.
   */
  CardSummary registerCard(CustomerId id, String authKey, String returnedCustomerKey);
}
