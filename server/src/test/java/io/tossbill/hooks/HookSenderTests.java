package io.tossbill.hooks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

import java.io.IOException;
import java.net.ServerSocket;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;
import org.springframework.transaction.support.TransactionSynchronizationManager;

class HookSenderTests {

  private final HookSender sender =
      new HookSender(
          new Binder(
                  new MapConfigurationPropertySource(
                      Map.of(
                          "tossbill.hooks.connect-timeout", "1s",
                          "tossbill.hooks.response-timeout", "300ms")))
              .bindOrCreate("tossbill.hooks", HookProperties.class));
  private final Receiver receiver = new Receiver();

  @AfterEach
  void close() {
    receiver.close();
  }

  @Test
  void postsTheBodyWithTheStandardWebhooksHeaders() {
    receiver.answer(Receiver.Answer.of(204));

    HookSender.Result result =
        sender.send(receiver.url(), "evt_1", 1700000000, "v1,abc", "{\"a\":\"김\"}");

    assertThat(result.outcome()).isEqualTo(HookSender.Outcome.DELIVERED);
    assertThat(result.statusCode()).isEqualTo(204);
    assertThat(result.latencyMillis()).isNotNegative();
    Receiver.Request got = receiver.requests().getFirst();
    assertThat(got.id()).isEqualTo("evt_1");
    assertThat(got.timestamp()).isEqualTo("1700000000");
    assertThat(got.signature()).isEqualTo("v1,abc");
    assertThat(got.contentType()).isEqualTo("application/json");
    assertThat(got.body()).isEqualTo("{\"a\":\"김\"}");
  }

  @Test
  void anyStatusOutside2xxIsNotDeliveredAndItsAnswerIsKeptInShort() {
    receiver.answer(Receiver.Answer.of(500, "database down\u0000\u001b[31m\nretry later"));

    HookSender.Result result = sender.send(receiver.url(), "evt_2", 1, "v1,x", "{}");

    assertThat(result.outcome()).isEqualTo(HookSender.Outcome.HTTP_ERROR);
    assertThat(result.statusCode()).isEqualTo(500);
    assertThat(result.excerpt()).isEqualTo("database down  [31m\nretry later");
    assertThat(result.summary()).isEqualTo("HTTP 500");
  }

  @Test
  void aRedirectIsNeverFollowed() {
    try (Receiver elsewhere = new Receiver()) {
      receiver.answer(Receiver.Answer.redirect(elsewhere.url()));

      HookSender.Result result = sender.send(receiver.url(), "evt_3", 1, "v1,x", "{}");

      assertThat(result.outcome()).isEqualTo(HookSender.Outcome.REDIRECT);
      assertThat(result.statusCode()).isEqualTo(302);
      assertThat(elsewhere.requests()).isEmpty();
    }
  }

  @Test
  void anEndpointThatDoesNotAnswerInTimeIsATimeout() {
    receiver.answer(Receiver.Answer.hanging());

    HookSender.Result result = sender.send(receiver.url(), "evt_4", 1, "v1,x", "{}");

    assertThat(result.outcome()).isEqualTo(HookSender.Outcome.TIMEOUT);
    assertThat(result.statusCode()).isNull();
    assertThat(result.latencyMillis()).isGreaterThanOrEqualTo(300);
  }

  @Test
  void aClosedPortIsAFailedConnection() throws IOException {
    int port;
    try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      port = socket.getLocalPort();
    }

    HookSender.Result result =
        sender.send("http://127.0.0.1:" + port + "/hooks", "evt_5", 1, "v1,x", "{}");

    assertThat(result.outcome()).isEqualTo(HookSender.Outcome.CONNECTION_FAILED);
    assertThat(result.summary()).startsWith("CONNECTION_FAILED");
  }

  @Test
  void readsAtMostTheStartOfALongAnswer() {
    receiver.answer(Receiver.Answer.of(200, "가".repeat(100_000)));

    HookSender.Result result = sender.send(receiver.url(), "evt_6", 1, "v1,x", "{}");

    assertThat(result.outcome()).isEqualTo(HookSender.Outcome.DELIVERED);
    assertThat(result.excerpt())
        .hasSizeLessThanOrEqualTo(HookSender.EXCERPT_CHARS)
        .startsWith("가가가");
  }

  @Test
  void neverSendsInsideADatabaseTransaction() {
    TransactionSynchronizationManager.setActualTransactionActive(true);
    try {
      assertThatIllegalStateException()
          .isThrownBy(() -> sender.send(receiver.url(), "evt_7", 1, "v1,x", "{}"));
      assertThat(receiver.requests()).isEmpty();
    } finally {
      TransactionSynchronizationManager.setActualTransactionActive(false);
    }
  }
}
