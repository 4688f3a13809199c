package io.tossbill.consent;

import io.tossbill.billing.ChargeConsentPolicy.ChangeKind;
import io.tossbill.platform.Won;
import java.time.Instant;
import java.time.LocalDate;
import org.jspecify.annotations.Nullable;

/**
 * A consent request as the API shows it: what changes, when, for how much, on which card, and the
 * exact text the subscriber is shown (accept by sending back its {@code textHash}).
 *
 * @param changeDate the business date of the change (Asia/Seoul)
 * @param deadline consent must be given before this instant: the change date's charge time
 * @param windowOpensAt consent given before this instant does not count
 * @param paymentMethod the card charged, as shown: issuer and masked number
 * @param textHash SHA-256 (hex) of {@code shownText} in UTF-8
 * @param snoozedUntil the subscriber asked not to be asked again until then
 */
public record ConsentRequest(
    long id,
    long subscriptionId,
    long customerId,
    ChangeKind kind,
    ConsentStatus status,
    String planName,
    Won priceBefore,
    Won priceAfter,
    LocalDate changeDate,
    Instant deadline,
    Instant windowOpensAt,
    String paymentMethod,
    String shownText,
    String textHash,
    @Nullable Instant requestedAt,
    @Nullable Instant acceptedAt,
    @Nullable Instant decidedAt,
    @Nullable Instant snoozedUntil,
    Instant createdAt) {}
