package io.tossbill.sandbox;

import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the sandbox's state across restarts when toss-sandbox.data-dir is set: a JSON snapshot,
 * written to a temporary file and moved into place atomically, shortly after each change.
 */
final class SnapshotPersistence implements AutoCloseable {

  static final String FILE_NAME = "toss-sandbox-state.json";

  /**
   * 2: merchants carry their own key pair. Format 1 came from sandboxes that took any test_sk_ key
   * (derivable from the client key); such a snapshot is moved aside, not loaded.
   */
  private static final int FORMAT = 2;

  private static final Logger log = LoggerFactory.getLogger(SnapshotPersistence.class);

  /** Everything that survives a restart. */
  record Snapshot(
      int format,
      Duration clockOffset,
      SandboxState.Snapshot state,
      List<IdempotencyStore.Stored> idempotency,
      List<WebhookDelivery> webhooks) {}

  private final @Nullable Path file;
  private final SandboxState state;
  private final IdempotencyStore idempotency;
  private final WebhookDispatcher webhooks;
  private final SandboxClock clock;
  private final SandboxJson json;
  private final Duration debounce;
  private final AtomicBoolean scheduled = new AtomicBoolean();
  private volatile long earliestNextWriteNanos = System.nanoTime();
  private final @Nullable ScheduledExecutorService writer;

  SnapshotPersistence(
      TossSandboxProperties properties,
      SandboxState state,
      IdempotencyStore idempotency,
      WebhookDispatcher webhooks,
      SandboxClock clock,
      SandboxJson json,
      Changes changes) {
    this.file = properties.dataDir() == null ? null : properties.dataDir().resolve(FILE_NAME);
    this.state = state;
    this.idempotency = idempotency;
    this.webhooks = webhooks;
    this.clock = clock;
    this.json = json;
    this.debounce = properties.persistDebounce();
    if (file == null) {
      this.writer = null;
      return;
    }
    load(file);
    this.writer =
        Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().daemon().name("toss-sandbox-snapshot").factory());
    changes.listen(this::changed);
  }

  private void load(Path path) {
    if (!Files.exists(path)) {
      return;
    }
    try {
      byte[] bytes = Files.readAllBytes(path);
      if (isFormerFormat(bytes)) {
        Path aside = path.resolveSibling(FILE_NAME + ".format1");
        Files.move(path, aside, StandardCopyOption.REPLACE_EXISTING);
        log.warn(
            "toss-sandbox: {} came from an older sandbox whose merchants had keys anyone could"
                + " derive; it was moved to {} and the sandbox starts empty",
            path,
            aside);
        return;
      }
      Snapshot snapshot = json.read(bytes, Snapshot.class);
      if (!clock.restoreOffset(snapshot.clockOffset())) {
        log.warn(
            "toss-sandbox: the clock offset {} in {} puts the time out of range; the clock starts"
                + " at the real time",
            snapshot.clockOffset(),
            path);
      }
      java.util.Set<String> known = state.restore(snapshot.state());
      idempotency.restore(
          snapshot.idempotency().stream()
              .filter(s -> known.contains(s.key().secretKey()))
              .toList());
      webhooks.restore(
          snapshot.webhooks().stream().filter(d -> known.contains(d.secretKey())).toList());
      log.info("toss-sandbox: state restored from {}", path);
    } catch (IOException | RuntimeException e) {
      throw new IllegalStateException(
          "toss-sandbox: cannot read the state snapshot "
              + path
              + " (move it away to start empty): "
              + e,
          e);
    }
  }

  private boolean isFormerFormat(byte[] bytes) {
    try {
      tools.jackson.databind.JsonNode root = json.readTree(bytes);
      return root != null && root.path("format").asInt(0) == 1;
    } catch (RuntimeException e) {
      return false; // the full read below says what is wrong
    }
  }

  private void changed() {
    ScheduledExecutorService executor = writer;
    if (executor != null && scheduled.compareAndSet(false, true)) {
      try {
        long delay = Math.max(debounce.toNanos(), earliestNextWriteNanos - System.nanoTime());
        executor.schedule(this::writeNow, delay, TimeUnit.NANOSECONDS);
      } catch (java.util.concurrent.RejectedExecutionException e) {
        scheduled.set(false);
      }
    }
  }

  /**
   * Writes the snapshot now (no-op without a data dir). The next scheduled write waits at least
   * twenty times as long as this one took, so a large state under load costs a few percent of CPU.
   */
  synchronized void writeNow() {
    scheduled.set(false);
    if (file == null) {
      return;
    }
    long started = System.nanoTime();
    try {
      Snapshot snapshot =
          new Snapshot(
              FORMAT,
              clock.offset(),
              state.snapshot(),
              idempotency.snapshot(clock.instant()),
              webhooks.snapshot());
      Files.createDirectories(file.getParent());
      Path temporary = file.resolveSibling(FILE_NAME + ".tmp");
      ownerOnly(temporary);
      try (var out = new java.io.BufferedOutputStream(Files.newOutputStream(temporary), 1 << 16)) {
        json.write(out, snapshot);
      }
      try {
        Files.move(
            temporary, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING);
      }
    } catch (IOException e) {
      log.warn("toss-sandbox: cannot write the state snapshot {}: {}", file, e.toString());
    } catch (RuntimeException e) {
      log.warn("toss-sandbox: cannot write the state snapshot {}", file, e);
    } finally {
      long took = System.nanoTime() - started;
      earliestNextWriteNanos =
          System.nanoTime() + Math.min(20 * took, Duration.ofSeconds(60).toNanos());
    }
  }

  /** The snapshot holds secret keys: readable by the owner only, where the file system allows. */
  private static void ownerOnly(Path temporary) throws IOException {
    Files.deleteIfExists(temporary);
    try {
      Files.createFile(
          temporary,
          java.nio.file.attribute.PosixFilePermissions.asFileAttribute(
              java.nio.file.attribute.PosixFilePermissions.fromString("rw-------")));
    } catch (UnsupportedOperationException e) {
      Files.createFile(temporary);
    }
  }

  @Override
  public void close() {
    ScheduledExecutorService executor = writer;
    if (executor != null) {
      executor.shutdownNow();
      writeNow();
    }
  }
}
