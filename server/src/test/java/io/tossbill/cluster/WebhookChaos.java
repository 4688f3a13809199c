package io.tossbill.cluster;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * A bad network between Toss and tossbill: the sandbox sends its webhooks here (on 127.0.0.1), and
 * each delivery is passed on to a live server node's {@code /webhooks/toss}, or duplicated,
 * delayed, held back until the next one has gone (reordered), or dropped (the sender gets a 503 and
 * nothing reaches the server, so only Toss's own retry brings it). What was done is counted.
 */
final class WebhookChaos implements AutoCloseable {

  private static final List<String> HEADERS =
      List.of(
          "tosspayments-webhook-transmission-id",
          "tosspayments-webhook-transmission-time",
          "tosspayments-webhook-transmission-retried-count",
          "content-type",
          "user-agent");

  final AtomicInteger received = new AtomicInteger();
  final AtomicInteger forwarded = new AtomicInteger();
  final AtomicInteger duplicated = new AtomicInteger();
  final AtomicInteger delayed = new AtomicInteger();
  final AtomicInteger reordered = new AtomicInteger();
  final AtomicInteger dropped = new AtomicInteger();
  final AtomicInteger forwardFailures = new AtomicInteger();

  private final HttpServer server;
  private final ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor();
  private final HttpClient http =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(5))
          .build();
  private final Supplier<String> target;
  private final Random random;
  private volatile boolean chaos;
  private @Nullable Delivery heldBack;

  /** {@code target}: the {@code /webhooks/toss} URL of a node that is up now. */
  WebhookChaos(Supplier<String> target, long seed) throws IOException {
    this.target = target;
    this.random = new Random(seed);
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.setExecutor(threads);
    server.createContext("/webhooks/toss", this::handle);
    server.start();
  }

  String url() {
    return "http://127.0.0.1:" + server.getAddress().getPort() + "/webhooks/toss";
  }

  /** Whether deliveries are tampered with (else each is passed on once, as sent). */
  void chaos(boolean on) {
    chaos = on;
  }

  private record Delivery(Map<String, String> headers, byte[] body) {}

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      byte[] body;
      try (InputStream in = exchange.getRequestBody()) {
        body = in.readAllBytes();
      }
      Map<String, String> headers = new java.util.HashMap<>();
      for (String name : HEADERS) {
        String value = exchange.getRequestHeaders().getFirst(name);
        if (value != null) {
          headers.put(name, value);
        }
      }
      received.incrementAndGet();
      Delivery delivery = new Delivery(headers, body);
      int status = chaos ? tamper(delivery) : forward(delivery);
      exchange.sendResponseHeaders(status, -1);
    }
  }

  /** Picks what happens to one delivery; the status the sender gets. */
  private int tamper(Delivery delivery) {
    double draw;
    synchronized (random) {
      draw = random.nextDouble();
    }
    if (draw < 0.15) { // dropped on the way: the sender sees a failure and retries later
      dropped.incrementAndGet();
      return 503;
    }
    if (draw < 0.30) { // delivered twice, the second copy a little later
      duplicated.incrementAndGet();
      int status = forward(delivery);
      threads.execute(
          () -> {
            pause(200 + draw(800));
            forward(delivery);
          });
      return status;
    }
    if (draw < 0.45) { // late: the sender waits (within Toss's 10 s limit)
      delayed.incrementAndGet();
      pause(500 + draw(2500));
      return forward(delivery);
    }
    if (draw < 0.60) { // reordered: acknowledged now, passed on after the next one
      reordered.incrementAndGet();
      Delivery previous;
      synchronized (this) {
        previous = heldBack;
        heldBack = delivery;
      }
      if (previous != null) {
        forwardEventually(previous);
      }
      threads.execute(
          () -> { // nobody came after it: let it go on its own
            pause(3000);
            Delivery still;
            synchronized (this) {
              still = heldBack == delivery ? delivery : null;
              if (still != null) {
                heldBack = null;
              }
            }
            if (still != null) {
              forwardEventually(still);
            }
          });
      return 200;
    }
    int status = forward(delivery);
    Delivery previous;
    synchronized (this) {
      previous = heldBack;
      heldBack = null;
    }
    if (previous != null) {
      forwardEventually(previous); // the held-back one arrives after this newer one
    }
    return status;
  }

  private int draw(int bound) {
    synchronized (random) {
      return random.nextInt(bound);
    }
  }

  /** One already acknowledged to the sender must arrive: tries until a node takes it. */
  private void forwardEventually(Delivery delivery) {
    for (int i = 0; i < 120; i++) {
      if (forward(delivery) == 200) {
        return;
      }
      pause(500);
    }
  }

  private int forward(Delivery delivery) {
    try {
      HttpRequest.Builder request =
          HttpRequest.newBuilder(URI.create(target.get()))
              .timeout(Duration.ofSeconds(10))
              .POST(HttpRequest.BodyPublishers.ofByteArray(delivery.body()));
      delivery.headers().forEach(request::header);
      int status = http.send(request.build(), HttpResponse.BodyHandlers.discarding()).statusCode();
      if (status == 200) {
        forwarded.incrementAndGet();
      } else {
        forwardFailures.incrementAndGet();
      }
      return status;
    } catch (IOException | RuntimeException e) {
      forwardFailures.incrementAndGet();
      return 502;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return 502;
    }
  }

  private static void pause(long millis) {
    try {
      Thread.sleep(millis); // the fault itself: a delivery held on the wire
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** The counters as one cell of the trial table. */
  String summary() {
    return "in "
        + received.get()
        + ", passed "
        + forwarded.get()
        + ", dup "
        + duplicated.get()
        + ", late "
        + delayed.get()
        + ", reord "
        + reordered.get()
        + ", drop "
        + dropped.get();
  }

  void reset() {
    for (AtomicInteger counter :
        new ArrayList<>(
            List.of(
                received, forwarded, duplicated, delayed, reordered, dropped, forwardFailures))) {
      counter.set(0);
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
