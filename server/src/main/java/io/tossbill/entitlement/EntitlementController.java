package io.tossbill.entitlement;

import io.tossbill.customer.Customer;
import io.tossbill.customer.CustomerId;
import io.tossbill.customer.Customers;
import io.tossbill.platform.ApiException;
import io.tossbill.platform.Text;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Merchant API: does a customer have a feature now, and with what limit — by tossbill's id or the
 * merchant's own ({@code externalId}). Made to be called on every request of the merchant's app.
 */
@RestController
class EntitlementController {

  private static final int MAX_FEATURE_LENGTH = 100;

  private final Entitlements entitlements;
  private final Customers customers;

  EntitlementController(Entitlements entitlements, Customers customers) {
    this.entitlements = entitlements;
    this.customers = customers;
  }

  /** Every feature the customer has now. */
  @GetMapping("/api/v1/customers/{id}/entitlements")
  EntitlementsView all(@PathVariable long id) {
    return view(entitlements.of(customerId(id)));
  }

  /** One feature: whether the customer has it now, and its value and limit. */
  @GetMapping("/api/v1/customers/{id}/entitlements/{feature}")
  FeatureView one(@PathVariable long id, @PathVariable String feature) {
    return feature(entitlements.of(customerId(id)), feature(feature));
  }

  /** By the merchant's own id: every feature, or with {@code feature} that one. */
  @GetMapping("/api/v1/entitlements")
  Object byExternalId(
      @RequestParam String externalId, @RequestParam(required = false) @Nullable String feature) {
    Customer customer =
        customers
            .findByExternalId(externalId)
            .orElseThrow(
                () ->
                    ApiException.notFound(
                            "CUSTOMER_NOT_FOUND", "api.CUSTOMER_NOT_FOUND.EXTERNAL", externalId)
                        .field("externalId"));
    CustomerEntitlements now = entitlements.of(customer.id());
    return feature == null ? view(now) : feature(now, feature(feature));
  }

  private static EntitlementsView view(CustomerEntitlements now) {
    Map<String, GrantView> features = new TreeMap<>();
    now.features().forEach((name, grant) -> features.put(name, GrantView.of(grant)));
    return new EntitlementsView(
        now.customerId(), features, now.subscriptionIds(), now.computedAt());
  }

  private static FeatureView feature(CustomerEntitlements now, String feature) {
    Grant grant = now.feature(feature).orElse(null);
    return new FeatureView(
        now.customerId(),
        feature,
        grant != null && grant.enabled(),
        grant == null ? null : grant.value(),
        grant == null ? null : grant.limit(),
        grant != null && grant.unlimited());
  }

  private static String feature(String feature) {
    Text.requirePrintable("feature", feature);
    if (feature.isBlank() || feature.length() > MAX_FEATURE_LENGTH) {
      throw ApiException.badRequest("INVALID_FEATURE", "api.INVALID_FEATURE", MAX_FEATURE_LENGTH)
          .field("feature");
    }
    return feature;
  }

  private static CustomerId customerId(long id) {
    if (id <= 0) {
      throw ApiException.notFound("CUSTOMER_NOT_FOUND", "api.CUSTOMER_NOT_FOUND", id);
    }
    return new CustomerId(id);
  }

  /**
   * @param subscriptionIds the subscriptions that give access, newest first
   * @param computedAt when this was read from the database (a cached answer is older)
   */
  record EntitlementsView(
      long customerId,
      Map<String, GrantView> features,
      List<Long> subscriptionIds,
      Instant computedAt) {}

  record GrantView(String value, boolean enabled, @Nullable Long limit, boolean unlimited) {
    static GrantView of(Grant grant) {
      return new GrantView(grant.value(), grant.enabled(), grant.limit(), grant.unlimited());
    }
  }

  /**
   * @param enabled whether the customer may use the feature now
   * @param value the plan's value; null when no subscription gives the feature
   * @param limit the limit, for a numeric feature
   * @param unlimited whether there is no limit
   */
  record FeatureView(
      long customerId,
      String feature,
      boolean enabled,
      @Nullable String value,
      @Nullable Long limit,
      boolean unlimited) {}
}
