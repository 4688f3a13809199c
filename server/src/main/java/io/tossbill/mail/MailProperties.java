package io.tossbill.mail;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How mail leaves. SMTP itself is Spring's {@code spring.mail.*} ({@code host}, {@code port},
 * {@code username}, {@code password}); without {@code spring.mail.host} mails are only kept in the
 * outbox.
 *
 * @param from the sender, e.g. {@code 서비스 <billing@example.com>}
 * @param maxAttempts sends tried before a mail is FAILED
 * @param firstRetryAfter wait after the first failed send; doubled each time up to {@code
 *     maxBackoff}
 * @param pollInterval how often due retries (and queued mails whose event was lost) are looked for
 * @param sendingStaleAfter a mail SENDING for longer than this was abandoned by a stopped node: it
 *     becomes UNKNOWN
 * @param worker whether this node runs the retry loop
 */
@ConfigurationProperties("tossbill.mail")
record MailProperties(
    @DefaultValue("tossbill <no-reply@tossbill.local>") String from,
    @DefaultValue("8") int maxAttempts,
    @DefaultValue("1m") Duration firstRetryAfter,
    @DefaultValue("1h") Duration maxBackoff,
    @DefaultValue("30s") Duration pollInterval,
    @DefaultValue("10m") Duration sendingStaleAfter,
    @DefaultValue("true") boolean worker) {

  MailProperties {
    if (maxAttempts < 1) {
      throw new IllegalArgumentException("tossbill.mail.max-attempts is 1 or more");
    }
    if (from.isBlank() || from.chars().anyMatch(Character::isISOControl)) {
      throw new IllegalArgumentException("tossbill.mail.from must be an address, was " + from);
    }
  }
}
