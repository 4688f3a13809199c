package io.tossbill.sandbox;

import java.util.Optional;
import org.springframework.core.env.Environment;

/**
 * The web server the sandbox runs in (standalone: its own; mounted: the host's), for webhook
 * targets given as a path such as {@code /webhooks/toss}.
 */
final class LocalServer {

  private final Environment environment;

  LocalServer(Environment environment) {
    this.environment = environment;
  }

  /**
   * {@code http://address:port{context-path}{path}}, once the server listens; a wildcard address is
   * reached on loopback.
   */
  Optional<String> url(String path) {
    String port = environment.getProperty("local.server.port");
    if (port == null) {
      return Optional.empty();
    }
    String address = environment.getProperty("server.address", "127.0.0.1").strip();
    if (address.isEmpty() || address.equals("0.0.0.0") || address.equals("::")) {
      address = "127.0.0.1";
    } else if (address.contains(":") && !address.startsWith("[")) {
      address = "[" + address + "]";
    }
    String contextPath = environment.getProperty("server.servlet.context-path", "");
    if (contextPath.endsWith("/")) {
      contextPath = contextPath.substring(0, contextPath.length() - 1);
    }
    return Optional.of("http://" + address + ":" + port + contextPath + path);
  }
}
