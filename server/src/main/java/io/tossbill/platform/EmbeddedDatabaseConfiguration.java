package io.tossbill.platform;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
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
      log.info("Embedded PostgreSQL keeps its data in {}", dir);
    }
    EmbeddedPostgres postgres = builder.start();
    log.info("Embedded PostgreSQL listening on 127.0.0.1:{}", postgres.getPort());
    return postgres;
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
