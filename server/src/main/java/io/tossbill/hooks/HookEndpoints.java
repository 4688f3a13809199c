package io.tossbill.hooks;

import io.tossbill.platform.ApiException;
import io.tossbill.platform.ListPage;
import io.tossbill.platform.ListRequest;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The merchant's webhook endpoints and their deliveries, for the API and the admin console: create
 * (the signing secret is returned once), change, enable and disable, roll the secret, delete, read
 * the delivery log, replay a delivery. Bad input is refused with a 400 naming the field and changes
 * nothing.
 */
@Service
public class HookEndpoints {

  /** An endpoint with its new secret: shown once, never stored anywhere readable but the table. */
  public record WithSecret(HookEndpoint endpoint, String secret) {
    @Override
    public String toString() {
      return "WithSecret[endpoint=" + endpoint.id() + ", secret=***]";
    }
  }

  /**
   * What to change; a null field stays as it is. Enabling a disabled endpoint resets its failure
   * count and resumes its pending deliveries.
   */
  public record Changes(
      @Nullable String url,
      @Nullable List<@Nullable String> eventTypes,
      @Nullable String description,
      @Nullable Boolean enabled) {}

  private static final int ATTEMPTS_SHOWN = 100;

  private final HookRepository repository;
  private final HookDispatcher dispatcher;
  private final HookProperties properties;
  private final Clock clock;
  private final TransactionTemplate transactions;

  HookEndpoints(
      HookRepository repository,
      HookDispatcher dispatcher,
      HookProperties properties,
      Clock clock,
      TransactionTemplate transactions) {
    this.repository = repository;
    this.dispatcher = dispatcher;
    this.properties = properties;
    this.clock = clock;
    this.transactions = transactions;
  }

  /** A new endpoint, enabled unless {@code enabled} is false; its secret is in the answer only. */
  @Transactional
  public WithSecret create(
      @Nullable String url,
      @Nullable List<@Nullable String> eventTypes,
      @Nullable String description,
      @Nullable Boolean enabled) {
    String checkedUrl = EndpointRules.url(url);
    List<String> types = EndpointRules.eventTypes(eventTypes);
    String text = EndpointRules.description(description);
    if (repository.countEndpoints() >= properties.maxEndpoints()) {
      throw ApiException.conflict(
          "WEBHOOK_ENDPOINT_LIMIT", "api.WEBHOOK_ENDPOINT_LIMIT", properties.maxEndpoints());
    }
    String secret = HookSignature.newSecret();
    long id =
        repository.insertEndpoint(
            checkedUrl, text, types, secret, enabled == null || enabled, clock.instant());
    return new WithSecret(get(id), secret);
  }

  /** Every endpoint, newest first. */
  @Transactional(readOnly = true)
  public List<HookEndpoint> all() {
    return repository.endpoints().stream().map(HookEndpoints::view).toList();
  }

  @Transactional(readOnly = true)
  public HookEndpoint get(long id) {
    return view(stored(id));
  }

  @Transactional
  public HookEndpoint update(long id, Changes changes) {
    String url = changes.url() == null ? null : EndpointRules.url(changes.url());
    List<String> types =
        changes.eventTypes() == null ? null : EndpointRules.eventTypes(changes.eventTypes());
    String description =
        changes.description() == null ? null : EndpointRules.description(changes.description());
    HookRepository.StoredEndpoint e =
        repository.lockEndpoint(requireId(id)).orElseThrow(() -> notFound(id));
    Instant now = clock.instant();
    boolean enabled = changes.enabled() == null ? e.enabled() : changes.enabled();
    boolean reenabled = enabled && !e.enabled();
    boolean disabled = !enabled && e.enabled();
    repository.updateEndpoint(
        new HookRepository.StoredEndpoint(
            e.id(),
            url == null ? e.url() : url,
            description == null ? e.description() : description,
            types == null ? e.eventTypes() : types,
            e.secret(),
            e.previousSecret(),
            e.previousSecretExpiresAt(),
            enabled,
            enabled ? null : disabled ? "MANUAL" : e.disabledReason(),
            enabled ? null : disabled ? now : e.disabledAt(),
            reenabled ? null : e.failingSince(),
            reenabled ? 0 : e.consecutiveFailures(),
            e.lastSuccessAt(),
            e.createdAt(),
            now),
        now);
    if (reenabled) {
      wakeAfterCommit();
    }
    return get(id);
  }

  /** Deletes the endpoint with its deliveries and their log; nothing more is sent to it. */
  @Transactional
  public void delete(long id) {
    if (!repository.deleteEndpoint(requireId(id))) {
      throw notFound(id);
    }
  }

  /**
   * A new secret, returned once; the previous one also signs deliveries for {@code
   * tossbill.hooks.secret-overlap} (24 hours), so receivers can switch without losing any.
   */
  @Transactional
  public WithSecret rollSecret(long id) {
    repository.lockEndpoint(requireId(id)).orElseThrow(() -> notFound(id));
    Instant now = clock.instant();
    String secret = HookSignature.newSecret();
    repository.rollSecret(id, secret, now.plus(properties.secretOverlap()), now);
    return new WithSecret(get(id), secret);
  }

  /** An endpoint's deliveries, newest first, a page at a time; {@code status} filters. */
  @Transactional(readOnly = true)
  public ListPage<HookDelivery> deliveries(
      long endpointId, @Nullable String status, ListRequest page) {
    HookDeliveryStatus wanted = status(status);
    stored(endpointId);
    return ListPage.of(
        repository.deliveries(endpointId, wanted, page.before(), page.fetch()),
        page,
        HookRepository.StoredDelivery::id,
        d -> view(d, null));
  }

  /** One delivery with the body sent and its tries, newest first. */
  @Transactional(readOnly = true)
  public HookDelivery delivery(long endpointId, long deliveryId) {
    HookRepository.StoredDelivery d = storedDelivery(endpointId, deliveryId);
    return view(d, repository.attempts(d.id(), ATTEMPTS_SHOWN));
  }

  /**
   * Sends the delivery again now, with the same {@code webhook-id} (a receiver that already has it
   * can tell), and restarts its retry schedule. Refused (409) while the endpoint is disabled or
   * while a node is trying it.
   */
  public HookDelivery replay(long endpointId, long deliveryId) {
    transactions.executeWithoutResult(
        status -> {
          HookRepository.StoredEndpoint endpoint =
              repository
                  .lockEndpoint(requireId(endpointId))
                  .orElseThrow(() -> notFound(endpointId));
          storedDelivery(endpointId, deliveryId);
          if (!endpoint.enabled()) {
            throw ApiException.conflict(
                "WEBHOOK_ENDPOINT_DISABLED", "api.WEBHOOK_ENDPOINT_DISABLED", endpointId);
          }
          if (!repository.replay(deliveryId, clock.instant())) {
            throw ApiException.conflict(
                "WEBHOOK_DELIVERY_IN_FLIGHT", "api.WEBHOOK_DELIVERY_IN_FLIGHT", deliveryId);
          }
        });
    dispatcher.wake();
    return delivery(endpointId, deliveryId);
  }

  /** What an endpoint may ask for: {@code *}, each group's wildcard, each type. */
  public List<String> eventTypeChoices() {
    return Stream.of(
            List.of(HookEventType.ALL), HookEventType.groupWildcards(), HookEventType.publicNames())
        .flatMap(List::stream)
        .toList();
  }

  private HookRepository.StoredEndpoint stored(long id) {
    return repository.endpoint(requireId(id)).orElseThrow(() -> notFound(id));
  }

  private HookRepository.StoredDelivery storedDelivery(long endpointId, long deliveryId) {
    stored(endpointId);
    return repository
        .delivery(deliveryId <= 0 ? 0 : deliveryId)
        .filter(d -> d.endpointId() == endpointId)
        .orElseThrow(
            () ->
                ApiException.notFound(
                    "WEBHOOK_DELIVERY_NOT_FOUND", "api.WEBHOOK_DELIVERY_NOT_FOUND", deliveryId));
  }

  private void wakeAfterCommit() {
    TransactionSynchronizationManager.registerSynchronization(
        new TransactionSynchronization() {
          @Override
          public void afterCommit() {
            dispatcher.wake();
          }
        });
  }

  private static @Nullable HookDeliveryStatus status(@Nullable String status) {
    if (status == null || status.isBlank()) {
      return null;
    }
    try {
      return HookDeliveryStatus.valueOf(status.strip().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw ApiException.badRequest(
              "WEBHOOK_DELIVERY_STATUS_INVALID", "api.WEBHOOK_DELIVERY_STATUS_INVALID")
          .field("status");
    }
  }

  private static long requireId(long id) {
    if (id <= 0) {
      throw notFound(id);
    }
    return id;
  }

  static ApiException notFound(long id) {
    return ApiException.notFound(
        "WEBHOOK_ENDPOINT_NOT_FOUND", "api.WEBHOOK_ENDPOINT_NOT_FOUND", id);
  }

  private static HookEndpoint view(HookRepository.StoredEndpoint e) {
    return new HookEndpoint(
        e.id(),
        e.url(),
        e.description(),
        List.copyOf(e.eventTypes()),
        e.enabled(),
        e.disabledReason(),
        e.disabledAt(),
        e.failingSince(),
        e.consecutiveFailures(),
        e.lastSuccessAt(),
        e.previousSecretExpiresAt(),
        e.createdAt(),
        e.updatedAt());
  }

  private HookDelivery view(HookRepository.StoredDelivery d, @Nullable List<HookAttempt> attempts) {
    boolean inFlight =
        d.claimed() && d.nextAttemptAt() != null && d.nextAttemptAt().isAfter(clock.instant());
    return new HookDelivery(
        d.id(),
        d.endpointId(),
        d.eventId(),
        d.type(),
        d.sequence(),
        d.customerId(),
        d.subscriptionId(),
        d.status(),
        d.attempts(),
        d.replays(),
        inFlight,
        inFlight ? null : d.nextAttemptAt(),
        d.lastAttemptAt(),
        d.lastStatusCode(),
        d.lastError(),
        d.deliveredAt(),
        d.createdAt(),
        d.payload(),
        attempts);
  }
}
