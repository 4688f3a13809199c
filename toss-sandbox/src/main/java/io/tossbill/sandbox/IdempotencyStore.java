package io.tossbill.sandbox;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * Toss's Idempotency-Key: the first response to (secret key, method, path, key) is kept for 15 days
 * on the sandbox clock and replayed byte for byte; the request body is not compared. An expired key
 * is a new key. Expired entries are swept out at most once per {@link #SWEEP_INTERVAL} of sandbox
 * time, by the request that finds the sweep due, so memory follows the last 15 days, not the run.
 */
final class IdempotencyStore {

  static final Duration VALIDITY = Duration.ofDays(15);
  static final int MAX_KEY_LENGTH = 300;

  /** How often (sandbox time) expired entries are removed; between sweeps they are only ignored. */
  static final Duration SWEEP_INTERVAL = Duration.ofHours(1);

  /** What identifies an idempotent request. */
  record Key(String secretKey, String method, String path, String idempotencyKey) {}

  /** A finished first response, as the snapshot holds it. */
  record Stored(Key key, Instant createdAt, int status, byte[] body) {}

  /** The result of asking to begin a request. */
  sealed interface Begin permits Started, Replay, InFlight {}

  record Started() implements Begin {}

  /** A first response to send again: {@code body} gives the very bytes first sent. */
  record Replay(int status, Supplier<byte[]> body) implements Begin {}

  record InFlight() implements Begin {}

  private record Pending(Instant startedAt) {}

  /**
   * A finished first response. The body is kept as what makes its bytes: either the bytes
   * themselves, or a rendering of immutable values (the payment as it was answered), which gives
   * the same bytes again and costs no copy of the JSON.
   */
  private record Done(Instant createdAt, int status, Supplier<byte[]> body) {
    boolean validAt(Instant now) {
      return now.isBefore(createdAt.plus(VALIDITY));
    }
  }

  /** A body kept as bytes. */
  private record Bytes(byte[] bytes) implements Supplier<byte[]> {
    @Override
    public byte[] get() {
      return bytes;
    }
  }

  private final Map<Key, Object> entries = new ConcurrentHashMap<>();
  private final AtomicReference<@Nullable Instant> nextSweep = new AtomicReference<>();
  private final Changes changes;

  IdempotencyStore(Changes changes) {
    this.changes = changes;
  }

  /** The bytes themselves as a stored body. */
  static Supplier<byte[]> bytes(byte[] body) {
    return new Bytes(body);
  }

  Begin begin(Key key, Instant now) {
    sweepIfDue(now);
    Begin[] result = new Begin[1];
    entries.compute(
        key,
        (k, existing) -> {
          if (existing instanceof Done done && done.validAt(now)) {
            result[0] = new Replay(done.status(), done.body());
            return done;
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

  /**
   * Keeps the first response. {@code body} must give the same bytes every time it is asked (the
   * bytes, or a rendering of values that never change).
   */
  void complete(Key key, Instant startedAt, int status, Supplier<byte[]> body) {
    entries.put(key, new Done(startedAt, status, body));
    changes.fire();
  }

  void abandon(Key key) {
    entries.computeIfPresent(key, (k, existing) -> existing instanceof Pending ? null : existing);
  }

  void reset(@Nullable String secretKey) {
    entries.keySet().removeIf(key -> secretKey == null || key.secretKey().equals(secretKey));
    changes.fire();
  }

  /**
   * Removes the finished entries expired at {@code now}, when the last sweep is an interval ago (or
   * the clock was set back before it). One caller sweeps; the others go on at once.
   */
  void sweepIfDue(Instant now) {
    Instant due = nextSweep.get();
    if (due != null && now.isBefore(due) && !now.isBefore(due.minus(SWEEP_INTERVAL))) {
      return;
    }
    if (!nextSweep.compareAndSet(due, now.plus(SWEEP_INTERVAL))) {
      return;
    }
    entries.values().removeIf(value -> value instanceof Done done && !done.validAt(now));
  }

  /** How many keys are held (finished or in flight), expired ones not yet swept included. */
  int size() {
    return entries.size();
  }

  /** Every key of a merchant, with IN_FLIGHT or DONE and the first response's status. */
  List<Map<String, Object>> describe(MerchantState merchant, Instant now) {
    return entries.entrySet().stream()
        .filter(e -> e.getKey().secretKey().equals(merchant.secretKey))
        .filter(e -> !(e.getValue() instanceof Done done) || done.validAt(now))
        .map(
            e -> {
              Map<String, Object> row = new java.util.LinkedHashMap<>();
              row.put("mId", merchant.mId);
              row.put("method", e.getKey().method());
              row.put("path", e.getKey().path());
              row.put("idempotencyKey", e.getKey().idempotencyKey());
              if (e.getValue() instanceof Done done) {
                row.put("state", "DONE");
                row.put("status", done.status());
                row.put("createdAt", Times.api(done.createdAt()));
                row.put("expiresAt", Times.api(done.createdAt().plus(VALIDITY)));
              } else {
                row.put("state", "IN_FLIGHT");
                row.put("createdAt", Times.api(((Pending) e.getValue()).startedAt()));
              }
              return row;
            })
        .toList();
  }

  List<Stored> snapshot(Instant now) {
    return entries.entrySet().stream()
        .filter(e -> e.getValue() instanceof Done done && done.validAt(now))
        .map(
            e -> {
              Done done = (Done) e.getValue();
              return new Stored(e.getKey(), done.createdAt(), done.status(), done.body().get());
            })
        .toList();
  }

  void restore(List<Stored> stored) {
    stored.forEach(s -> entries.put(s.key(), new Done(s.createdAt(), s.status(), bytes(s.body()))));
  }
}
