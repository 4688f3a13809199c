package io.tossbill.testing;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.springframework.context.ApplicationEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.PayloadApplicationEvent;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Records events published from any thread while a test runs; added to the shared context, no new
 * one. An event published inside a transaction is recorded only when that transaction commits (as
 * the outbox delivers it), so a rolled-back change never counts.
 */
public final class EventRecorder implements ApplicationListener<ApplicationEvent>, AutoCloseable {

  private final List<Object> payloads = new CopyOnWriteArrayList<>();
  private final ConfigurableApplicationContext context;

  private EventRecorder(ConfigurableApplicationContext context) {
    this.context = context;
  }

  public static EventRecorder listenTo(ConfigurableApplicationContext context) {
    EventRecorder recorder = new EventRecorder(context);
    context.addApplicationListener(recorder);
    return recorder;
  }

  @Override
  public void onApplicationEvent(ApplicationEvent event) {
    if (event instanceof PayloadApplicationEvent<?> payload) {
      Object published = payload.getPayload();
      if (TransactionSynchronizationManager.isSynchronizationActive()) {
        TransactionSynchronizationManager.registerSynchronization(
            new TransactionSynchronization() {
              @Override
              public void afterCommit() {
                payloads.add(published);
              }
            });
      } else {
        payloads.add(published);
      }
    }
  }

  public <T> List<T> of(Class<T> type) {
    return payloads.stream().filter(type::isInstance).map(type::cast).toList();
  }

  @Override
  public void close() {
    context.removeApplicationListener(this);
  }
}
