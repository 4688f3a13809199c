package io.tossbill.consent;

import io.tossbill.billing.ChargeConsentPolicy;
import java.time.Instant;
import java.util.Optional;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * The billing renewal's consent check at the change date. Runs inside the renewal's claim
 * transaction and locks the request's row (the row an answer locks): the request is marked APPLIED
 * (charge allowed), LAPSED (blocked) or, never sent, SUPERSEDED (deferred) in the same commit as
 * the renewal's decision.
 */
@Component
class ConsentPolicy implements ChargeConsentPolicy {

  static final String CONSENT_MISSING = "CONSENT_MISSING";
  static final String CONSENT_NOT_REQUESTED = "CONSENT_NOT_REQUESTED";

  private final ConsentRepository repository;
  private final ConsentProperties properties;

  ConsentPolicy(ConsentRepository repository, ConsentProperties properties) {
    this.repository = repository;
    this.properties = properties;
  }

  @Override
  @Transactional(propagation = Propagation.MANDATORY)
  public Decision beforeCharge(ConsentCheck check) {
    if (check.kind() == ChangeKind.TRIAL_CONVERSION
        && !properties.trialConversionRequiresConsent()) {
      return new Allowed(
          "유료 전환 동의 불필요 (tossbill.consent.trial-conversion-requires-consent=false)",
          check.priceAfter());
    }
    long subscriptionId = check.subscriptionId().value();
    long customerId = check.customerId().value();
    Instant now = check.now();
    Optional<Consent> found = repository.lockForChange(subscriptionId, check.changeDate());
    if (found.isPresent()
        && found
            .get()
            .allowsCharge(check.kind(), check.priceAfter(), now, properties.requestWindow())) {
      Consent consent = found.get();
      String evidence =
          consent.applyToCharge(check.kind(), check.priceAfter(), now, properties.requestWindow());
      repository.save(consent, now);
      return new Allowed(evidence, consent.state().priceAfter());
    }
    // Never asked: no request for this change was ever sent (none made yet, e.g. the increase was
    // announced just before the renewal, or one held back by a snooze). Ending the subscription (or
    // dropping the increase) for a question never put would be wrong: this period renews at the
    // current price and the increase moves to its end, where a request with a full window is made.
    boolean neverAsked =
        check.kind() == ChangeKind.PRICE_INCREASE && found.map(Consent::neverSent).orElse(true);
    if (neverAsked) {
      if (found.isPresent()) {
        found.get().deferUnsent(check.priceBefore(), check.priceAfter(), now);
        repository.save(found.get(), now);
      } else {
        repository.append(
            subscriptionId,
            customerId,
            Consent.deferredWithoutRequest(check.priceBefore(), check.priceAfter(), now));
      }
      return new Blocked(CONSENT_NOT_REQUESTED, true, true);
    }
    boolean keep =
        check.kind() == ChangeKind.PRICE_INCREASE
            && properties.onMissing() == ConsentProperties.OnMissing.KEEP_OLD_PRICE;
    if (found.isPresent()) {
      found.get().blockCharge(check.priceBefore(), check.priceAfter(), keep, now);
      repository.save(found.get(), now);
    } else {
      repository.append(
          subscriptionId,
          customerId,
          Consent.chargeBlockedWithoutRequest(check.priceBefore(), check.priceAfter(), keep, now));
    }
    return new Blocked(CONSENT_MISSING, keep);
  }
}
