package io.tossbill.webhook;

import org.springframework.modulith.events.ApplicationModuleListener;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;

/**
 * Processes a delivery right after the transaction that stored it commits, off the request thread.
 * The outbox keeps the event until this returns, and the retry job sweeps stale deliveries, so a
 * crash after storing loses nothing.
 */
@Component
class WebhookStoredListener {

  private final WebhookProcessor processor;

  WebhookStoredListener(WebhookProcessor processor) {
    this.processor = processor;
  }

  // NOT_SUPPORTED: the read-back from Toss must not run inside a database transaction.
  @ApplicationModuleListener(propagation = Propagation.NOT_SUPPORTED)
  void on(TossWebhookStored stored) {
    processor.process(stored.deliveryId());
  }
}
