package io.tossbill.platform;

import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Where the embedded PostgreSQL keeps its data when no external database is configured.
 *
 * @param dataDir folder of the embedded cluster; blank means a temporary folder removed at shutdown
 * @param port port of the embedded server on 127.0.0.1; 0 picks a free one
 * @param durable whether a commit survives a crash of the machine (fsync, synchronous commit, full
 *     page writes: PostgreSQL's own defaults). On by default: a committed payment must never be
 *     lost. The tests turn it off for speed; never turn it off for real data.
 */
@ConfigurationProperties("tossbill.database.embedded")
public record DatabaseProperties(
    @Nullable String dataDir, int port, @DefaultValue("true") boolean durable) {}
