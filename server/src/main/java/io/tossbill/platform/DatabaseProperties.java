package io.tossbill.platform;

import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Where the embedded PostgreSQL keeps its data when no external database is configured.
 *
 * @param dataDir folder of the embedded cluster; blank means a temporary folder removed at shutdown
 * @param port port of the embedded server on 127.0.0.1; 0 picks a free one
 */
@ConfigurationProperties("tossbill.database.embedded")
public record DatabaseProperties(@Nullable String dataDir, int port) {}
