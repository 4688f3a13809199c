package io.tossbill.consent;

import io.tossbill.billing.ChargeConsentPolicy;
import io.tossbill.platform.BusinessTime;
import java.time.format.DateTimeFormatter;
import java.util.Optional;
import org.springframework.stereotype.Component;

/**
 * The billing engine's consent check at the change date. Runs inside the engine's claim transaction
 * with the subscription locked: the request is marked APPLIED (charge allowed) or LAPSED (blocked)
 * in the same commit as the engine's decision.
 */
@Component
class ConsentPolicy implements ChargeConsentPolicy {

  static final String CONSENT_MISSING = "CONSENT_MISSING";
  static final String CONSENT_NOT_REQUESTED = "CONSENT_NOT_REQUESTED";
  private static final DateTimeFormatter MINUTE = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm");

  private final ConsentRepository repository;
  private final ConsentProperties properties;

  ConsentPolicy(ConsentRepository repository, ConsentProperties properties) {
    this.repository = repository;
    this.properties = properties;
  }

  @Override
  public Decision beforeCharge(ConsentCheck check) {
    if (check.kind() == ChangeKind.TRIAL_CONVERSION
        && !properties.trialConversionRequiresConsent()) {
      return new Allowed(
          "유료 전환 동의 불필요 (tossbill.consent.trial-conversion-requires-consent=false)",
          check.priceAfter());
    }
    long subscriptionId = check.subscriptionId().value();
    Optional<ConsentRepository.Row> found =
        repository.lockForChange(subscriptionId, check.changeDate());
    if (found.isPresent()) {
      ConsentRepository.Row row = found.get();
      // Consent covers the change it showed: the same kind, at most the price agreed to.
      if (row.status == ConsentStatus.ACCEPTED
          && row.kind == check.kind()
          && !check.priceAfter().isGreaterThan(row.priceAfter)
          && row.acceptedAt != null
          // Consent is fresh: given within the request window before the charge (a consent for a
          // change date long past, e.g. before a pause, does not cover a charge months later).
          && !row.acceptedAt.isBefore(check.now().minus(properties.requestWindow()))) {
        ConsentStatus from = row.moveTo(ConsentStatus.APPLIED);
        row.nextSendAt = null;
        repository.save(row, from, check.now());
        String evidence =
            "#"
                + row.id
                + " "
                + Consents.summary(row)
                + ", 동의 "
                + MINUTE.format(row.acceptedAt.atZone(BusinessTime.ZONE))
                + ", 문구 sha256:"
                + row.textHash.substring(0, 12);
        repository.append(
            new ConsentRepository.Step(
                row.id,
                subscriptionId,
                row.customerId,
                check.now(),
                "CHARGE_ALLOWED",
                Consents.SYSTEM,
                null,
                null,
                null,
                row.textHash,
                check.priceAfter() + " 청구 허용"));
        return new Allowed(evidence, row.priceAfter);
      }
    }
    // Never asked: no request for this change was ever sent (none made yet, e.g. the increase was
    // announced just before the renewal, or one held back by a snooze). Ending the subscription (or
    // dropping the increase) for a question never put would be wrong: this period renews at the
    // current price and the increase moves to its end, where a request with a full window is made.
    boolean neverAsked =
        check.kind() == ChangeKind.PRICE_INCREASE
            && found.map(r -> r.status == ConsentStatus.SCHEDULED).orElse(true);
    if (neverAsked) {
      found.ifPresent(
          row -> {
            ConsentStatus from = row.moveTo(ConsentStatus.SUPERSEDED);
            row.nextSendAt = null;
            row.decidedAt = check.now();
            repository.save(row, from, check.now());
          });
      repository.append(
          new ConsentRepository.Step(
              found.map(r -> r.id).orElse(null),
              subscriptionId,
              check.customerId().value(),
              check.now(),
              "DEFERRED",
              Consents.SYSTEM,
              null,
              null,
              null,
              null,
              check.priceBefore()
                  + " → "
                  + check.priceAfter()
                  + " 동의 요청 전 변경일 도래"
                  + found.map(r -> " (요청 #" + r.id + " 미발송)").orElse(" (요청 없음)")
                  + ", 기존 요금 유지, 인상은 다음 기간 종료일로 연기"));
      return new Blocked(CONSENT_NOT_REQUESTED, true, true);
    }
    if (found.isPresent() && found.get().status.canMoveTo(ConsentStatus.LAPSED)) {
      ConsentRepository.Row row = found.get();
      ConsentStatus from = row.moveTo(ConsentStatus.LAPSED);
      row.nextSendAt = null;
      repository.save(row, from, check.now());
    }
    boolean keep =
        check.kind() == ChangeKind.PRICE_INCREASE
            && properties.onMissing() == ConsentProperties.OnMissing.KEEP_OLD_PRICE;
    repository.append(
        new ConsentRepository.Step(
            found.map(r -> r.id).orElse(null),
            subscriptionId,
            check.customerId().value(),
            check.now(),
            "CHARGE_BLOCKED",
            Consents.SYSTEM,
            null,
            null,
            null,
            null,
            check.priceBefore()
                + " → "
                + check.priceAfter()
                + " 동의 없음"
                + found.map(r -> " (요청 #" + r.id + ": " + r.status + ")").orElse(" (요청 없음)")
                + (keep ? ", 기존 요금 유지" : ", 구독 종료")));
    return new Blocked(CONSENT_MISSING, keep);
  }
}
