package io.tossbill.sandbox;

import java.text.MessageFormat;
import java.util.Locale;
import java.util.MissingResourceException;
import java.util.ResourceBundle;

/**
 * The sandbox's own texts (controls and other non-Toss answers) from the bundle {@code
 * io/tossbill/sandbox/messages}: Korean in the base file, English in {@code messages_en}. The JVM's
 * default locale never decides the language.
 */
final class Messages {

  private static final String BUNDLE = "io.tossbill.sandbox.messages";
  private static final ResourceBundle.Control NO_FALLBACK =
      ResourceBundle.Control.getNoFallbackControl(ResourceBundle.Control.FORMAT_PROPERTIES);
  private static final ResourceBundle KOREAN =
      ResourceBundle.getBundle(BUNDLE, Locale.ROOT, NO_FALLBACK);
  private static final ResourceBundle ENGLISH =
      ResourceBundle.getBundle(BUNDLE, Locale.ENGLISH, NO_FALLBACK);

  private Messages() {}

  /**
   * The text of {@code key} in the language, with {@code {0}}-style arguments filled in.
   *
   * @throws MissingResourceException when the key is in neither file
   */
  static String get(Lang lang, String key, Object... args) {
    String pattern = (lang == Lang.EN ? ENGLISH : KOREAN).getString(key);
    return args.length == 0 ? pattern : new MessageFormat(pattern, Locale.ROOT).format(args);
  }

  /** Whether both languages have the key. */
  static boolean has(String key) {
    return KOREAN.containsKey(key) && ENGLISH.containsKey(key);
  }

  static java.util.Set<String> keys(Lang lang) {
    return (lang == Lang.EN ? ENGLISH : KOREAN).keySet();
  }
}
