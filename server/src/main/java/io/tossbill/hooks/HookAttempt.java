package io.tossbill.hooks;

import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * One try of a delivery, as logged.
 *
 * @param statusCode the answer's HTTP status; null when no answer came
 * @param outcome DELIVERED, HTTP_ERROR (not 2xx), REDIRECT (3xx, never followed), TIMEOUT,
 *     CONNECTION_FAILED or ERROR
 * @param latencyMillis from sending the request to the end of the answer (or the failure)
 * @param responseExcerpt the start of the answer's body (at most 1024 characters, control
 *     characters replaced)
 * @param error what went wrong, when something did
 */
public record HookAttempt(
    int attemptNo,
    Instant attemptedAt,
    @Nullable Integer statusCode,
    String outcome,
    long latencyMillis,
    @Nullable String responseExcerpt,
    @Nullable String error) {}
