package io.tossbill.webhook;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.springframework.context.ApplicationEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.PayloadApplicationEvent;

/**
 * Records every event published in the application, from any thread (Spring's {@code
 * ApplicationEvents} sees only the test's own thread, and processing runs on another). Registered
 * on the shared context for one test and removed after it, so no test context is added.
 */
final class PublishedEvents implements ApplicationListener<ApplicationEvent>, AutoCloseable {

  private final List<Object> payloads = new CopyOnWriteArrayList<>();
  private final ConfigurableApplicationContext context;

  private PublishedEvents(ConfigurableApplicationContext context) {
    this.context = context;
  }

  static PublishedEvents listenTo(ConfigurableApplicationContext context) {
    PublishedEvents events = new PublishedEvents(context);
    context.addApplicationListener(events);
    return events;
  }

  @Override
  public void onApplicationEvent(ApplicationEvent event) {
    if (event instanceof PayloadApplicationEvent<?> payload) {
      payloads.add(payload.getPayload());
    }
  }

  List<TossPaymentUpdated> paymentUpdates(String transmissionId) {
    return payloads.stream()
        .filter(TossPaymentUpdated.class::isInstance)
        .map(TossPaymentUpdated.class::cast)
        .filter(e -> e.transmissionId().equals(transmissionId))
        .toList();
  }

  List<TossPaymentUpdated> paymentUpdatesOf(String paymentKey) {
    return payloads.stream()
        .filter(TossPaymentUpdated.class::isInstance)
        .map(TossPaymentUpdated.class::cast)
        .filter(e -> e.payment().paymentKey().equals(paymentKey))
        .toList();
  }

  /** The deletions whose masked key matches this key (events never carry the key itself). */
  List<TossBillingKeyDeleted> billingKeyDeletions(String billingKey) {
    return payloads.stream()
        .filter(TossBillingKeyDeleted.class::isInstance)
        .map(TossBillingKeyDeleted.class::cast)
        .filter(e -> e.maskedBillingKey().equals(WebhookMasking.mask(billingKey)))
        .toList();
  }

  /** Anything this module published about the given transmission. */
  List<Object> publishedFor(String transmissionId) {
    return payloads.stream()
        .filter(
            p ->
                p instanceof TossPaymentUpdated u && u.transmissionId().equals(transmissionId)
                    || p instanceof TossBillingKeyDeleted d
                        && d.transmissionId().equals(transmissionId))
        .toList();
  }

  @Override
  public void close() {
    context.removeApplicationListener(this);
  }
}
