package io.tossbill.sandbox;

import java.time.Instant;
import java.time.YearMonth;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.format.ResolverStyle;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Card registration rules and the special test card numbers (see docs/toss-sandbox.md): any 15 or
 * 16 digit number registers and approves, except the numbers listed here.
 */
final class TestCards {

  /** A card refused at registration, with the code it is refused with. */
  static final Map<String, String> REFUSED_AT_REGISTRATION =
      Map.of(
          "4000000000000101", "REJECT_CARD_COMPANY",
          "4000000000000102", "INVALID_CARD_NUMBER");

  /** Cards that register fine but behave specially when charged. */
  static final Map<String, CardBehaviour> SPECIAL;

  static {
    Map<String, CardBehaviour> special = new LinkedHashMap<>();
    special.put("4000000000000201", CardBehaviour.DECLINE_LIMIT_EXCEEDED);
    special.put("4000000000000202", CardBehaviour.DECLINE_STOPPED);
    special.put("4000000000000203", CardBehaviour.DECLINE_EXPIRED);
    special.put("4000000000000204", CardBehaviour.DECLINE_LOST_OR_STOLEN);
    special.put("4000000000000205", CardBehaviour.DECLINE_REJECTED);
    special.put("4000000000000206", CardBehaviour.DECLINE_DAILY_COUNT);
    special.put("4000000000000207", CardBehaviour.FAIL_CARD_COMPANY);
    special.put("4000000000000208", CardBehaviour.FAIL_PROVIDER);
    special.put("4000000000000301", CardBehaviour.APPROVE_AFTER_DELAY);
    special.put("4000000000000302", CardBehaviour.APPROVE_THEN_HANG);
    SPECIAL = Map.copyOf(special);
  }

  private static final DateTimeFormatter BIRTH_DATE =
      DateTimeFormatter.ofPattern("uuMMdd").withResolverStyle(ResolverStyle.STRICT);

  /** A card accepted at registration. */
  record Registered(CardInfo card, CardBehaviour behaviour) {}

  private TestCards() {}

  /**
   * Validates card data like Toss's card registration and says how the card behaves.
   *
   * @throws TossApiException INVALID_CARD_NUMBER, INVALID_CARD_EXPIRATION,
   *     INVALID_BIRTH_DAY_FORMAT, INVALID_CARD_PASSWORD or a registration refusal of a test card
   */
  static Registered register(
      String cardNumber,
      String expirationYear,
      String expirationMonth,
      String identityNumber,
      @Nullable String cardPassword,
      Instant now) {
    String digits = cardNumber.strip();
    if (!digits.matches("[0-9]{15,16}")) {
      throw new TossApiException("INVALID_CARD_NUMBER");
    }
    YearMonth expiry = expiry(expirationYear.strip(), expirationMonth.strip());
    YearMonth current = YearMonth.from(now.atZone(SandboxClock.SEOUL));
    if (expiry == null || expiry.isBefore(current) || expiry.isAfter(current.plusYears(20))) {
      throw new TossApiException("INVALID_CARD_EXPIRATION");
    }
    String identity = identityNumber.strip();
    boolean business = identity.matches("[0-9]{10}");
    if (!business && !isBirthDate(identity)) {
      throw new TossApiException("INVALID_BIRTH_DAY_FORMAT");
    }
    if (cardPassword != null && !cardPassword.matches("[0-9]{2}")) {
      throw new TossApiException("INVALID_CARD_PASSWORD");
    }
    String refusal = REFUSED_AT_REGISTRATION.get(digits);
    if (refusal != null) {
      throw new TossApiException(refusal);
    }
    return new Registered(
        describe(digits, business), SPECIAL.getOrDefault(digits, CardBehaviour.APPROVE));
  }

  static boolean isBirthDate(String identity) {
    if (!identity.matches("[0-9]{6}")) {
      return false;
    }
    try {
      BIRTH_DATE.parse(identity);
      return true;
    } catch (DateTimeParseException e) {
      return false;
    }
  }

  /** Masks like Toss: first 8 digits, 4 hidden, the rest but the last digit shown, last hidden. */
  static String mask(String digits) {
    return digits.substring(0, 8) + "****" + digits.substring(12, digits.length() - 1) + "*";
  }

  private static @Nullable YearMonth expiry(String year, String month) {
    if (!year.matches("[0-9]{2}|[0-9]{4}") || !month.matches("[0-9]{1,2}")) {
      return null;
    }
    int y = Integer.parseInt(year);
    int m = Integer.parseInt(month);
    if (m < 1 || m > 12) {
      return null;
    }
    return YearMonth.of(year.length() == 2 ? 2000 + y : y, m);
  }

  private static CardInfo describe(String digits, boolean business) {
    String ownerType = business ? "법인" : "개인";
    String masked = mask(digits);
    return switch (digits.charAt(0)) {
      case '5' -> new CardInfo("51", "51", masked, "신용", ownerType, "삼성");
      case '3' -> new CardInfo("11", "11", masked, "신용", ownerType, "국민");
      case '6' -> new CardInfo("41", "41", masked, "체크", ownerType, "신한");
      case '9' -> new CardInfo("91", "91", masked, "체크", ownerType, "농협");
      case '4' -> new CardInfo("61", "31", masked, "신용", ownerType, "현대");
      default -> new CardInfo("21", "21", masked, "신용", ownerType, "하나");
    };
  }
}
