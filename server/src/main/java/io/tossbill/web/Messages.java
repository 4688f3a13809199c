package io.tossbill.web;

import io.tossbill.platform.ApiException;
import java.util.Locale;
import org.springframework.context.MessageSource;
import org.springframework.context.NoSuchMessageException;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.stereotype.Service;

/**
 * The message bundles ({@code messages/*.properties}, Korean; {@code *_en}, English) for code
 * outside templates: flash messages, mails, refusals shown on a page.
 */
@Service
public class Messages {

  private final MessageSource source;

  Messages(MessageSource source) {
    this.source = source;
  }

  /** The text of {@code key} in the current request's language. */
  public String text(String key, Object... args) {
    return text(LocaleContextHolder.getLocale(), key, args);
  }

  /** The text of {@code key} in {@code locale}; a missing key is a bug and throws. */
  public String text(Locale locale, String key, Object... args) {
    return source.getMessage(key, args, locale);
  }

  /**
   * What to tell a person about a refusal: the bundle's {@code error.<CODE>} when there is one
   * (written for people, without internal details), else the refusal's own Korean or English
   * message.
   */
  public String refusal(ApiException e) {
    return refusal(LocaleContextHolder.getLocale(), e);
  }

  public String refusal(Locale locale, ApiException e) {
    try {
      return source.getMessage("error." + e.code(), null, locale);
    } catch (NoSuchMessageException missing) {
      return "en".equals(locale.getLanguage()) ? e.messageEn() : e.messageKo();
    }
  }

  /** Whether the bundles hold {@code key}. */
  public boolean has(String key) {
    try {
      source.getMessage(key, null, Locale.KOREAN);
      return true;
    } catch (NoSuchMessageException missing) {
      return false;
    }
  }
}
