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
@Import({TossSandboxConfiguration.class, StandaloneErrors.class})
public class TossSandboxApplication {

  /**
   * Defaults of the standalone sandbox (here and in {@link TossSandboxServer}). It listens on
   * loopback only unless told otherwise ({@code --server.address=0.0.0.0} to serve other hosts).
   * Multipart parsing and the form content filter are off because the sandbox reads every body
   * itself: left on, Spring would parse a body before the sandbox sees it and answer a malformed
   * one with its own 500 instead of Toss's 400 INVALID_REQUEST.
   */
  static final Map<String, String> STANDALONE_DEFAULTS =
      Map.of(
          "server.address", "127.0.0.1",
          "spring.threads.virtual.enabled", "true",
          "spring.application.name", "toss-sandbox",
          "server.shutdown", "immediate",
          "spring.servlet.multipart.enabled", "false",
          "spring.mvc.formcontent.filter.enabled", "false");

  public static void main(String[] args) {
    SpringApplication application = new SpringApplication(TossSandboxApplication.class);
    application.setDefaultProperties(Map.copyOf(STANDALONE_DEFAULTS));
    application.run(args);
  }
}
