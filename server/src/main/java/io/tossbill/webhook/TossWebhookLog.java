package io.tossbill.webhook;

import io.tossbill.platform.ApiException;
import java.util.List;
import java.util.Optional;
import org.springframework.stereotype.Service;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

/**
 * The received webhooks, newest first, for the admin console (nothing secret in them), and the one
 * secret a module needs from a delivery: the billing key a BILLING_DELETED named.
 */
@Service
public class TossWebhookLog {

  static final int MAX_LIMIT = 500;

  private final WebhookDeliveries deliveries;

  TossWebhookLog(WebhookDeliveries deliveries) {
    this.deliveries = deliveries;
  }

  /** The latest {@code limit} deliveries (1 to 500). */
  public List<TossWebhookEntry> recent(int limit) {
    if (limit < 1 || limit > MAX_LIMIT) {
      throw ApiException.badRequest("INVALID_LIMIT", "api.INVALID_LIMIT", MAX_LIMIT, limit);
    }
    return deliveries.recent(limit);
  }

  /**
   * The delivery with Toss's transmission id (or {@code sha256:...} of a body sent without one).
   */
  public Optional<TossWebhookEntry> find(String transmissionId) {
    return deliveries.findByTransmissionId(transmissionId);
  }

  /**
   * The billing key that the processed BILLING_DELETED delivery with this transmission id named,
   * read from its stored body, so that {@link TossBillingKeyDeleted} never has to carry it. Empty
   * for any other delivery, or one that was not (yet) processed. Never log the answer.
   */
  public Optional<String> deletedBillingKey(String transmissionId) {
    return deliveries
        .findDelivery(transmissionId)
        .filter(
            delivery ->
                delivery.status() == TossWebhookStatus.PROCESSED
                    && WebhookProcessor.BILLING_DELETED.equals(delivery.eventType()))
        .flatMap(
            delivery -> {
              try {
                JsonNode data = WebhookInbox.JSON.readTree(delivery.rawBody()).path("data");
                return Optional.ofNullable(WebhookProcessor.billingKey(data));
              } catch (JacksonException e) {
                return Optional.empty();
              }
            });
  }
}
