package io.tossbill.platform;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.file.Files;
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
    var builder = EmbeddedPostgres.builder().setRegisterShutdownHook(false).setPort(properties.port());
    String dataDir = properties.dataDir();
    if (dataDir != null && !dataDir.isBlank()) {
      Path dir = Path.of(dataDir).toAbsolutePath();
      Files.createDirectories(dir.getParent());
      builder.setDataDirectory(dir).setCleanDataDirectory(false);
      stopOrphanedServer(dir);
      log.info("Embedded PostgreSQL keeps its data in {}", dir);
    }
    EmbeddedPostgres postgres = builder.start();
    log.info("Embedded PostgreSQL listening on 127.0.0.1:{}", postgres.getPort());
    return postgres;
  }

  /**
   * A server left running by a killed JVM still holds the data folder; stop it so this start can
   * take over the same data (PostgreSQL shuts down cleanly on SIGTERM).
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
    Optional<ProcessHandle> orphan = ProcessHandle.of(Long.parseLong(lines.getFirst().strip()))
        .filter(ProcessHandle::isAlive)
        .filter(p -> p.info().command().map(c -> c.contains("postgres")).orElse(false));
    if (orphan.isEmpty()) {
      return;
    }
    log.warn("Stopping an embedded PostgreSQL (pid {}) left running by an earlier run", orphan.get().pid());
    orphan.get().destroy();
    try {
      orphan.get().onExit().get(15, TimeUnit.SECONDS);
    } catch (TimeoutException e) {
      orphan.get().destroyForcibly();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while stopping an orphaned PostgreSQL", e);
    } catch (ExecutionException e) {
      throw new IOException("could not stop an orphaned PostgreSQL", e);
    }
  }

  @Bean(destroyMethod = "close")
  DataSource dataSource(EmbeddedPostgres postgres) {
    HikariConfig config = new HikariConfig();
    config.setJdbcUrl(postgres.getJdbcUrl("postgres", "postgres"));
    config.setPoolName("tossbill");
    config.setMaximumPoolSize(20);
    return new HikariDataSource(config);
  }
}
