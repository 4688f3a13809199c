package io.tossbill.portal;

import io.tossbill.catalog.Catalog;
import io.tossbill.catalog.Plan;
import io.tossbill.catalog.PlanId;
import io.tossbill.customer.CustomerId;
import io.tossbill.customer.CustomerQueries;
import io.tossbill.customer.Customers;
import io.tossbill.platform.ApiException;
import io.tossbill.web.PublicUrls;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Checkout and portal links for a merchant with its own login. A link carries 256 random bits; only
 * their SHA-256 is stored, so an altered or invented link matches nothing. A link works for its one
 * customer until it expires (a checkout link also until its checkout is done).
 */
@Service
public class HostedSessions {

  private static final String ID_ALPHABET =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
  private static final Pattern LANDING = Pattern.compile("/my(/[A-Za-z0-9_/-]*)?");
  private static final Pattern TOKEN = Pattern.compile("[A-Za-z0-9_-]{43}");

  private final HostedSessionRepository repository;
  private final Catalog catalog;
  private final CustomerQueries customers;
  private final Customers everyCustomer;
  private final PublicUrls urls;
  private final PortalProperties properties;
  private final Clock clock;
  private final SecureRandom random = new SecureRandom();

  HostedSessions(
      HostedSessionRepository repository,
      Catalog catalog,
      CustomerQueries customers,
      Customers everyCustomer,
      PublicUrls urls,
      PortalProperties properties,
      Clock clock) {
    this.repository = repository;
    this.catalog = catalog;
    this.customers = customers;
    this.everyCustomer = everyCustomer;
    this.urls = urls;
    this.properties = properties;
    this.clock = clock;
  }

  /** A checkout link: the customer subscribes to the plan, then goes to {@code successUrl}. */
  @Transactional
  public HostedSession createCheckout(
      @Nullable Long customerId,
      @Nullable Long planId,
      @Nullable String successUrl,
      @Nullable String cancelUrl,
      String createdBy) {
    CustomerId customer = liveCustomer(customerId);
    if (planId == null || planId <= 0) {
      throw ApiException.badRequest("INVALID_REQUEST", "api.INVALID_REQUEST.12");
    }
    Plan plan = catalog.require(new PlanId(planId));
    if (!plan.isActive()) {
      throw ApiException.conflict("PLAN_NOT_ACTIVE", "api.PLAN_NOT_ACTIVE", plan.code());
    }
    Instant now = clock.instant();
    var stored =
        new HostedSessionRepository.Stored(
            "cs_" + randomId(),
            LinkAccess.Kind.CHECKOUT,
            customer.value(),
            planId,
            url("successUrl", successUrl),
            url("cancelUrl", cancelUrl),
            null,
            "/my",
            now,
            now.plus(properties.checkoutLinkLifetime()),
            null,
            null,
            null);
    return issue(stored, createdBy, "/checkout/s/");
  }

  /**
   * A portal link: the customer manages their subscriptions, then goes back to {@code returnUrl}.
   */
  @Transactional
  public HostedSession createPortal(
      @Nullable Long customerId, @Nullable String returnUrl, String createdBy) {
    return createPortal(customerId, returnUrl, "/my", properties.portalLinkLifetime(), createdBy);
  }

  /**
   * A portal link that lands on {@code landingPath} (under {@code /my}), for mails whose link must
   * work for longer (e.g. a consent request until its deadline, at most 31 days).
   */
  @Transactional
  public HostedSession createPortal(
      @Nullable Long customerId,
      @Nullable String returnUrl,
      String landingPath,
      Duration lifetime,
      String createdBy) {
    CustomerId customer = liveCustomer(customerId);
    return issuePortals(
            List.of(new PortalLink(customer, returnUrl, landingPath, lifetime, createdBy)))
        .getFirst();
  }

  /** A portal link to make: whose, where it lands (under {@code /my}), how long it works. */
  public record PortalLink(
      CustomerId customer,
      @Nullable String returnUrl,
      String landingPath,
      Duration lifetime,
      String createdBy) {}

  /**
   * Many portal links in one round trip (a batch of notice mails), in {@code links}' order; each as
   * {@link #createPortal(Long, String, String, Duration, String)} makes it. Refused unless every
   * customer is live.
   */
  @Transactional
  public List<HostedSession> createPortals(List<PortalLink> links) {
    var live = everyCustomer.findLive(links.stream().map(PortalLink::customer).toList());
    for (PortalLink link : links) {
      if (!live.containsKey(link.customer())) {
        throw new IllegalArgumentException(
            "no portal link for customer " + link.customer().value() + ": not found or deleted");
      }
    }
    return issuePortals(links);
  }

  private List<HostedSession> issuePortals(List<PortalLink> links) {
    Instant now = clock.instant();
    List<HostedSessionRepository.New> rows = new ArrayList<>(links.size());
    List<HostedSession> issued = new ArrayList<>(links.size());
    for (PortalLink link : links) {
      if (!LANDING.matcher(link.landingPath()).matches()) {
        throw new IllegalArgumentException(
            "a portal link lands under /my, was " + link.landingPath());
      }
      Duration lifetime = link.lifetime();
      if (lifetime.isNegative()
          || lifetime.isZero()
          || lifetime.compareTo(PortalProperties.LONGEST) > 0) {
        throw new IllegalArgumentException("a portal link lives up to 31 days, was " + lifetime);
      }
      var stored =
          new HostedSessionRepository.Stored(
              "ps_" + randomId(),
              LinkAccess.Kind.PORTAL,
              link.customer().value(),
              null,
              null,
              null,
              url("returnUrl", link.returnUrl()),
              link.landingPath(),
              now,
              now.plus(lifetime),
              null,
              null,
              null);
      String token = newToken();
      rows.add(new HostedSessionRepository.New(stored, hash(token), link.createdBy()));
      issued.add(view(stored, urls.of("/portal/s/" + token)));
    }
    repository.insert(rows);
    return issued;
  }

  @Transactional(readOnly = true)
  public HostedSession find(String publicId) {
    return repository.find(publicId).map(s -> view(s, null)).orElseThrow(HostedSessions::notFound);
  }

  /**
   * The session a link opens, when the link is one of ours, of this kind, not expired and (for a
   * checkout) not completed; the opening is recorded.
   */
  @Transactional
  Optional<HostedSessionRepository.Stored> open(LinkAccess.Kind kind, String token) {
    if (!TOKEN.matcher(token).matches()) {
      return Optional.empty();
    }
    Instant now = clock.instant();
    Optional<HostedSessionRepository.Stored> found =
        repository
            .findByTokenHash(hash(token))
            .filter(s -> s.kind() == kind)
            .filter(s -> now.isBefore(s.expiresAt()))
            .filter(s -> s.completedAt() == null);
    found.ifPresent(s -> repository.opened(s.publicId(), now));
    return found;
  }

  @Transactional(readOnly = true)
  Optional<HostedSessionRepository.Stored> stored(String publicId) {
    return repository.find(publicId);
  }

  /** Records the checkout's subscription; false when it was completed already. */
  @Transactional
  boolean complete(String publicId, long subscriptionId) {
    return repository.complete(publicId, subscriptionId, clock.instant());
  }

  Duration accessLifetime() {
    return properties.accessLifetime();
  }

  private HostedSession issue(
      HostedSessionRepository.Stored stored, String createdBy, String linkPath) {
    String token = newToken();
    repository.insert(stored, hash(token), createdBy);
    return view(stored, urls.of(linkPath + token));
  }

  /** 256 random bits, URL-safe: the link's secret (only its hash is stored). */
  private String newToken() {
    byte[] bytes = new byte[32];
    random.nextBytes(bytes);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }

  private CustomerId liveCustomer(@Nullable Long customerId) {
    if (customerId == null || customerId <= 0) {
      throw ApiException.badRequest("INVALID_REQUEST", "api.INVALID_REQUEST.13");
    }
    var row =
        customers
            .find(new CustomerId(customerId))
            .orElseThrow(
                () ->
                    ApiException.notFound(
                        "CUSTOMER_NOT_FOUND", "api.CUSTOMER_NOT_FOUND", customerId));
    if (row.deleted()) {
      throw ApiException.conflict("CUSTOMER_DELETED", "api.CUSTOMER_DELETED.2", customerId);
    }
    return new CustomerId(customerId);
  }

  private static String url(String field, @Nullable String value) {
    if (value == null || value.isBlank()) {
      throw ApiException.badRequest("INVALID_URL", "api.INVALID_URL", field);
    }
    String url = value.strip();
    boolean ok;
    try {
      URI uri = new URI(url);
      ok =
          url.length() <= 2000
              && uri.isAbsolute()
              && ("http".equalsIgnoreCase(uri.getScheme())
                  || "https".equalsIgnoreCase(uri.getScheme()))
              && uri.getHost() != null
              && url.chars().noneMatch(Character::isISOControl);
    } catch (URISyntaxException e) {
      ok = false;
    }
    if (!ok) {
      throw ApiException.badRequest("INVALID_URL", "api.INVALID_URL.2", field);
    }
    return url;
  }

  private HostedSession view(HostedSessionRepository.Stored s, @Nullable String url) {
    String status =
        s.completedAt() != null
            ? "COMPLETE"
            : clock.instant().isBefore(s.expiresAt()) ? "OPEN" : "EXPIRED";
    return new HostedSession(
        s.publicId(),
        s.kind().name(),
        s.customerId(),
        s.planId(),
        s.successUrl(),
        s.cancelUrl(),
        s.returnUrl(),
        status,
        url,
        s.createdAt(),
        s.expiresAt(),
        s.openedAt(),
        s.completedAt(),
        s.subscriptionId());
  }

  private String randomId() {
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < 24; i++) {
      out.append(ID_ALPHABET.charAt(random.nextInt(ID_ALPHABET.length())));
    }
    return out.toString();
  }

  static ApiException notFound() {
    return ApiException.notFound("SESSION_NOT_FOUND", "api.SESSION_NOT_FOUND");
  }

  static String hash(String token) {
    try {
      return HexFormat.of()
          .formatHex(
              MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
