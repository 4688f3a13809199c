package io.tossbill.portal;

import java.net.URI;
import java.security.Principal;
import org.jspecify.annotations.Nullable;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * Merchant API: a checkout or portal link for one of the merchant's customers, for a merchant that
 * logs its users in itself (Stripe's hosted checkout and customer portal).
 */
@RestController
class HostedSessionController {

  private final HostedSessions sessions;

  HostedSessionController(HostedSessions sessions) {
    this.sessions = sessions;
  }

  record CheckoutForm(
      @Nullable Long customerId,
      @Nullable Long planId,
      @Nullable String successUrl,
      @Nullable String cancelUrl) {}

  record PortalForm(@Nullable Long customerId, @Nullable String returnUrl) {}

  @PostMapping("/api/v1/checkout-sessions")
  ResponseEntity<HostedSession> checkout(
      @RequestBody(required = false) @Nullable CheckoutForm form, Principal caller) {
    CheckoutForm f = form == null ? new CheckoutForm(null, null, null, null) : form;
    HostedSession session =
        sessions.createCheckout(
            f.customerId(),
            f.planId(),
            f.successUrl(),
            f.cancelUrl(),
            "api-key " + caller.getName());
    return ResponseEntity.created(URI.create("/api/v1/checkout-sessions/" + session.id()))
        .body(session);
  }

  @GetMapping("/api/v1/checkout-sessions/{id}")
  HostedSession checkoutSession(@PathVariable String id) {
    return kind(id, "cs_");
  }

  @PostMapping("/api/v1/portal-sessions")
  ResponseEntity<HostedSession> portal(
      @RequestBody(required = false) @Nullable PortalForm form, Principal caller) {
    PortalForm f = form == null ? new PortalForm(null, null) : form;
    HostedSession session =
        sessions.createPortal(f.customerId(), f.returnUrl(), "api-key " + caller.getName());
    return ResponseEntity.created(URI.create("/api/v1/portal-sessions/" + session.id()))
        .body(session);
  }

  @GetMapping("/api/v1/portal-sessions/{id}")
  HostedSession portalSession(@PathVariable String id) {
    return kind(id, "ps_");
  }

  private HostedSession kind(String id, String prefix) {
    if (!id.startsWith(prefix) || id.length() > 40) {
      throw HostedSessions.notFound();
    }
    return sessions.find(id);
  }
}
