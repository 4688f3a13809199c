package io.tossbill.customer;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.springframework.context.ApplicationEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.PayloadApplicationEvent;

/**
 * Records events published from any thread while a test runs; added to the shared context, no new
 * one.
 */
final class EventRecorder implements ApplicationListener<ApplicationEvent>, AutoCloseable {

  private final List<Object> payloads = new CopyOnWriteArrayList<>();
  private final ConfigurableApplicationContext context;

  private EventRecorder(ConfigurableApplicationContext context) {
    this.context = context;
  }

  static EventRecorder listenTo(ConfigurableApplicationContext context) {
    EventRecorder recorder = new EventRecorder(context);
    context.addApplicationListener(recorder);
    return recorder;
  }

  @Override
  public void onApplicationEvent(ApplicationEvent event) {
    if (event instanceof PayloadApplicationEvent<?> payload) {
      payloads.add(payload.getPayload());
    }
  }

  <T> List<T> of(Class<T> type) {
    return payloads.stream().filter(type::isInstance).map(type::cast).toList();
  }

  @Override
  public void close() {
    context.removeApplicationListener(this);
  }
}
