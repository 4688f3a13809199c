package io.tossbill.mail;

import io.tossbill.catalog.BillingInterval;
import io.tossbill.platform.Won;
import io.tossbill.web.PageFormats;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Locale;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.springframework.context.MessageSource;

/**
 * What a mail template ({@code src/main/jte/mail/html|text/<name>.jte}) is given: the request's
 * variables, read by name, and the texts and formats of the mail's language. A variable that is
 * absent reads as empty text, false, or null for a message argument (a request holds no nulls: an
 * optional value is left out).
 *
 * <p>Public only because the compiled templates live in packages of their own; nothing outside this
 * module makes one.
 */
public final class MailModel {

  private final Map<String, Object> variables;
  private final Locale locale;
  private final MessageSource messages;
  private final PageFormats formats;

  MailModel(
      Map<String, Object> variables, Locale locale, MessageSource messages, PageFormats formats) {
    this.variables = variables;
    this.locale = locale;
    this.messages = messages;
    this.formats = formats;
  }

  /**
   * The bundles' text of {@code key} in the mail's language, its {@code {0}}, {@code {1}}... filled
   * with {@code args} as a message format does (a number is grouped: give an id as text).
   */
  public String msg(String key, @Nullable Object... args) {
    return messages.getMessage(key, args, locale);
  }

  /** The variable as it is, for a message's argument; null when absent. */
  public @Nullable Object get(String name) {
    return variables.get(name);
  }

  /** The variable as text; empty when absent. */
  public String text(String name) {
    Object value = variables.get(name);
    return value == null ? "" : value.toString();
  }

  /** Whether the variable is {@code true}; absent is false. */
  public boolean flag(String name) {
    return Boolean.TRUE.equals(variables.get(name));
  }

  /** Whether the variable is there: an optional line shows only then. */
  public boolean has(String name) {
    return variables.get(name) != null;
  }

  /** A {@link Won} (or a number of won) variable: {@code 4,900원}, {@code ₩4,900}. */
  public String won(String name) {
    return switch (variables.get(name)) {
      case null -> "";
      case Won won -> formats.won(won);
      case Number number -> formats.won(number.longValue());
      case Object other -> throw notA("an amount of won", name, other);
    };
  }

  /** A date, or an instant's date in Asia/Seoul, in the mail's language: {@code 2025년 3월 1일}. */
  public String date(String name) {
    return switch (variables.get(name)) {
      case null -> "";
      case LocalDate date -> formats.date(date);
      case Instant instant -> formats.date(instant);
      case Object other -> throw notA("a date", name, other);
    };
  }

  /** An instant in Asia/Seoul: {@code 2025-03-01 09:00}. */
  public String dateTime(String name) {
    return switch (variables.get(name)) {
      case null -> "";
      case Instant instant -> formats.dateTime(instant);
      case Object other -> throw notA("an instant", name, other);
    };
  }

  /** A price and its billing interval: {@code 4,900원 / 매월}. */
  public String price(String amount, String interval) {
    if (!(variables.get(amount) instanceof Won won)) {
      throw notA("an amount of won", amount, variables.get(amount));
    }
    if (!(variables.get(interval) instanceof BillingInterval every)) {
      throw notA("a billing interval", interval, variables.get(interval));
    }
    return formats.price(won, every);
  }

  /** The mail's language, for {@code <html lang>}: {@code ko} or {@code en}. */
  public String lang() {
    return locale.getLanguage();
  }

  private static IllegalArgumentException notA(String what, String name, @Nullable Object value) {
    return new IllegalArgumentException(
        "mail variable "
            + name
            + " is not "
            + what
            + ": "
            + (value == null ? "absent" : value.getClass().getName()));
  }
}
