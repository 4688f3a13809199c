package io.tossbill.customer;

import org.jspecify.annotations.Nullable;

/**
 * What may be shown of a card: never its number, only Toss's masked one.
 *
 * @param issuerCode Toss's two-character issuer code, when Toss gave one
 * @param issuerName the issuer's Korean name ({@code 카드} when unknown)
 * @param maskedNumber the masked card number as Toss returns it, e.g. {@code 43301234****123*}
 * @param cardType 신용, 체크 or 기프트
 * @param ownerType 개인 or 법인
 */
public record CardSummary(
    @Nullable String issuerCode,
    String issuerName,
    String maskedNumber,
    String cardType,
    String ownerType) {}
