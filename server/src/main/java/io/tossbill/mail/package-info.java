/**
 * Outgoing mail through an outbox: rendered from Korean and English templates when asked for, in
 * the asker's transaction, then sent over SMTP at most once per cause, retried when the server is
 * unreachable, or kept for the admin console when no SMTP server is configured.
 */
@NullMarked
package io.tossbill.mail;

import org.jspecify.annotations.NullMarked;
