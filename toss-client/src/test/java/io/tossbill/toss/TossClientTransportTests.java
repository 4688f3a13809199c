package io.tossbill.toss;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Timeouts and broken connections never turn into a decline: the charge may have happened. */
class TossClientTransportTests {

  static final ChargeRequest REQUEST =
      ChargeRequest.of("customer-1", 4900, "sub-2026-11-0001", "구독");
  static final IdempotencyKey KEY = IdempotencyKey.of("attempt-1");

  @Test
  void unknownWhenTossTakesTheChargeAndNeverAnswers() {
    try (FakeToss toss = new FakeToss().hang();
        TossClient client =
            toss.clientBuilder().chargeReadTimeout(Duration.ofMillis(500)).build()) {
      long started = System.nanoTime();

      ChargeOutcome outcome = client.charge("billing-key-1", REQUEST, KEY);

      assertThat(outcome)
          .isInstanceOfSatisfying(
              ChargeOutcome.Unknown.class,
              unknown -> {
                assertThat(unknown.reason())
                    .contains("no answer from Toss within 500 ms")
                    .contains("may or may not")
                    .contains("sub-2026-11-0001");
                assertThat(unknown.error()).isNull();
                assertThat(unknown.answered()).isFalse();
              });
      assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(5));
      assertThat(toss.requests()).hasSize(1);
    }
  }

  @Test
  void lookupsUseTheirOwnReadTimeoutAndThrow() {
    try (FakeToss toss = new FakeToss().hang();
        TossClient client = toss.clientBuilder().readTimeout(Duration.ofMillis(300)).build()) {
      assertThatExceptionOfType(TossCommunicationException.class)
          .isThrownBy(() -> client.findPaymentByOrderId("sub-2026-11-0001"))
          .withMessageContaining("no answer from Toss within 300 ms");
    }
  }

  @ParameterizedTest
  @ValueSource(booleans = {false, true})
  void unknownWhenTossClosesTheConnectionAfterTheRequest(boolean reset) throws Exception {
    try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      Thread.ofVirtual().start(() -> readOneRequestThenHangUp(server, reset));
      try (TossClient client = clientFor(server.getLocalPort())) {

        ChargeOutcome outcome = client.charge("billing-key-1", REQUEST, KEY);

        assertThat(outcome)
            .isInstanceOfSatisfying(
                ChargeOutcome.Unknown.class,
                unknown ->
                    assertThat(unknown.reason())
                        .contains("failed after the request was sent")
                        .contains("may or may not"));
      }
    }
  }

  @Test
  void unknownButSaysNothingWasSentWhenTheConnectionIsRefused() throws Exception {
    int closedPort;
    try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      closedPort = probe.getLocalPort();
    }
    try (TossClient client = clientFor(closedPort)) {

      ChargeOutcome outcome = client.charge("billing-key-1", REQUEST, KEY);

      assertThat(outcome)
          .isInstanceOfSatisfying(
              ChargeOutcome.Unknown.class,
              unknown ->
                  assertThat(unknown.reason())
                      .contains("never sent")
                      .contains("cannot have carried it out"));
    }
  }

  @Test
  void cancelIsUnknownOnTimeout() {
    try (FakeToss toss = new FakeToss().hang();
        TossClient client = toss.clientBuilder().readTimeout(Duration.ofMillis(300)).build()) {
      assertThat(client.cancel("pay_1", CancelRequest.full("환불"), IdempotencyKey.of("c-1")))
          .isInstanceOf(CancelOutcome.Unknown.class);
    }
  }

  private static TossClient clientFor(int port) {
    return TossClient.builder()
        .secretKey(FakeToss.SECRET_KEY)
        .baseUri(URI.create("http://127.0.0.1:" + port))
        .connectTimeout(Duration.ofSeconds(2))
        .chargeReadTimeout(Duration.ofSeconds(5))
        .build();
  }

  private static void readOneRequestThenHangUp(ServerSocket server, boolean reset) {
    try (Socket socket = server.accept()) {
      InputStream in = socket.getInputStream();
      StringBuilder head = new StringBuilder();
      while (!head.toString().contains("\r\n\r\n")) {
        int b = in.read();
        if (b < 0) {
          return;
        }
        head.append((char) b);
      }
      String headers = head.toString();
      int length =
          headers
              .lines()
              .filter(line -> line.toLowerCase().startsWith("content-length:"))
              .mapToInt(line -> Integer.parseInt(line.substring(line.indexOf(':') + 1).strip()))
              .findFirst()
              .orElse(0);
      in.readNBytes(length);
      if (reset) {
        socket.setSoLinger(true, 0);
      }
    } catch (IOException e) {
      // the client hung up first; the test asserts on what the client saw
    }
  }
}
