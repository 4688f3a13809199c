package io.tossbill.hooks;

import io.tossbill.platform.ListPage;
import io.tossbill.platform.ListRequest;
import java.net.URI;
import java.time.Instant;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/**
 * The merchant API for outgoing webhooks (ADMIN API keys only): endpoints, their secrets, their
 * delivery log and replays. See docs/webhooks-out.md.
 */
@RestController
@RequestMapping("/api/v1/webhook-endpoints")
class HookEndpointController {

  private final HookEndpoints endpoints;

  HookEndpointController(HookEndpoints endpoints) {
    this.endpoints = endpoints;
  }

  /** A new endpoint; the answer holds its signing secret, which is never shown again. */
  @PostMapping
  ResponseEntity<EndpointWithSecret> create(@RequestBody EndpointRequest request) {
    HookEndpoints.WithSecret created =
        endpoints.create(
            request.url(), request.eventTypes(), request.description(), request.enabled());
    return ResponseEntity.created(
            URI.create("/api/v1/webhook-endpoints/" + created.endpoint().id()))
        .body(EndpointWithSecret.of(created));
  }

  /** Every endpoint (at most {@code tossbill.hooks.max-endpoints}), newest first, on one page. */
  @GetMapping
  ListPage<HookEndpoint> list() {
    return new ListPage<>(endpoints.all(), false, null);
  }

  @GetMapping("/{id}")
  HookEndpoint get(@PathVariable long id) {
    return endpoints.get(id);
  }

  /** Changes the fields given: url, eventTypes, description, enabled. */
  @PatchMapping("/{id}")
  HookEndpoint update(@PathVariable long id, @RequestBody EndpointRequest request) {
    return endpoints.update(
        id,
        new HookEndpoints.Changes(
            request.url(), request.eventTypes(), request.description(), request.enabled()));
  }

  @DeleteMapping("/{id}")
  ResponseEntity<Void> delete(@PathVariable long id) {
    endpoints.delete(id);
    return ResponseEntity.noContent().build();
  }

  /** A new secret (returned once); the previous one keeps signing for the overlap stated. */
  @PostMapping("/{id}/roll-secret")
  EndpointWithSecret rollSecret(@PathVariable long id) {
    return EndpointWithSecret.of(endpoints.rollSecret(id));
  }

  /** The endpoint's deliveries, newest first; {@code status}: PENDING, DELIVERED or FAILED. */
  @GetMapping("/{id}/deliveries")
  ListPage<HookDelivery> deliveries(
      @PathVariable long id,
      @RequestParam(required = false) @Nullable String status,
      @RequestParam(required = false) @Nullable Integer limit,
      @RequestParam(required = false) @Nullable String cursor) {
    return endpoints.deliveries(id, status, ListRequest.of(limit, cursor));
  }

  /** One delivery: the exact body sent and every try (status, latency, start of the answer). */
  @GetMapping("/{id}/deliveries/{deliveryId}")
  HookDelivery delivery(@PathVariable long id, @PathVariable long deliveryId) {
    return endpoints.delivery(id, deliveryId);
  }

  /** Sends the delivery again, now, with the same webhook-id. */
  @PostMapping("/{id}/deliveries/{deliveryId}/replay")
  @ResponseStatus(HttpStatus.ACCEPTED)
  HookDelivery replay(@PathVariable long id, @PathVariable long deliveryId) {
    return endpoints.replay(id, deliveryId);
  }

  /**
   * An endpoint to create or change. On create, {@code url} is required and {@code eventTypes}
   * defaults to everything ({@code ["*"]}); on change, a missing field stays as it is.
   */
  record EndpointRequest(
      @Nullable String url,
      @Nullable List<@Nullable String> eventTypes,
      @Nullable String description,
      @Nullable Boolean enabled) {}

  /** An endpoint and its signing secret, as answered once. */
  record EndpointWithSecret(
      long id,
      String url,
      String description,
      List<String> eventTypes,
      boolean enabled,
      @Nullable String disabledReason,
      @Nullable Instant previousSecretExpiresAt,
      Instant createdAt,
      Instant updatedAt,
      String secret) {

    static EndpointWithSecret of(HookEndpoints.WithSecret created) {
      HookEndpoint e = created.endpoint();
      return new EndpointWithSecret(
          e.id(),
          e.url(),
          e.description(),
          e.eventTypes(),
          e.enabled(),
          e.disabledReason(),
          e.previousSecretExpiresAt(),
          e.createdAt(),
          e.updatedAt(),
          created.secret());
    }

    @Override
    public String toString() {
      return "EndpointWithSecret[id=" + id + ", secret=***]";
    }
  }
}
