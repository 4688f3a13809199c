package io.tossbill.sandbox;

/**
 * The card facts Toss shows: company codes, masked number, card and owner type. Never the full
 * number.
 */
record CardInfo(
    String issuerCode,
    String acquirerCode,
    String number,
    String cardType,
    String ownerType,
    String company) {}
