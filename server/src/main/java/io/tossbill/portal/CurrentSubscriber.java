package io.tossbill.portal;

import io.tossbill.account.SubscriberUser;
import io.tossbill.customer.CustomerId;
import io.tossbill.platform.ApiException;
import java.time.Clock;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.stereotype.Component;

/**
 * Who the subscriber pages act for: the customer of the logged-in account, or of the checkout or
 * portal link this browser opened (while it is valid). Every page reads and changes only this
 * customer's data; another customer's id answers 404 as if it did not exist.
 */
@Component
class CurrentSubscriber {

  /** Who is acting: the customer, and the account or link that let them in. */
  record Who(CustomerId customerId, @Nullable Long accountId, @Nullable LinkAccess link) {

    /** How a consent answer records who gave it (never a secret). */
    String actor() {
      return accountId != null
          ? "subscriber account " + accountId
          : "subscriber via " + (link == null ? "unknown" : link.sessionId());
    }
  }

  private final Clock clock;

  CurrentSubscriber(Clock clock) {
    this.clock = clock;
  }

  Optional<Who> find() {
    Authentication auth = SecurityContextHolder.getContext().getAuthentication();
    if (auth == null || !auth.isAuthenticated()) {
      return Optional.empty();
    }
    if (auth.getPrincipal() instanceof SubscriberUser user) {
      return Optional.of(new Who(user.customerId(), user.accountId(), null));
    }
    if (auth.getPrincipal() instanceof LinkAccess link) {
      if (!clock.instant().isBefore(link.validUntil())) {
        return Optional.empty();
      }
      return Optional.of(new Who(new CustomerId(link.customerId()), null, link));
    }
    return Optional.empty();
  }

  /** The acting subscriber; 410 {@code LINK_EXPIRED} when a link's access has run out. */
  Who require() {
    return find()
        .orElseThrow(() -> new ApiException(HttpStatus.GONE, "LINK_EXPIRED", "api.LINK_EXPIRED"));
  }

  /** The portal link's way back to the merchant's app, if the subscriber came through one. */
  Optional<String> returnUrl() {
    return find()
        .map(Who::link)
        .filter(link -> link.kind() == LinkAccess.Kind.PORTAL)
        .map(LinkAccess::returnUrl);
  }

  static ApiException notFound() {
    return ApiException.notFound("NOT_YOURS", "api.NOT_YOURS");
  }
}
