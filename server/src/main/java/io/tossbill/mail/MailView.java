package io.tossbill.mail;

import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * An outgoing mail as the admin console's outbox shows it. {@code textBody} and {@code htmlBody}
 * are null when the mail holds a secret that must not be shown (see {@link MailRequest#sensitive}).
 */
public record MailView(
    long id,
    String dedupeKey,
    String template,
    String locale,
    String to,
    String subject,
    MailStatus status,
    int attempts,
    int resends,
    @Nullable String lastError,
    Instant createdAt,
    @Nullable Instant nextAttemptAt,
    @Nullable Instant sentAt,
    boolean sensitive,
    @Nullable String textBody,
    @Nullable String htmlBody) {}
