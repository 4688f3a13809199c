package io.tossbill.sandbox;

import java.util.ArrayList;
import java.util.List;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * A standalone sandbox started from code, for other modules' tests: {@code try (var toss =
 * TossSandboxServer.start()) { client.baseUrl(toss.baseUrl()).secretKey(toss.secretKey()); ... }}.
 * Listens on a free port of 127.0.0.1 unless {@code server.port} is given; extra settings are
 * {@code name=value} strings. Without {@code toss-sandbox.secret-key} it has a random key pair of
 * its own, told by {@link #secretKey()} and {@link #clientKey()}.
 */
public final class TossSandboxServer implements AutoCloseable {

  private final ConfigurableApplicationContext context;

  private TossSandboxServer(ConfigurableApplicationContext context) {
    this.context = context;
  }

  /**
   * Starts a sandbox with the given {@code name=value} properties (e.g. {@code
   * toss-sandbox.hang-duration=2s}).
   */
  public static TossSandboxServer start(String... properties) {
    List<String> all =
        new ArrayList<>(
            List.of("server.port=0", "server.address=127.0.0.1", "spring.main.banner-mode=off"));
    TossSandboxApplication.STANDALONE_DEFAULTS.forEach(
        (name, value) -> all.add(name + "=" + value));
    boolean keysGiven =
        List.of(properties).stream()
            .anyMatch(
                p ->
                    p.startsWith("toss-sandbox.secret-key=")
                        || p.startsWith("toss-sandbox.data-dir="));
    if (!keysGiven) {
      TossSandboxKeys keys = TossSandboxKeys.generate();
      all.add("toss-sandbox.client-key=" + keys.clientKey());
      all.add("toss-sandbox.secret-key=" + keys.secretKey());
    }
    all.addAll(List.of(properties));
    ConfigurableApplicationContext context =
        new SpringApplicationBuilder(TossSandboxApplication.class)
            .properties(all.toArray(String[]::new))
            .run();
    return new TossSandboxServer(context);
  }

  /** The port the sandbox listens on. */
  public int port() {
    return ((WebServerApplicationContext) context).getWebServer().getPort();
  }

  /**
   * Where Toss's API is served, like {@code https://api.tosspayments.com}: {@code
   * http://127.0.0.1:PORT}.
   */
  public String baseUrl() {
    return "http://127.0.0.1:" + port();
  }

  /** The installation's secret key: Basic auth on the API and on every control. */
  public String secretKey() {
    return context.getBean(TossSandboxKeys.class).secretKey();
  }

  /** The installation's client key, for the card window. */
  public String clientKey() {
    return context.getBean(TossSandboxKeys.class).clientKey();
  }

  /** The sandbox's clock, to move time from a test without HTTP. */
  public SandboxClock clock() {
    return context.getBean(SandboxClock.class);
  }

  @Override
  public void close() {
    context.close();
  }
}
