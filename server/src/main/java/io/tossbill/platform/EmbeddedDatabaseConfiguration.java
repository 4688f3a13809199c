package io.tossbill.platform;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Starts PostgreSQL in-process when no {@code spring.datasource.url} is configured: the default run
 * and the tests use a real PostgreSQL without anything installed.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnExpression("'${spring.datasource.url:}'.isEmpty()")
class EmbeddedDatabaseConfiguration {

  private static final Logger log = LoggerFactory.getLogger(EmbeddedDatabaseConfiguration.class);

  // Spring closes it after the pool: zonky's own shutdown hook would stop PostgreSQL too early.
  @Bean(destroyMethod = "close")
  EmbeddedPostgres embeddedPostgres(DatabaseProperties properties) throws IOException {
    var builder =
        EmbeddedPostgres.builder().setRegisterShutdownHook(false).setPort(properties.port());
    // zonky starts PostgreSQL with fsync, synchronous_commit and full_page_writes off (a throwaway
    // test database); the default run keeps payments, so it runs PostgreSQL's durable defaults.
    String durable = properties.durable() ? "on" : "off";
    builder
        .setServerConfig("fsync", durable)
        .setServerConfig("synchronous_commit", durable)
        .setServerConfig("full_page_writes", durable);
    String dataDir = properties.dataDir();
    if (dataDir != null && !dataDir.isBlank()) {
      Path dir = Path.of(dataDir).toAbsolutePath();
      Files.createDirectories(dir.getParent());
      builder.setDataDirectory(dir).setCleanDataDirectory(false);
      stopOrphanedServer(dir);
      log.info("Embedded PostgreSQL keeps its data in {}", dir);
    }
    EmbeddedPostgres postgres = builder.start();
    log.info(
        "Embedded PostgreSQL listening on 127.0.0.1:{} ({})",
        postgres.getPort(),
        properties.durable() ? "durable" : "not durable: fsync and synchronous_commit off");
    return postgres;
  }

  /**
   * A server left running by a killed JVM still holds the data folder; stop it so this start can
   * take over the same data (PostgreSQL shuts down cleanly on SIGTERM). Only a process that is
   * provably that server is stopped: the pid file must name this data folder and the process must
   * run zonky's extracted binaries ({@code <tmp>/embedded-pg/PG-<hash>/bin/postgres}). Any other
   * live process in the pid file stops the start instead, because killing it could hit an unrelated
   * program that reused the pid, or a PostgreSQL someone else runs on this folder.
   */
  static void stopOrphanedServer(Path dataDir) throws IOException {
    Path pidFile = dataDir.resolve("postmaster.pid");
    if (!Files.isRegularFile(pidFile)) {
      return;
    }
    List<String> lines = Files.readAllLines(pidFile);
    if (lines.isEmpty() || !lines.getFirst().strip().matches("\\d+")) {
      return;
    }
    long pid = Long.parseLong(lines.getFirst().strip());
    Optional<ProcessHandle> running = ProcessHandle.of(pid).filter(ProcessHandle::isAlive);
    if (running.isEmpty()) {
      return; // a stale pid file: PostgreSQL itself replaces it
    }
    ProcessHandle orphan = running.get();
    String command = orphan.info().command().orElse("");
    boolean ourDataDir = lines.size() > 1 && sameDirectory(lines.get(1).strip(), dataDir);
    if (!ourDataDir || !isEmbeddedPostgres(command)) {
      throw new IllegalStateException(
          "The embedded PostgreSQL data folder "
              + dataDir
              + " is locked by"
              + " process "
              + pid
              + " ("
              + (command.isEmpty() ? "command unknown" : command)
              + "), which is not"
              + " an embedded PostgreSQL left running on this folder by an earlier run, so it is not stopped."
              + " Stop that process, or if nothing uses the folder any more, delete "
              + pidFile
              + "; or set tossbill.database.embedded.data-dir to another folder.");
    }
    log.warn("Stopping an embedded PostgreSQL (pid {}) left running by an earlier run", pid);
    // SIGINT is PostgreSQL's "fast" shutdown: it ends the sessions other nodes still hold and
    // shuts down cleanly. SIGTERM ("smart") would wait for every one of those sessions to end.
    signal(pid, "INT");
    try {
      orphan.onExit().get(30, TimeUnit.SECONDS);
    } catch (TimeoutException e) {
      // "immediate" shutdown: crash recovery replays the WAL at the next start, nothing is lost
      signal(pid, "QUIT");
      try {
        orphan.onExit().get(15, TimeUnit.SECONDS);
      } catch (TimeoutException | ExecutionException | InterruptedException again) {
        throw new IOException(
            "the embedded PostgreSQL left running (pid " + pid + ") did not stop");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while stopping an orphaned PostgreSQL", e);
    } catch (ExecutionException e) {
      throw new IOException("could not stop an orphaned PostgreSQL", e);
    }
  }

  private static void signal(long pid, String signal) throws IOException {
    try {
      new ProcessBuilder("kill", "-" + signal, Long.toString(pid))
          .redirectErrorStream(true)
          .start()
          .waitFor(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while stopping an orphaned PostgreSQL", e);
    }
  }

  /** zonky extracts its binaries under {@code <java.io.tmpdir>/embedded-pg/PG-<hash>/}. */
  static boolean isEmbeddedPostgres(String command) {
    Path path = Path.of(command).normalize();
    return path.getFileName() != null
        && path.getFileName().toString().equals("postgres")
        && command.contains("embedded-pg");
  }

  private static boolean sameDirectory(String pidFileDir, Path dataDir) {
    try {
      return Path.of(pidFileDir)
          .toAbsolutePath()
          .normalize()
          .equals(dataDir.toAbsolutePath().normalize());
    } catch (InvalidPathException e) {
      return false;
    }
  }

  @Bean(destroyMethod = "close")
  DataSource dataSource(EmbeddedPostgres postgres) {
    HikariConfig config = new HikariConfig();
    config.setJdbcUrl(postgres.getJdbcUrl("postgres", "postgres"));
    config.setPoolName("tossbill");
    config.setMaximumPoolSize(20);
    // a batch of inserts goes as multi-row INSERTs: one statement for many rows
    config.addDataSourceProperty("reWriteBatchedInserts", "true");
    return new HikariDataSource(config);
  }
}
