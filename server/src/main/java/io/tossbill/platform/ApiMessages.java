package io.tossbill.platform;

import java.text.MessageFormat;
import java.util.Locale;
import java.util.MissingResourceException;
import java.util.ResourceBundle;

/**
 * The API's messages for people: the bundle {@code messages/api.properties} (Korean, the default)
 * and {@code messages/api_en.properties}, formatted with {@link MessageFormat}. Read without
 * Spring, so a service can build a refusal anywhere; a key missing from a bundle is a bug (a test
 * checks every key used in the code is in both).
 */
public final class ApiMessages {

  static final String BUNDLE = "messages/api";

  // No fallback to the JVM's default locale: Korean is the bundle's base file, English its _en.
  private static final ResourceBundle.Control CONTROL =
      ResourceBundle.Control.getNoFallbackControl(ResourceBundle.Control.FORMAT_PROPERTIES);

  private ApiMessages() {}

  /** A value that is itself a message of the bundle, shown in the same language. */
  public record Part(String key, Object... args) {}

  /**
   * The message {@code key} in {@code locale} (English, or else Korean) with its values, each shown
   * as text ({@link Part}s in the same language).
   */
  public static String format(Locale locale, String key, Object... args) {
    Locale language = "en".equals(locale.getLanguage()) ? Locale.ENGLISH : Locale.ROOT;
    String pattern = ResourceBundle.getBundle(BUNDLE, language, CONTROL).getString(key);
    Object[] texts = new Object[args.length];
    for (int i = 0; i < args.length; i++) {
      texts[i] =
          args[i] instanceof Part part
              ? format(language, part.key(), part.args())
              : String.valueOf(args[i]);
    }
    return new MessageFormat(pattern, language).format(texts);
  }

  /** Whether both languages have {@code key}. */
  public static boolean has(String key) {
    try {
      ResourceBundle.getBundle(BUNDLE, Locale.ROOT, CONTROL).getString(key);
      ResourceBundle.getBundle(BUNDLE, Locale.ENGLISH, CONTROL).getString(key);
      return true;
    } catch (MissingResourceException e) {
      return false;
    }
  }
}
