package io.tossbill.webhook;

import io.tossbill.platform.ApiException;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.io.InputStream;
import java.util.Map;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code POST /webhooks/toss}: the URL registered in Toss's developer center. Unsigned and open
 * (Toss signs no payment or billing event), so it only stores; it answers 200 as soon as the
 * delivery is committed, and processing happens afterwards.
 */
@RestController
class TossWebhookController {

  private final WebhookInbox inbox;
  private final WebhookMetrics metrics;
  private final WebhookProperties properties;

  TossWebhookController(WebhookInbox inbox, WebhookMetrics metrics, WebhookProperties properties) {
    this.inbox = inbox;
    this.metrics = metrics;
    this.properties = properties;
  }

  // Toss sends application/json; any other declared type is not a Toss delivery (415)
  @PostMapping(
      path = "/webhooks/toss",
      consumes = MediaType.APPLICATION_JSON_VALUE,
      produces = MediaType.APPLICATION_JSON_VALUE)
  Map<String, Object> receive(HttpServletRequest request, @RequestHeader HttpHeaders headers)
      throws IOException {
    WebhookInbox.Receipt receipt = inbox.receive(body(request), headers);
    metrics.received(receipt);
    return Map.of("received", true, "duplicate", receipt.duplicate());
  }

  // Read raw, not through a message converter: the exact bytes are what is stored and hashed.
  private byte[] body(HttpServletRequest request) throws IOException {
    int max = properties.maxBodyBytes();
    try (InputStream in = request.getInputStream()) {
      byte[] body = in.readNBytes(max + 1);
      if (body.length > max) {
        throw new ApiException(
            HttpStatus.CONTENT_TOO_LARGE,
            "WEBHOOK_BODY_TOO_LARGE",
            "api.WEBHOOK_BODY_TOO_LARGE",
            max);
      }
      return body;
    }
  }
}
