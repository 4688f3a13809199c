package io.tossbill.sandbox;

import java.util.Map;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Import;

/**
 * The sandbox on its own: {@code java -jar toss-sandbox-*-exec.jar --server.port=N} serves Toss's
 * paths at the root. Deliberately not a {@code @Component}, so a host's component scan of {@code
 * io.tossbill} does not pick it up.
 */
@EnableAutoConfiguration
@Import(TossSandboxConfiguration.class)
public class TossSandboxApplication {

  public static void main(String[] args) {
    SpringApplication application = new SpringApplication(TossSandboxApplication.class);
    application.setDefaultProperties(
        Map.of(
            "spring.threads.virtual.enabled", "true",
            "spring.application.name", "toss-sandbox",
            "server.shutdown", "immediate"));
    application.run(args);
  }
}
