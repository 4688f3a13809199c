package io.tossbill.hooks;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A merchant's webhook receiver on 127.0.0.1 for tests: records every request (headers and body
 * bytes as received) and answers as told, request by request (200 once the script is used up). A
 * "hang" answer holds the request until the receiver is closed, so the sender's timeout fires.
 */
final class Receiver implements AutoCloseable {

  /** One request as it arrived. */
  record Request(String id, String timestamp, String signature, String contentType, String body) {
    JsonNode json() {
      return JSON.readTree(body);
    }
  }

  /** How to answer one request. */
  record Answer(int status, String body, Map<String, String> headers, boolean hang) {
    static Answer of(int status) {
      return new Answer(status, "", Map.of(), false);
    }

    static Answer of(int status, String body) {
      return new Answer(status, body, Map.of(), false);
    }

    static Answer redirect(String to) {
      return new Answer(302, "", Map.of("Location", to), false);
    }

    static Answer hanging() {
      return new Answer(200, "", Map.of(), true);
    }
  }

  private static final JsonMapper JSON = JsonMapper.builder().build();

  private final HttpServer server;
  private final List<Request> requests = new CopyOnWriteArrayList<>();
  private final ConcurrentLinkedQueue<Answer> script = new ConcurrentLinkedQueue<>();
  private final CountDownLatch closing = new CountDownLatch(1);

  Receiver() {
    try {
      server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
    server.createContext("/", this::handle);
    server.start();
  }

  String url() {
    return "http://127.0.0.1:" + server.getAddress().getPort() + "/hooks";
  }

  /** Answers the next requests in this order. */
  Receiver answer(Answer... answers) {
    script.addAll(List.of(answers));
    return this;
  }

  List<Request> requests() {
    return List.copyOf(requests);
  }

  private void handle(HttpExchange exchange) throws IOException {
    byte[] body = exchange.getRequestBody().readAllBytes();
    var headers = exchange.getRequestHeaders();
    requests.add(
        new Request(
            String.valueOf(headers.getFirst("webhook-id")),
            String.valueOf(headers.getFirst("webhook-timestamp")),
            String.valueOf(headers.getFirst("webhook-signature")),
            String.valueOf(headers.getFirst("Content-Type")),
            new String(body, StandardCharsets.UTF_8)));
    Answer answer = script.poll();
    if (answer == null) {
      answer = Answer.of(200, "{\"ok\":true}");
    }
    if (answer.hang()) {
      try {
        closing.await(60, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    answer.headers().forEach((k, v) -> exchange.getResponseHeaders().add(k, v));
    byte[] out = answer.body().getBytes(StandardCharsets.UTF_8);
    try {
      exchange.sendResponseHeaders(answer.status(), out.length == 0 ? -1 : out.length);
      if (out.length > 0) {
        try (OutputStream stream = exchange.getResponseBody()) {
          stream.write(out);
        }
      }
    } catch (IOException gone) {
      // the sender gave up (timeout) and closed the connection
    } finally {
      exchange.close();
    }
  }

  @Override
  public void close() {
    closing.countDown();
    server.stop(0);
  }
}
