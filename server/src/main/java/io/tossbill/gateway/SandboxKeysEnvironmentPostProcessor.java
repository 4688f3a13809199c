package io.tossbill.gateway;

import io.tossbill.sandbox.TossSandboxKeys;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.commons.logging.Log;
import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.logging.DeferredLogFactory;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * Sandbox mode: the gateway and the mounted sandbox get one key pair by configuration. Without
 * TOSS_SECRET_KEY/TOSS_CLIENT_KEY the pair is generated on the first start into {@code
 * {toss-sandbox.data-dir}/keys.properties} and read from there afterwards (with no data folder, as
 * in tests, it is generated for the run) and becomes {@code tossbill.toss.secret-key}/{@code
 * client-key}; the effective pair becomes {@code toss-sandbox.secret-key}/{@code client-key}.
 * Outside sandbox mode nothing happens. Nothing secret is logged.
 */
class SandboxKeysEnvironmentPostProcessor implements EnvironmentPostProcessor {

  static final String PROPERTY_SOURCE = "tossbill-sandbox-keys";

  private final Log log;

  SandboxKeysEnvironmentPostProcessor(DeferredLogFactory logFactory) {
    this.log = logFactory.getLog(SandboxKeysEnvironmentPostProcessor.class);
  }

  @Override
  public void postProcessEnvironment(
      ConfigurableEnvironment environment, SpringApplication application) {
    if (!environment.getProperty("tossbill.toss.sandbox", Boolean.class, true)
        || !environment.getProperty("toss-sandbox.enabled", Boolean.class, true)) {
      return;
    }
    String secretKey = environment.getProperty("tossbill.toss.secret-key");
    String clientKey = environment.getProperty("tossbill.toss.client-key");
    Map<String, Object> properties = new LinkedHashMap<>();
    if (isBlank(secretKey) || isBlank(clientKey)) {
      TossSandboxKeys keys = sandboxKeys(environment);
      if (isBlank(secretKey)) {
        secretKey = keys.secretKey();
        properties.put("tossbill.toss.secret-key", secretKey);
      }
      if (isBlank(clientKey)) {
        clientKey = keys.clientKey();
        properties.put("tossbill.toss.client-key", clientKey);
      }
    }
    // the mounted sandbox's merchant is the gateway's (unless the sandbox's keys are set apart)
    if (isBlank(environment.getProperty("toss-sandbox.secret-key"))) {
      properties.put("toss-sandbox.secret-key", secretKey.strip());
      if (isBlank(environment.getProperty("toss-sandbox.client-key"))) {
        properties.put("toss-sandbox.client-key", clientKey.strip());
      }
    }
    environment.getPropertySources().addFirst(new MapPropertySource(PROPERTY_SOURCE, properties));
  }

  private TossSandboxKeys sandboxKeys(ConfigurableEnvironment environment) {
    String dataDir = environment.getProperty("toss-sandbox.data-dir");
    TossSandboxKeys keys;
    if (isBlank(dataDir)) {
      keys = TossSandboxKeys.generate();
      log.info("Toss sandbox: no data folder, so this run has keys of its own");
    } else {
      Path file =
          Path.of(dataDir.strip()).resolve(TossSandboxKeys.FILE_NAME).toAbsolutePath().normalize();
      keys = TossSandboxKeys.readOrCreate(file);
      log.info(
          "Toss sandbox: merchant keys from "
              + file
              + " (client key "
              + keys.clientKey()
              + "; the secret key is in the file). Set TOSS_SECRET_KEY to use other keys.");
    }
    return keys;
  }

  private static boolean isBlank(String value) {
    return value == null || value.isBlank();
  }
}
