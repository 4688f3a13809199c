package io.tossbill.cluster;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.tossbill.hooks.WebhookVerifier;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A merchant's server receiving tossbill's outgoing webhooks, on 127.0.0.1. Every delivery is
 * checked as docs/webhooks-out.md tells a merchant to (the {@code webhook-id} header is the body's
 * {@code id}; the signature is valid for the endpoint's secret) and recorded with how it was
 * answered. When flaky, each delivery is answered at random (seeded): a quick 2xx, a 5xx, too
 * slowly (after the server's response timeout, so the server gives up and tries again), or slowly
 * but within it; otherwise every delivery gets a quick 2xx.
 */
final class MerchantReceiver implements AutoCloseable {

  /** How one delivery was answered. */
  enum Answer {
    /** 204 at once. */
    QUICK,
    /** 200 after a pause well within the server's response timeout. */
    SLOW_IN_TIME,
    /** 500, 502 or 503 at once. */
    SERVER_ERROR,
    /** 200 only after the server's response timeout: the server has given up by then. */
    TOO_SLOW,
    /** 401: the signature or the id did not check out. */
    REFUSED
  }

  /**
   * One delivery as it arrived.
   *
   * @param eventId the {@code webhook-id} header
   * @param accepted whether it was answered 2xx within the server's timeout (the 2xx was written)
   */
  record Receipt(String eventId, Answer answer, boolean signatureValid, boolean accepted) {}

  private static final JsonMapper JSON = JsonMapper.builder().build();

  private final HttpServer server;
  private final ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor();
  private final Random random;
  private final Duration responseTimeout;
  private final List<Receipt> receipts = new ArrayList<>();
  private final Map<Answer, AtomicInteger> answers = new EnumMap<>(Answer.class);
  private final AtomicInteger inFlight = new AtomicInteger();
  private volatile @Nullable WebhookVerifier verifier;
  private volatile boolean flaky;

  /** {@code responseTimeout}: the nodes' {@code tossbill.hooks.response-timeout}. */
  MerchantReceiver(long seed, Duration responseTimeout) throws IOException {
    this.random = new Random(seed);
    this.responseTimeout = responseTimeout;
    for (Answer answer : Answer.values()) {
      answers.put(answer, new AtomicInteger());
    }
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.setExecutor(threads);
    server.createContext("/tossbill-webhooks", this::handle);
    server.start();
  }

  String url() {
    return "http://127.0.0.1:" + server.getAddress().getPort() + "/tossbill-webhooks";
  }

  /** The endpoint's signing secret, as its creation answered it. */
  void secret(String secret) {
    verifier = new WebhookVerifier(secret);
  }

  /** Whether deliveries are answered at random (else each with a quick 2xx). */
  void flaky(boolean on) {
    flaky = on;
  }

  /** Every delivery received so far, in the order they arrived. */
  synchronized List<Receipt> receipts() {
    return List.copyOf(receipts);
  }

  /** Deliveries still being answered. */
  int inFlight() {
    return inFlight.get();
  }

  /** The answers given since the last reset, as one cell of the trial table. */
  String summary() {
    return String.format(
        Locale.ROOT,
        "receiver answered 2xx %d, slow 2xx %d, 5xx %d, too slow %d",
        answers.get(Answer.QUICK).get(),
        answers.get(Answer.SLOW_IN_TIME).get(),
        answers.get(Answer.SERVER_ERROR).get(),
        answers.get(Answer.TOO_SLOW).get());
  }

  void resetCounts() {
    answers.values().forEach(counter -> counter.set(0));
  }

  private void handle(HttpExchange exchange) throws IOException {
    inFlight.incrementAndGet();
    try (exchange) {
      byte[] bytes;
      try (InputStream in = exchange.getRequestBody()) {
        bytes = in.readAllBytes();
      }
      String body = new String(bytes, StandardCharsets.UTF_8);
      String id = String.valueOf(exchange.getRequestHeaders().getFirst("webhook-id"));
      boolean valid = valid(exchange, id, body);
      Answer answer = valid ? draw() : Answer.REFUSED;
      answers.get(answer).incrementAndGet();
      int status =
          switch (answer) {
            case QUICK -> 204;
            case SLOW_IN_TIME -> {
              pause(100 + between(0, (int) (responseTimeout.toMillis() / 4)));
              yield 200;
            }
            case SERVER_ERROR -> new int[] {500, 502, 503}[between(0, 3)];
            case TOO_SLOW -> {
              pause(responseTimeout.toMillis() + 1500);
              yield 200;
            }
            case REFUSED -> 401;
          };
      boolean written;
      try {
        exchange.sendResponseHeaders(status, -1);
        written = true;
      } catch (IOException gone) {
        written = false; // the sender closed the connection first
      }
      boolean accepted = written && (answer == Answer.QUICK || answer == Answer.SLOW_IN_TIME);
      synchronized (this) {
        receipts.add(new Receipt(id, answer, valid, accepted));
      }
    } finally {
      inFlight.decrementAndGet();
    }
  }

  /** The id in the header is the body's, and a signature is valid for the endpoint's secret. */
  private boolean valid(HttpExchange exchange, String id, String body) {
    WebhookVerifier check = verifier;
    if (check == null) {
      return false;
    }
    try {
      JsonNode json = JSON.readTree(body);
      if (!id.equals(json.path("id").asString())) {
        return false;
      }
      check.verify(
          id,
          String.valueOf(exchange.getRequestHeaders().getFirst("webhook-timestamp")),
          String.valueOf(exchange.getRequestHeaders().getFirst("webhook-signature")),
          body,
          Instant.now());
      return true;
    } catch (RuntimeException e) { // a bad signature (SecurityException) or a body not JSON
      return false;
    }
  }

  private Answer draw() {
    if (!flaky) {
      return Answer.QUICK;
    }
    double draw;
    synchronized (random) {
      draw = random.nextDouble();
    }
    if (draw < 0.20) {
      return Answer.SERVER_ERROR;
    }
    if (draw < 0.35) {
      return Answer.TOO_SLOW;
    }
    if (draw < 0.55) {
      return Answer.SLOW_IN_TIME;
    }
    return Answer.QUICK;
  }

  private int between(int from, int to) {
    synchronized (random) {
      return from + random.nextInt(Math.max(1, to - from));
    }
  }

  private static void pause(long millis) {
    try {
      Thread.sleep(millis); // the fault itself: a receiver slow to answer
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public void close() {
    server.stop(0);
    threads.shutdownNow();
    try {
      threads.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
