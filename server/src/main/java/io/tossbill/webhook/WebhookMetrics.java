package io.tossbill.webhook;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Locale;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Component;

/**
 * {@code tossbill.webhooks.in}: one counter per event type and outcome (stored, duplicate, then the
 * processing outcome). Event types are the body's word, so only Toss's documented ones become a tag
 * value; anything else counts as OTHER and cannot blow up the number of series.
 */
@Component
class WebhookMetrics {

  static final String NAME = "tossbill.webhooks.in";

  private static final Set<String> KNOWN_TYPES =
      Set.of(
          "PAYMENT_STATUS_CHANGED",
          "BILLING_DELETED",
          "DEPOSIT_CALLBACK",
          "CANCEL_STATUS_CHANGED",
          "METHOD_UPDATED",
          "CUSTOMER_STATUS_CHANGED",
          "payout.changed",
          "seller.changed");

  private final MeterRegistry registry;

  WebhookMetrics(MeterRegistry registry) {
    this.registry = registry;
  }

  void received(WebhookInbox.Receipt receipt) {
    count(receipt.eventTypeTag(), receipt.duplicate() ? "duplicate" : "stored");
  }

  void processed(@Nullable String eventType, TossWebhookStatus outcome) {
    count(typeTag(eventType), outcome.name().toLowerCase(Locale.ROOT));
  }

  private void count(String type, String outcome) {
    Counter.builder(NAME)
        .description("Toss webhook deliveries by event type and outcome")
        .tag("event_type", type)
        .tag("outcome", outcome)
        .register(registry)
        .increment();
  }

  static String typeTag(@Nullable String eventType) {
    if (eventType == null) {
      return "NONE";
    }
    return KNOWN_TYPES.contains(eventType) ? eventType : "OTHER";
  }
}
