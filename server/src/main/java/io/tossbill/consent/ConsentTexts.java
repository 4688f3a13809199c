package io.tossbill.consent;

import io.tossbill.billing.ChargeConsentPolicy.ChangeKind;
import io.tossbill.catalog.BillingInterval;
import io.tossbill.platform.BusinessTime;
import io.tossbill.platform.Won;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.HexFormat;

/**
 * The text a subscriber is shown, in Korean: the change, its date, the prices before and after, the
 * card, what happens without consent, and how to withdraw consent and to cancel. Its SHA-256 is
 * what an acceptance refers to, so the record proves which text was agreed to.
 */
final class ConsentTexts {

  private static final DateTimeFormatter DEADLINE = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm");

  private ConsentTexts() {}

  /** What the request says. */
  record Facts(
      ChangeKind kind,
      String planName,
      Won before,
      Won after,
      BillingInterval interval,
      LocalDate changeDate,
      Instant deadline,
      String paymentMethod,
      ConsentProperties.OnMissing onMissing) {}

  /** What a request shows: the card, the text, and the text's SHA-256. */
  record Shown(String paymentMethod, String text, String hash) {

    static Shown of(Facts facts) {
      String text = ConsentTexts.text(facts);
      return new Shown(facts.paymentMethod(), text, ConsentTexts.hash(text));
    }
  }

  static String text(Facts f) {
    String every = "/ " + interval(f.interval());
    String deadline = DEADLINE.format(f.deadline().atZone(BusinessTime.ZONE));
    StringBuilder text = new StringBuilder();
    if (f.kind() == ChangeKind.TRIAL_CONVERSION) {
      text.append("[유료 전환 동의 요청]\n")
          .append(f.planName())
          .append(" 무료 체험이 ")
          .append(f.changeDate())
          .append("에 끝나고 유료 구독으로 전환됩니다.\n")
          .append("- 전환일: ")
          .append(f.changeDate())
          .append('\n')
          .append("- 전환 전 요금: ")
          .append(f.before())
          .append(" (무료 체험)\n")
          .append("- 전환 후 요금: ")
          .append(f.after())
          .append(' ')
          .append(every)
          .append('\n')
          .append("- 결제수단: ")
          .append(f.paymentMethod())
          .append('\n')
          .append("동의하시면 ")
          .append(f.changeDate())
          .append("부터 ")
          .append(f.after())
          .append("이 정기 결제됩니다.\n")
          .append(deadline)
          .append(" 전까지 동의하지 않으시면 결제되지 않으며, 무료 체험 종료와 함께 구독이 종료됩니다.\n");
    } else {
      text.append("[구독 요금 인상 동의 요청]\n")
          .append(f.planName())
          .append(" 구독 요금이 ")
          .append(f.changeDate())
          .append("부터 인상됩니다.\n")
          .append("- 변경일: ")
          .append(f.changeDate())
          .append('\n')
          .append("- 변경 전 요금: ")
          .append(f.before())
          .append(' ')
          .append(every)
          .append('\n')
          .append("- 변경 후 요금: ")
          .append(f.after())
          .append(' ')
          .append(every)
          .append('\n')
          .append("- 결제수단: ")
          .append(f.paymentMethod())
          .append('\n')
          .append("동의하시면 ")
          .append(f.changeDate())
          .append(" 결제부터 ")
          .append(f.after())
          .append("이 청구됩니다.\n")
          .append(deadline)
          .append(" 전까지 동의하지 않으시면 인상된 요금은 청구되지 않으며, ")
          .append(
              f.onMissing() == ConsentProperties.OnMissing.KEEP_OLD_PRICE
                  ? "기존 요금(" + f.before() + ")으로 계속 이용하실 수 있습니다.\n"
                  : "구독은 " + f.changeDate() + "에 종료됩니다.\n");
    }
    text.append("동의 철회: ")
        .append(deadline)
        .append(" 전까지 언제든지 구독 관리 화면의 [동의 철회]로 동의를 철회할 수 있으며, ")
        .append("철회하면 동의하지 않은 것으로 처리됩니다.\n")
        .append("구독 해지: 구독 관리 화면의 [구독 해지]에서 가입할 때와 같은 방법으로 언제든지 해지할 수 있습니다.");
    return text.toString();
  }

  static String interval(BillingInterval interval) {
    String unit =
        switch (interval.unit()) {
          case WEEK -> "주";
          case MONTH -> "개월";
          case YEAR -> "년";
        };
    return interval.count() + unit;
  }

  static String hash(String text) {
    try {
      return HexFormat.of()
          .formatHex(
              MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is always available", e);
    }
  }
}
