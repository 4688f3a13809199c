/**
 * Toss's webhooks in: stored raw, deduplicated, and acted on only after reading the payment back
 * from Toss.
 */
@NullMarked
package io.tossbill.webhook;

import org.jspecify.annotations.NullMarked;
