package io.tossbill.toss;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * A canned Toss on 127.0.0.1 that records what the client sends and answers what a test tells it.
 */
final class FakeToss implements AutoCloseable {

  static final String SECRET_KEY = "test_sk_zXLkKEypNArWmo50nX3lmeaxYG5R";

  /** What a request looked like on the wire. */
  record Recorded(String method, String rawPath, Headers headers, String body) {
    String header(String name) {
      return headers.getFirst(name);
    }
  }

  /** A canned answer. */
  record Answer(int status, String body, Map<String, String> headers) {}

  private final HttpServer server;
  private final ConcurrentLinkedDeque<Recorded> requests = new ConcurrentLinkedDeque<>();
  private final CountDownLatch released = new CountDownLatch(1);
  private volatile Answer answer = new Answer(200, "{}", Map.of());
  private volatile boolean hang;

  FakeToss() {
    try {
      server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
    server.createContext(
        "/",
        exchange -> {
          try (exchange;
              InputStream in = exchange.getRequestBody()) {
            requests.add(
                new Recorded(
                    exchange.getRequestMethod(),
                    exchange.getRequestURI().getRawPath(),
                    exchange.getRequestHeaders(),
                    new String(in.readAllBytes(), StandardCharsets.UTF_8)));
            if (hang) {
              released.await(30, TimeUnit.SECONDS);
              return;
            }
            Answer current = answer;
            byte[] bytes = current.body().getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange
                .getResponseHeaders()
                .set(TossClient.TRACE_ID_HEADER, "b995605505327307ee57e65de735fa3b");
            current.headers().forEach(exchange.getResponseHeaders()::set);
            exchange.sendResponseHeaders(current.status(), bytes.length == 0 ? -1 : bytes.length);
            if (bytes.length > 0) {
              exchange.getResponseBody().write(bytes);
            }
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
        });
    server.start();
  }

  URI uri() {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
  }

  TossClient.Builder clientBuilder() {
    return TossClient.builder()
        .secretKey(SECRET_KEY)
        .baseUri(uri())
        .readTimeout(Duration.ofSeconds(5));
  }

  TossClient client() {
    return clientBuilder().build();
  }

  FakeToss answer(int status, String body) {
    this.answer = new Answer(status, body, Map.of());
    return this;
  }

  FakeToss answerError(int status, String code, String message) {
    return answer(status, "{\"code\":\"" + code + "\",\"message\":\"" + message + "\"}");
  }

  FakeToss answerResource(int status, String name) {
    return answer(status, resource(name));
  }

  /** Takes the request and never answers, like Toss waiting on a slow card company. */
  FakeToss hang() {
    this.hang = true;
    return this;
  }

  List<Recorded> requests() {
    return List.copyOf(requests);
  }

  Recorded lastRequest() {
    return requests.getLast();
  }

  static String resource(String name) {
    try (InputStream in = FakeToss.class.getResourceAsStream("/toss/" + name)) {
      if (in == null) {
        throw new IllegalArgumentException("no test resource /toss/" + name);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void close() {
    released.countDown();
    server.stop(0);
  }
}
