package io.tossbill.sandbox;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;

/**
 * Toss's Idempotency-Key: the first response to (secret key, method, path, key) is kept for 15 days
 * on the sandbox clock and replayed byte for byte; the request body is not compared.
 */
final class IdempotencyStore {

  static final Duration VALIDITY = Duration.ofDays(15);
  static final int MAX_KEY_LENGTH = 300;

  /** What identifies an idempotent request. */
  record Key(String secretKey, String method, String path, String idempotencyKey) {}

  /** A finished first response. */
  record Stored(Key key, Instant createdAt, int status, byte[] body) {}

  /** The result of asking to begin a request. */
  sealed interface Begin permits Started, Replay, InFlight {}

  record Started() implements Begin {}

  record Replay(Stored stored) implements Begin {}

  record InFlight() implements Begin {}

  private record Pending(Instant startedAt) {}

  private final Map<Key, Object> entries = new ConcurrentHashMap<>();
  private final Changes changes;

  IdempotencyStore(Changes changes) {
    this.changes = changes;
  }

  Begin begin(Key key, Instant now) {
    Begin[] result = new Begin[1];
    entries.compute(
        key,
        (k, existing) -> {
          if (existing instanceof Stored stored
              && now.isBefore(stored.createdAt().plus(VALIDITY))) {
            result[0] = new Replay(stored);
            return stored;
          }
          if (existing instanceof Pending pending) {
            result[0] = new InFlight();
            return pending;
          }
          result[0] = new Started();
          return new Pending(now);
        });
    return result[0];
  }

  void complete(Key key, Instant startedAt, int status, byte[] body) {
    entries.put(key, new Stored(key, startedAt, status, body));
    changes.fire();
  }

  void abandon(Key key) {
    entries.computeIfPresent(key, (k, existing) -> existing instanceof Pending ? null : existing);
  }

  void reset(@Nullable String secretKey) {
    entries.keySet().removeIf(key -> secretKey == null || key.secretKey().equals(secretKey));
    changes.fire();
  }

  /** Every key of a merchant, with IN_FLIGHT or DONE and the first response's status. */
  List<Map<String, Object>> describe(MerchantState merchant, Instant now) {
    return entries.entrySet().stream()
        .filter(e -> e.getKey().secretKey().equals(merchant.secretKey))
        .filter(
            e ->
                !(e.getValue() instanceof Stored stored)
                    || now.isBefore(stored.createdAt().plus(VALIDITY)))
        .map(
            e -> {
              Map<String, Object> row = new java.util.LinkedHashMap<>();
              row.put("mId", merchant.mId);
              row.put("method", e.getKey().method());
              row.put("path", e.getKey().path());
              row.put("idempotencyKey", e.getKey().idempotencyKey());
              if (e.getValue() instanceof Stored stored) {
                row.put("state", "DONE");
                row.put("status", stored.status());
                row.put("createdAt", Times.api(stored.createdAt()));
                row.put("expiresAt", Times.api(stored.createdAt().plus(VALIDITY)));
              } else {
                row.put("state", "IN_FLIGHT");
                row.put("createdAt", Times.api(((Pending) e.getValue()).startedAt()));
              }
              return row;
            })
        .toList();
  }

  List<Stored> snapshot(Instant now) {
    return entries.values().stream()
        .filter(Stored.class::isInstance)
        .map(Stored.class::cast)
        .filter(stored -> now.isBefore(stored.createdAt().plus(VALIDITY)))
        .toList();
  }

  void restore(List<Stored> stored) {
    stored.forEach(s -> entries.put(s.key(), s));
  }
}
