package io.tossbill.consent;

import io.tossbill.customer.CustomerId;
import io.tossbill.testclock.TestClock;
import java.time.Instant;
import java.util.Optional;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The customer registered another card: the text (and hash) of their open requests now shows it, so
 * an acceptance refers to the card that will be charged; the old text's hash is refused from then
 * on. Nothing is sent again.
 */
@Service
class ConsentTextRefresh {

  private final ConsentRepository repository;
  private final ConsentWording wording;
  private final TestClock clock;
  private final TransactionTemplate transactions;

  ConsentTextRefresh(
      ConsentRepository repository,
      ConsentWording wording,
      TestClock clock,
      TransactionTemplate transactions) {
    this.repository = repository;
    this.wording = wording;
    this.clock = clock;
    this.transactions = transactions;
  }

  void cardChanged(CustomerId customer) {
    for (long id : repository.openOfCustomer(customer.value())) {
      transactions.executeWithoutResult(status -> refresh(id));
    }
  }

  private void refresh(long id) {
    Optional<Consent> found = repository.lock(id);
    if (found.isEmpty()) {
      return;
    }
    Consent consent = found.get();
    Instant now = clock.now(new CustomerId(consent.customerId()));
    if (!consent.isOpenAt(now)) {
      return; // answered, closed or past its deadline since it was listed
    }
    consent.refreshText(wording.current(consent), now);
    repository.save(consent, now);
  }
}
