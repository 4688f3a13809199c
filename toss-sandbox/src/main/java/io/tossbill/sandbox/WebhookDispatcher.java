package io.tossbill.sandbox;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/**
 * Sends PAYMENT_STATUS_CHANGED and BILLING_DELETED like Toss: POST with the transmission headers,
 * only HTTP 200 within the timeout counts, retries 1, 4, 16, 64, 256, 1024 and 4096 minutes after
 * each failure on the sandbox clock. A background loop sends due deliveries; nothing blocks an API
 * response.
 */
final class WebhookDispatcher implements SmartLifecycle {

  static final long[] RETRY_MINUTES = {1, 4, 16, 64, 256, 1024, 4096};

  /**
   * Finished deliveries (DELIVERED or FAILED) kept for the controls: the most recent ones by
   * creation. Older ones are forgotten once a tenth more have piled up; pending ones are always
   * kept.
   */
  static final int KEPT_FINISHED = 10_000;

  private static final int PRUNE_SLACK = KEPT_FINISHED / 10;

  private static final Logger log = LoggerFactory.getLogger(WebhookDispatcher.class);

  private static final Comparator<WebhookDelivery> ORDER =
      Comparator.comparing(WebhookDelivery::createdAt)
          .thenComparing(WebhookDelivery::transmissionId);

  private final Map<String, WebhookDelivery> deliveries = new ConcurrentHashMap<>();
  private final SandboxClock clock;
  private final TossSandboxProperties properties;
  private final SandboxJson json;
  private final Changes changes;
  private final LocalServer localServer;
  private final Object monitor = new Object();
  private final HttpClient client;
  private volatile int pruneAtSize = KEPT_FINISHED + PRUNE_SLACK;
  private volatile boolean running;
  private @Nullable ExecutorService senders;
  private @Nullable Thread loop;

  WebhookDispatcher(
      SandboxClock clock,
      TossSandboxProperties properties,
      SandboxJson json,
      Changes changes,
      LocalServer localServer) {
    this.clock = clock;
    this.properties = properties;
    this.json = json;
    this.changes = changes;
    this.localServer = localServer;
    this.client =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(properties.webhookTimeout())
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();
    clock.onChange(this::wake);
  }

  /**
   * Queues an event for the merchant's webhook URL (its own, else toss-sandbox.webhook-url, a path
   * of which is resolved against this application's own server); none set, none sent.
   */
  void enqueue(MerchantState merchant, String eventType, Map<String, @Nullable Object> data) {
    String configured = merchant.webhookUrl != null ? merchant.webhookUrl : properties.webhookUrl();
    if (configured == null) {
      return;
    }
    String url = configured.startsWith("/") ? localServer.url(configured).orElse(null) : configured;
    if (url == null) {
      log.warn(
          "toss-sandbox: {} not sent: the web server's port for {} is not known yet",
          eventType,
          configured);
      return;
    }
    Instant now = clock.instant();
    Map<String, @Nullable Object> body = new LinkedHashMap<>();
    body.put("eventType", eventType);
    body.put("createdAt", Times.webhookCreatedAt(now));
    body.put("data", data);
    WebhookDelivery delivery =
        new WebhookDelivery(
            Ids.transmissionId(),
            merchant.secretKey,
            merchant.mId,
            eventType,
            url,
            json.writeString(body),
            now,
            WebhookDelivery.Status.PENDING,
            0,
            now,
            List.of());
    deliveries.put(delivery.transmissionId(), delivery);
    pruneIfDue();
    changes.fire();
    wake();
  }

  /**
   * Forgets the oldest finished deliveries beyond {@link #KEPT_FINISHED}, when the map has grown a
   * tenth past the last look, so the sort is paid once per {@link #PRUNE_SLACK} new deliveries.
   */
  private void pruneIfDue() {
    if (deliveries.size() < pruneAtSize) {
      return;
    }
    synchronized (deliveries) {
      if (deliveries.size() < pruneAtSize) {
        return;
      }
      List<WebhookDelivery> finished =
          deliveries.values().stream()
              .filter(
                  d ->
                      d.status() == WebhookDelivery.Status.DELIVERED
                          || d.status() == WebhookDelivery.Status.FAILED)
              .sorted(ORDER)
              .toList();
      finished
          .subList(0, Math.max(0, finished.size() - KEPT_FINISHED))
          .forEach(d -> deliveries.remove(d.transmissionId(), d));
      pruneAtSize = Math.max(KEPT_FINISHED, deliveries.size()) + PRUNE_SLACK;
    }
  }

  List<WebhookDelivery> deliveries(@Nullable String secretKey) {
    return deliveries.values().stream()
        .filter(d -> secretKey == null || d.secretKey().equals(secretKey))
        .sorted(ORDER)
        .toList();
  }

  void reset(@Nullable String secretKey) {
    deliveries.values().removeIf(d -> secretKey == null || d.secretKey().equals(secretKey));
    pruneAtSize = Math.max(KEPT_FINISHED, deliveries.size()) + PRUNE_SLACK;
    changes.fire();
  }

  List<WebhookDelivery> snapshot() {
    return List.copyOf(deliveries.values());
  }

  void restore(List<WebhookDelivery> restored) {
    restored.forEach(
        d ->
            deliveries.put(
                d.transmissionId(),
                d.status() == WebhookDelivery.Status.SENDING ? d.pendingAgain() : d));
    pruneIfDue();
  }

  void wake() {
    synchronized (monitor) {
      monitor.notifyAll();
    }
  }

  @Override
  public void start() {
    running = true;
    senders =
        Executors.newThreadPerTaskExecutor(
            Thread.ofVirtual().name("toss-sandbox-webhook-", 0).factory());
    loop = Thread.ofPlatform().daemon().name("toss-sandbox-webhooks").start(this::runLoop);
  }

  @Override
  public void stop() {
    running = false;
    wake();
    Thread current = loop;
    if (current != null) {
      try {
        current.join(2000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    ExecutorService executor = senders;
    if (executor != null) {
      executor.shutdownNow();
    }
  }

  @Override
  public boolean isRunning() {
    return running;
  }

  private void runLoop() {
    while (running) {
      try {
        dispatchDue();
        synchronized (monitor) {
          monitor.wait(properties.webhookPollInterval().toMillis());
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      } catch (RuntimeException e) {
        log.warn("toss-sandbox webhook loop: {}", e.toString());
      }
    }
  }

  private void dispatchDue() {
    Instant now = clock.instant();
    ExecutorService executor = senders;
    if (executor == null) {
      return;
    }
    for (WebhookDelivery delivery : deliveries.values()) {
      Instant due = delivery.nextAttemptAt();
      if (delivery.status() == WebhookDelivery.Status.PENDING && due != null && !due.isAfter(now)) {
        WebhookDelivery claimed = delivery.sending();
        if (deliveries.replace(delivery.transmissionId(), delivery, claimed)) {
          executor.execute(() -> send(claimed));
        }
      }
    }
  }

  private void send(WebhookDelivery delivery) {
    Instant at = clock.instant();
    long started = System.nanoTime();
    Integer statusCode = null;
    String error = null;
    try {
      HttpRequest request =
          HttpRequest.newBuilder(URI.create(delivery.url()))
              .timeout(properties.webhookTimeout())
              .header("Content-Type", "application/json")
              .header("tosspayments-webhook-transmission-time", Times.api(at))
              .header("tosspayments-webhook-transmission-id", delivery.transmissionId())
              .header(
                  "tosspayments-webhook-transmission-retried-count",
                  Integer.toString(delivery.retriedCount()))
              .POST(HttpRequest.BodyPublishers.ofString(delivery.body()))
              .build();
      statusCode = client.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      error = "interrupted";
    } catch (Exception e) {
      error = e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
    }
    WebhookDelivery.Attempt attempt =
        new WebhookDelivery.Attempt(
            delivery.retriedCount(),
            at,
            statusCode,
            error,
            Duration.ofNanos(System.nanoTime() - started).toMillis());
    WebhookDelivery updated;
    if (statusCode != null && statusCode == 200) {
      updated = delivery.after(attempt, WebhookDelivery.Status.DELIVERED, null);
    } else if (delivery.retriedCount() < RETRY_MINUTES.length) {
      Instant next =
          clock.instant().plus(Duration.ofMinutes(RETRY_MINUTES[delivery.retriedCount()]));
      updated = delivery.after(attempt, WebhookDelivery.Status.PENDING, next);
    } else {
      updated = delivery.after(attempt, WebhookDelivery.Status.FAILED, null);
    }
    deliveries.replace(delivery.transmissionId(), delivery, updated);
    changes.fire();
  }
}
