package io.tossbill.platform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;
import static org.assertj.core.api.Assertions.assertThatNoException;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Only an embedded PostgreSQL of the same data folder is ever stopped; anything else stops the
 * start.
 */
class EmbeddedDatabaseConfigurationTests {

  @TempDir Path temp;

  @Test
  void leavesAStalePidFileToPostgres() throws Exception {
    Path dataDir = Files.createDirectories(temp.resolve("data"));
    Files.write(dataDir.resolve("postmaster.pid"), List.of("2147483646", dataDir.toString()));

    assertThatNoException()
        .isThrownBy(() -> EmbeddedDatabaseConfiguration.stopOrphanedServer(dataDir));
  }

  @Test
  void refusesToStartInsteadOfKillingAProcessThatIsNotAnEmbeddedPostgres() throws Exception {
    Path dataDir = Files.createDirectories(temp.resolve("data"));
    long self = ProcessHandle.current().pid(); // alive, and certainly not PostgreSQL
    Files.write(
        dataDir.resolve("postmaster.pid"), List.of(String.valueOf(self), dataDir.toString()));

    assertThatIllegalStateException()
        .isThrownBy(() -> EmbeddedDatabaseConfiguration.stopOrphanedServer(dataDir))
        .withMessageContaining("process " + self)
        .withMessageContaining("delete " + dataDir.resolve("postmaster.pid"));
  }

  @Test
  void stopsOnlyTheEmbeddedPostgresOfTheSameDataFolder() throws Exception {
    Path dataDir = temp.resolve("orphan");
    Path otherDir = Files.createDirectories(temp.resolve("other"));
    EmbeddedPostgres orphan =
        EmbeddedPostgres.builder()
            .setRegisterShutdownHook(false)
            .setDataDirectory(dataDir)
            .setCleanDataDirectory(false)
            .start();
    try {
      List<String> pidFile = Files.readAllLines(dataDir.resolve("postmaster.pid"));
      ProcessHandle postmaster =
          ProcessHandle.of(Long.parseLong(pidFile.getFirst().strip())).orElseThrow();
      assertThat(
              EmbeddedDatabaseConfiguration.isEmbeddedPostgres(
                  postmaster.info().command().orElseThrow()))
          .as("zonky's binary path %s", postmaster.info().command())
          .isTrue();

      // the same pid file copied into another folder: the process is real but not that folder's
      Files.write(otherDir.resolve("postmaster.pid"), pidFile);
      assertThatIllegalStateException()
          .isThrownBy(() -> EmbeddedDatabaseConfiguration.stopOrphanedServer(otherDir));
      assertThat(postmaster.isAlive()).isTrue();

      EmbeddedDatabaseConfiguration.stopOrphanedServer(dataDir);
      assertThat(postmaster.onExit().get().isAlive()).isFalse();
    } finally {
      try {
        orphan.close();
      } catch (Exception e) {
        // already stopped by the test
      }
    }
  }

  /**
   * Another node still holds sessions on the orphan (several nodes on one database): it is shut
   * down the "fast" way, which ends those sessions, and the same data folder starts again.
   */
  @Test
  void stopsAnOrphanWhoseSessionsAnotherNodeStillHoldsAndStartsAgainOnItsData() throws Exception {
    Path dataDir = temp.resolve("shared");
    EmbeddedPostgres orphan =
        EmbeddedPostgres.builder()
            .setRegisterShutdownHook(false)
            .setDataDirectory(dataDir)
            .setCleanDataDirectory(false)
            .start();
    try (java.sql.Connection otherNode = orphan.getPostgresDatabase().getConnection()) {
      otherNode.createStatement().execute("CREATE TABLE kept (id int)");
      List<String> pidFile = Files.readAllLines(dataDir.resolve("postmaster.pid"));
      ProcessHandle postmaster =
          ProcessHandle.of(Long.parseLong(pidFile.getFirst().strip())).orElseThrow();

      EmbeddedDatabaseConfiguration.stopOrphanedServer(dataDir);

      assertThat(postmaster.onExit().get().isAlive()).isFalse();
      org.assertj.core.api.Assertions.assertThatThrownBy(
              () -> otherNode.createStatement().execute("SELECT 1"))
          .isInstanceOf(java.sql.SQLException.class);
    } finally {
      try {
        orphan.close();
      } catch (Exception e) {
        // already stopped by the test
      }
    }
    try (EmbeddedPostgres again =
            EmbeddedPostgres.builder()
                .setRegisterShutdownHook(false)
                .setDataDirectory(dataDir)
                .setCleanDataDirectory(false)
                .start();
        java.sql.Connection connection = again.getPostgresDatabase().getConnection()) {
      assertThat(connection.createStatement().executeQuery("SELECT count(*) FROM kept").next())
          .isTrue();
    }
  }

  @Test
  void recognisesZonkysExtractedBinaryOnly() {
    assertThat(
            EmbeddedDatabaseConfiguration.isEmbeddedPostgres(
                "/tmp/embedded-pg/PG-8633e0cc222b6e8c5af57b0768a0fd0d/bin/postgres"))
        .isTrue();
    assertThat(
            EmbeddedDatabaseConfiguration.isEmbeddedPostgres("/usr/lib/postgresql/17/bin/postgres"))
        .isFalse();
    assertThat(EmbeddedDatabaseConfiguration.isEmbeddedPostgres("/tmp/embedded-pg/PG-1/bin/pg_ctl"))
        .isFalse();
    assertThat(EmbeddedDatabaseConfiguration.isEmbeddedPostgres("")).isFalse();
  }
}
