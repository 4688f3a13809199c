package io.tossbill.sandbox;

import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where the installation's key pair comes from: the configuration, else the key file in the data
 * folder (generated there on the first start), else a pair generated for this run only and shown
 * once in the log, since nothing else could tell it.
 */
final class InstallationKeys {

  private static final Logger log = LoggerFactory.getLogger(InstallationKeys.class);

  private InstallationKeys() {}

  static TossSandboxKeys resolve(TossSandboxProperties properties) {
    TossSandboxKeys configured = properties.configuredKeys();
    if (configured != null) {
      log.info("toss-sandbox: configured keys, client key {}", configured.clientKey());
      return configured;
    }
    if (properties.dataDir() != null) {
      Path file =
          properties.dataDir().resolve(TossSandboxKeys.FILE_NAME).toAbsolutePath().normalize();
      TossSandboxKeys stored = TossSandboxKeys.readOrCreate(file);
      log.info(
          "toss-sandbox: keys from {} (client key {}; the secret key is in the file)",
          file,
          stored.clientKey());
      return stored;
    }
    TossSandboxKeys generated = TossSandboxKeys.generate();
    log.warn(
        "toss-sandbox: no keys configured and no data-dir, so this run has its own: client key {},"
            + " secret key {}. They end with this run; set toss-sandbox.secret-key or"
            + " toss-sandbox.data-dir to keep a pair.",
        generated.clientKey(),
        generated.secretKey());
    return generated;
  }
}
