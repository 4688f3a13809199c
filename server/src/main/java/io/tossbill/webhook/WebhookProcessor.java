package io.tossbill.webhook;

import io.tossbill.gateway.PaymentGateway;
import io.tossbill.platform.Text;
import io.tossbill.toss.Payment;
import io.tossbill.toss.TossApiException;
import io.tossbill.webhook.WebhookDeliveries.Delivery;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

/**
 * Turns a stored delivery into at most one published event. A payment event is believed only after
 * reading the payment back from Toss, outside any transaction; the outcome is then written with a
 * compare-and-set in a short transaction that also publishes the event, so a redelivery, a second
 * node or a crash between the steps changes the state (and publishes) once.
 */
@Service
class WebhookProcessor {

  static final String PAYMENT_STATUS_CHANGED = "PAYMENT_STATUS_CHANGED";
  static final String BILLING_DELETED = "BILLING_DELETED";

  private static final Logger log = LoggerFactory.getLogger(WebhookProcessor.class);
  private static final int MAX_ERROR_LENGTH = 1000;

  private final WebhookDeliveries deliveries;
  private final PaymentGateway gateway;
  private final ApplicationEventPublisher events;
  private final TransactionTemplate transaction;
  private final WebhookProperties properties;
  private final WebhookMetrics metrics;
  private final Clock clock;

  WebhookProcessor(
      WebhookDeliveries deliveries,
      PaymentGateway gateway,
      ApplicationEventPublisher events,
      TransactionTemplate transaction,
      WebhookProperties properties,
      WebhookMetrics metrics,
      Clock clock) {
    this.deliveries = deliveries;
    this.gateway = gateway;
    this.events = events;
    this.transaction = transaction;
    this.properties = properties;
    this.metrics = metrics;
    this.clock = clock;
  }

  /** Processes one delivery if it is still open; never throws for what Toss answers. */
  void process(long deliveryId) {
    Optional<Delivery> found = deliveries.find(deliveryId);
    if (found.isEmpty() || !found.get().status().isOpen()) {
      return;
    }
    Delivery delivery = found.get();
    Decision decision = decide(delivery);
    Instant now = clock.instant();
    TossWebhookStatus outcome = transaction.execute(status -> apply(delivery, decision, now));
    if (outcome == null) {
      return; // someone else moved it first: their outcome stands
    }
    metrics.processed(delivery.eventType(), outcome);
    // What came in a request is logged bounded and sanitised: a forged body cannot write log lines
    // of its own or flood the log.
    String transmission = Text.forLog(delivery.transmissionId(), 80);
    String type = Text.forLog(delivery.eventType(), 40);
    String detail = Text.forLog(decision.detail(), 240);
    switch (outcome) {
      case PENDING_RETRY, FAILED ->
          log.warn(
              "Toss webhook {} ({}): attempt {} could not read the payment" + " back, now {}: {}",
              transmission,
              type,
              delivery.attempts() + 1,
              outcome,
              detail);
      case REJECTED -> log.warn("Toss webhook {} ({}) rejected: {}", transmission, type, detail);
      default -> log.debug("Toss webhook {} ({}): {}", transmission, type, outcome);
    }
  }

  /**
   * Claims due deliveries (a retry, or one whose immediate processing was lost) and processes them.
   */
  int processDue() {
    Instant now = clock.instant();
    List<Long> claimed =
        transaction.execute(
            status ->
                deliveries.claimDue(
                    now, now.plus(properties.claimLease()), properties.batchSize()));
    if (claimed == null) {
      return 0;
    }
    for (long id : claimed) {
      try {
        process(id);
      } catch (RuntimeException e) {
        // the lease runs out and the next run tries again
        log.error("Processing Toss webhook delivery {} failed", id, e);
      }
    }
    return claimed.size();
  }

  private @Nullable TossWebhookStatus apply(Delivery delivery, Decision decision, Instant now) {
    int attempt = delivery.attempts() + 1;
    TossWebhookStatus to = decision.status();
    if (to == TossWebhookStatus.PENDING_RETRY && attempt >= properties.maxAttempts()) {
      to = TossWebhookStatus.FAILED;
    }
    Instant next =
        to == TossWebhookStatus.PENDING_RETRY ? now.plus(properties.backoffAfter(attempt)) : null;
    Instant processedAt = to.isOpen() || to == TossWebhookStatus.FAILED ? null : now;
    String error =
        to == TossWebhookStatus.PROCESSED || to == TossWebhookStatus.IGNORED
            ? null
            : decision.detail();
    if (!deliveries.move(delivery, to, next, error, processedAt)) {
      return null;
    }
    deliveries.recordAttempt(delivery.id(), attempt, to, decision.detail(), now);
    if (decision.event() != null) {
      events.publishEvent(decision.event());
    }
    return to;
  }

  private Decision decide(Delivery delivery) {
    String type = delivery.eventType();
    if (type == null) {
      return Decision.ignore("no eventType in the body");
    }
    JsonNode data;
    try {
      data = WebhookInbox.JSON.readTree(delivery.rawBody()).path("data");
    } catch (JacksonException e) {
      return Decision.reject("the stored body is not JSON");
    }
    return switch (type) {
      case PAYMENT_STATUS_CHANGED -> paymentStatusChanged(delivery, data);
      case BILLING_DELETED -> billingDeleted(delivery, data);
      default -> Decision.ignore("tossbill does not act on " + abbreviate(type, 60));
    };
  }

  private Decision paymentStatusChanged(Delivery delivery, JsonNode data) {
    // Toss's limits: paymentKey at most 200 characters, orderId at most 64; longer is not Toss's.
    String paymentKey = text(data, "paymentKey", 200);
    String orderId = text(data, "orderId", 64);
    if (paymentKey == null && orderId == null) {
      return Decision.reject("the body names neither a paymentKey nor an orderId");
    }
    Optional<Payment> payment;
    try {
      // The body is unsigned: only Toss's answer to our own authenticated lookup is believed.
      payment = paymentKey != null ? gateway.findPayment(paymentKey) : Optional.empty();
      if (payment.isEmpty() && orderId != null) {
        payment = gateway.findPaymentByOrderId(orderId);
      }
    } catch (TossApiException e) {
      // Toss refused our lookup (a malformed key, another merchant's payment...): asking again gets
      // the same answer, and a flood of forged events must not cost 16 Toss requests each.
      return Decision.reject(
          "Toss refused to read back paymentKey "
              + paymentKey
              + " / orderId "
              + orderId
              + ": "
              + e.httpStatus()
              + " "
              + e.code());
    } catch (RuntimeException e) {
      // TossCommunicationException (timeout, 5xx, 429) and our own trouble: try again later
      return Decision.retry("reading the payment back from Toss failed: " + e.getMessage());
    }
    if (payment.isEmpty()) {
      return Decision.reject(
          "Toss has no payment with paymentKey "
              + paymentKey
              + " or orderId "
              + orderId
              + ": a forged event, or one for another merchant");
    }
    Payment readBack = payment.get();
    return new Decision(
        TossWebhookStatus.PROCESSED,
        "read back: " + readBack.paymentKey() + " is " + readBack.status(),
        new TossPaymentUpdated(delivery.transmissionId(), readBack));
  }

  private Decision billingDeleted(Delivery delivery, JsonNode data) {
    String billingKey = billingKey(data);
    if (billingKey == null) {
      return Decision.reject("the body names no billingKey");
    }
    // Toss has no lookup for billing keys, so this one is believed as sent (see
    // docs/webhooks-in.md).
    // The event is kept in the outbox for good, so it carries the key masked; the listener reads
    // the
    // key itself from the stored delivery (TossWebhookLog.deletedBillingKey).
    String masked = WebhookMasking.mask(billingKey);
    return new Decision(
        TossWebhookStatus.PROCESSED,
        "billing key " + masked + " deleted",
        new TossBillingKeyDeleted(delivery.transmissionId(), masked, text(data, "reason", 500)));
  }

  /**
   * The billing key a BILLING_DELETED body names, or null when it names none Toss could have sent.
   */
  static @Nullable String billingKey(JsonNode data) {
    return text(data, "billingKey", 300);
  }

  private static @Nullable String text(JsonNode data, String field, int maxLength) {
    JsonNode node = data.path(field);
    if (!node.isString()) {
      return null;
    }
    String value = node.asString().strip();
    // control characters are never in Toss's keys, and would let a forged body write fake log lines
    if (value.isEmpty()
        || value.length() > maxLength
        || value.chars().anyMatch(Character::isISOControl)) {
      return null;
    }
    return value;
  }

  private static String abbreviate(String value, int max) {
    return value.length() <= max ? value : value.substring(0, max) + "...";
  }

  /** The outcome of one attempt, and the event to publish with it. */
  record Decision(TossWebhookStatus status, String detail, @Nullable Object event) {

    Decision {
      detail = abbreviate(detail, MAX_ERROR_LENGTH);
    }

    static Decision ignore(String why) {
      return new Decision(TossWebhookStatus.IGNORED, why, null);
    }

    static Decision reject(String why) {
      return new Decision(TossWebhookStatus.REJECTED, why, null);
    }

    static Decision retry(String why) {
      return new Decision(TossWebhookStatus.PENDING_RETRY, why, null);
    }
  }
}
