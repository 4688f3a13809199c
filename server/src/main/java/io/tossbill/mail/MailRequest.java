package io.tossbill.mail;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A mail to send.
 *
 * @param dedupeKey what caused it, unique per mail (e.g. {@code account-registered:42}): asking
 *     again with the same key changes nothing, so an event delivered twice mails once
 * @param to the recipient's address
 * @param locale Korean or English: the templates' and subject's language
 * @param template the name of {@code src/main/jte/mail/html/<template>.jte} and {@code
 *     mail/text/<template>.jte}; the subject is the bundle's {@code mail.<template>.subject}
 * @param variables what the templates show
 * @param subjectArgs the subject's {@code {0}}, {@code {1}}...
 * @param sensitive the body holds a one-time secret (a password reset link): shown in the outbox
 *     page only while no SMTP server is configured, and blanked in storage once sent
 */
public record MailRequest(
    String dedupeKey,
    String to,
    Locale locale,
    String template,
    Map<String, Object> variables,
    List<Object> subjectArgs,
    boolean sensitive) {

  static final Pattern TEMPLATE = Pattern.compile("[a-z0-9-]{1,60}");

  public MailRequest {
    Objects.requireNonNull(dedupeKey, "dedupeKey");
    Objects.requireNonNull(to, "to");
    Objects.requireNonNull(locale, "locale");
    Objects.requireNonNull(template, "template");
    if (dedupeKey.isBlank() || dedupeKey.length() > 200) {
      throw new IllegalArgumentException("a dedupe key is 1 to 200 characters, was " + dedupeKey);
    }
    if (!TEMPLATE.matcher(template).matches()) {
      throw new IllegalArgumentException("a mail template is named [a-z0-9-], was " + template);
    }
    variables = Map.copyOf(variables);
    subjectArgs = List.copyOf(subjectArgs);
  }

  /** A mail whose subject takes no arguments and whose body holds no secret. */
  public static MailRequest of(
      String dedupeKey, String to, Locale locale, String template, Map<String, Object> variables) {
    return new MailRequest(dedupeKey, to, locale, template, variables, List.of(), false);
  }
}
