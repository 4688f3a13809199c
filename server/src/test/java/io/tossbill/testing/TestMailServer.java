package io.tossbill.testing;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import jakarta.mail.internet.MimeMessage;
import java.util.List;
import java.util.Map;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.MapPropertySource;

/**
 * One real SMTP server (GreenMail) on a free port of 127.0.0.1 for the whole test run, and the
 * initializer that points a Spring context's {@code spring.mail.*} at it.
 */
public final class TestMailServer {

  private static GreenMail server;

  private TestMailServer() {}

  public static synchronized GreenMail get() {
    if (server == null) {
      GreenMail started =
          new GreenMail(new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_SMTP).dynamicPort());
      started.start();
      server = started;
      Runtime.getRuntime().addShutdownHook(new Thread(started::stop, "greenmail-stop"));
    }
    return server;
  }

  /** Every message received so far for {@code address}. */
  public static List<MimeMessage> to(String address) {
    return java.util.Arrays.stream(get().getReceivedMessages())
        .filter(
            m -> {
              try {
                return java.util.Arrays.stream(m.getAllRecipients())
                    .anyMatch(r -> r.toString().equalsIgnoreCase(address));
              } catch (jakarta.mail.MessagingException e) {
                return false;
              }
            })
        .toList();
  }

  /** Points {@code spring.mail.host} and {@code port} at the test SMTP server. */
  public static final class Initializer
      implements ApplicationContextInitializer<ConfigurableApplicationContext> {
    @Override
    public void initialize(ConfigurableApplicationContext context) {
      GreenMail mail = get();
      context
          .getEnvironment()
          .getPropertySources()
          .addFirst(
              new MapPropertySource(
                  "test-mail-server",
                  Map.of(
                      "spring.mail.host",
                      "127.0.0.1",
                      "spring.mail.port",
                      mail.getSmtp().getPort())));
    }
  }
}
