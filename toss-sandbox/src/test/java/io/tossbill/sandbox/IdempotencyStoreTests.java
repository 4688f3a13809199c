package io.tossbill.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class IdempotencyStoreTests {

  static final Instant T0 = Instant.parse("2026-11-01T00:00:00Z");

  final IdempotencyStore store = new IdempotencyStore(new Changes());

  static IdempotencyStore.Key key(String idempotencyKey) {
    return new IdempotencyStore.Key("test_sk_a", "POST", "/v1/billing/bk", idempotencyKey);
  }

  void completed(String idempotencyKey, Instant at, String body) {
    assertThat(store.begin(key(idempotencyKey), at)).isInstanceOf(IdempotencyStore.Started.class);
    store.complete(
        key(idempotencyKey),
        at,
        200,
        IdempotencyStore.bytes(body.getBytes(StandardCharsets.UTF_8)));
  }

  static String replayed(IdempotencyStore.Begin begin) {
    assertThat(begin).isInstanceOf(IdempotencyStore.Replay.class);
    return new String(((IdempotencyStore.Replay) begin).body().get(), StandardCharsets.UTF_8);
  }

  @Test
  void replaysWithin15DaysAndTakesTheKeyAsNewAfterwards() {
    completed("k", T0, "first");

    assertThat(replayed(store.begin(key("k"), T0.plus(Duration.ofDays(15)).minusMillis(1))))
        .isEqualTo("first");
    assertThat(store.begin(key("k"), T0.plus(Duration.ofDays(15))))
        .isInstanceOf(IdempotencyStore.Started.class);
  }

  @Test
  void sweepsOutKeysOlderThan15DaysOnTheSandboxClock() {
    completed("old", T0, "old");
    completed("young", T0.plus(Duration.ofDays(10)), "young");
    assertThat(store.size()).isEqualTo(2);

    Instant later = T0.plus(Duration.ofDays(15)).plus(IdempotencyStore.SWEEP_INTERVAL);
    store.sweepIfDue(later);

    assertThat(store.size()).isEqualTo(1);
    assertThat(replayed(store.begin(key("young"), later))).isEqualTo("young");
    assertThat(store.begin(key("old"), later)).isInstanceOf(IdempotencyStore.Started.class);
  }

  @Test
  void sweepsAtMostOncePerIntervalButNeverReplaysAnExpiredKeyMeanwhile() {
    completed("k", T0, "first");
    completed("k2", T0, "second");
    Instant justBefore = T0.plus(Duration.ofDays(15)).minusSeconds(60);
    store.sweepIfDue(justBefore); // nothing has expired yet

    Instant justAfter = T0.plus(Duration.ofDays(15)).plusSeconds(60);
    store.sweepIfDue(justAfter);
    assertThat(store.size()).as("not swept again within the interval").isEqualTo(2);
    assertThat(store.begin(key("k"), justAfter)).isInstanceOf(IdempotencyStore.Started.class);

    store.sweepIfDue(justBefore.plus(IdempotencyStore.SWEEP_INTERVAL));
    assertThat(store.size()).as("k2 swept, k in flight again").isEqualTo(1);
    assertThat(store.begin(key("k2"), justAfter)).isInstanceOf(IdempotencyStore.Started.class);
  }

  @Test
  void sweepsAgainWhenTheClockWasSetBackBeforeTheLastSweep() {
    store.sweepIfDue(T0.plus(Duration.ofDays(40)));
    store.complete(key("k"), T0, 200, IdempotencyStore.bytes(new byte[0]));

    store.sweepIfDue(T0.plus(Duration.ofDays(20)));

    assertThat(store.size()).isZero();
  }

  @Test
  void keepsKeysInFlightWhateverTheirAge() {
    assertThat(store.begin(key("slow"), T0)).isInstanceOf(IdempotencyStore.Started.class);

    store.sweepIfDue(T0.plus(Duration.ofDays(30)));

    assertThat(store.begin(key("slow"), T0.plus(Duration.ofDays(30))))
        .isInstanceOf(IdempotencyStore.InFlight.class);
  }

  @Test
  void snapshotsTheBytesOfRenderedBodies() {
    store.begin(key("r"), T0);
    store.complete(key("r"), T0, 200, () -> "rendered".getBytes(StandardCharsets.UTF_8));

    assertThat(store.snapshot(T0))
        .singleElement()
        .satisfies(
            s -> assertThat(new String(s.body(), StandardCharsets.UTF_8)).isEqualTo("rendered"));
    assertThat(store.snapshot(T0.plus(Duration.ofDays(15)))).isEmpty();
  }
}
