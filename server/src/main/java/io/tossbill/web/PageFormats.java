package io.tossbill.web;

import io.tossbill.catalog.BillingInterval;
import io.tossbill.platform.BusinessTime;
import io.tossbill.platform.Won;
import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.time.format.FormatStyle;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.stereotype.Component;

/**
 * Formatting for templates ({@code ${@fmt.won(price)}}): won, dates and times in Asia/Seoul,
 * billing intervals, in the page's language.
 */
@Component("fmt")
public class PageFormats {

  private static final DateTimeFormatter DATE_TIME =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm");
  private static final DateTimeFormatter ISO_DATE = DateTimeFormatter.ISO_LOCAL_DATE;

  /** Long dates by language: resolving a localized pattern is slow, the formatter is immutable. */
  private static final Map<Locale, DateTimeFormatter> LONG_DATES = new ConcurrentHashMap<>();

  private final Messages messages;

  PageFormats(Messages messages) {
    this.messages = messages;
  }

  /** {@code 4,900원} in Korean, {@code ₩4,900} in English; empty for null. */
  public String won(@Nullable Won amount) {
    return amount == null ? "" : won(amount.value());
  }

  public String won(long amount) {
    return messages.text("format.won", grouped(amount));
  }

  /** {@code 1,234,567}: digits in groups of three (Korean and English alike). */
  static String grouped(long amount) {
    String digits = Long.toString(amount);
    int sign = amount < 0 ? 1 : 0;
    int length = digits.length() - sign;
    StringBuilder out = new StringBuilder(digits.length() + length / 3);
    out.append(digits, 0, sign);
    for (int i = 0; i < length; i++) {
      if (i > 0 && (length - i) % 3 == 0) {
        out.append(',');
      }
      out.append(digits.charAt(sign + i));
    }
    return out.toString();
  }

  /** A business date in the page's language: {@code 2025년 3월 1일}, {@code March 1, 2025}. */
  public String date(@Nullable LocalDate date) {
    if (date == null) {
      return "";
    }
    Locale locale = LocaleContextHolder.getLocale();
    DateTimeFormatter format = LONG_DATES.get(locale);
    if (format == null) {
      format = DateTimeFormatter.ofLocalizedDate(FormatStyle.LONG).withLocale(locale);
      if (LONG_DATES.size() < 32) { // languages come from requests: a bounded few are kept
        LONG_DATES.putIfAbsent(locale, format);
      }
    }
    return format.format(date);
  }

  /** An instant's business date (Asia/Seoul) in the page's language. */
  public String date(@Nullable Instant instant) {
    return instant == null ? "" : date(LocalDate.ofInstant(instant, BusinessTime.ZONE));
  }

  /** {@code 2025-03-01 09:00} in Asia/Seoul. */
  public String dateTime(@Nullable Instant instant) {
    return instant == null ? "" : DATE_TIME.format(instant.atZone(BusinessTime.ZONE));
  }

  /** {@code 2025-03-01}, for form fields and machine-readable attributes. */
  public String isoDate(@Nullable LocalDate date) {
    return date == null ? "" : ISO_DATE.format(date);
  }

  /** {@code 매월}, {@code 3개월마다}, {@code every 3 months}. */
  public String interval(BillingInterval interval) {
    String unit = interval.unit().name();
    return interval.count() == 1
        ? messages.text("interval." + unit + ".one")
        : messages.text("interval." + unit + ".many", interval.count());
  }

  /** {@code 4,900원 / 매월}. */
  public String price(Won price, BillingInterval interval) {
    return messages.text("format.price", won(price), interval(interval));
  }
}
