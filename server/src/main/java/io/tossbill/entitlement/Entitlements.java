package io.tossbill.entitlement;

import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.LoadingCache;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.cache.CaffeineCacheMetrics;
import io.tossbill.billing.SubscriptionView;
import io.tossbill.billing.Subscriptions;
import io.tossbill.catalog.Catalog;
import io.tossbill.catalog.Plan;
import io.tossbill.catalog.PlanId;
import io.tossbill.customer.CustomerId;
import io.tossbill.customer.Customers;
import java.time.Clock;
import java.time.Duration;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Which features a customer may use now. Read from the database once and then served from a cache
 * (Caffeine) until a write drops it: {@link EntitlementInvalidation} drops a customer's entry when
 * a change to their subscriptions commits on this node, before the request that made it returns,
 * and every entry when a plan changes. A load that read the old rows cannot outlive the drop:
 * Caffeine makes the drop wait for a load of the same key in progress. On other nodes the entry
 * expires after {@code tossbill.entitlement.cache-ttl}; one read after half that time is reloaded
 * in the background, so a customer checked often never waits for the database.
 */
@Service
@EnableConfigurationProperties(EntitlementProperties.class)
public class Entitlements {

  private final Customers customers;
  private final Subscriptions subscriptions;
  private final Catalog catalog;
  private final Clock clock;
  private final LoadingCache<Long, CustomerEntitlements> cache;
  private final boolean cached;
  private final TransactionTemplate readOnly;

  Entitlements(
      Customers customers,
      Subscriptions subscriptions,
      Catalog catalog,
      Clock clock,
      EntitlementProperties properties,
      MeterRegistry meters,
      PlatformTransactionManager transactions) {
    this.customers = customers;
    this.subscriptions = subscriptions;
    this.catalog = catalog;
    this.clock = clock;
    this.cached = !properties.cacheTtl().isZero();
    // a load reads the customer, their subscriptions and each plan: in one read-only transaction
    // (one connection, one BEGIN and COMMIT) rather than one per service call
    this.readOnly = new TransactionTemplate(transactions);
    this.readOnly.setReadOnly(true);
    // read after half its time to live, an entry is reloaded in the background while the read
    // gets the cached one: a customer checked often never waits for the database, and no entry
    // is older than the time to live (the bound other nodes are promised)
    Duration ttl = properties.cacheTtl();
    Duration refresh = ttl.dividedBy(2).isZero() ? ttl : ttl.dividedBy(2);
    this.cache =
        Caffeine.newBuilder()
            .expireAfterWrite(cached ? ttl : Duration.ofNanos(1))
            .refreshAfterWrite(cached ? refresh : Duration.ofNanos(1))
            .maximumSize(properties.cacheSize())
            .recordStats()
            .build(this::load);
    CaffeineCacheMetrics.monitor(meters, cache, "entitlements");
  }

  /** The customer's entitlements now; ApiException 404 for a customer that does not exist. */
  public CustomerEntitlements of(CustomerId customer) {
    if (!cached) {
      return load(customer.value());
    }
    return cache.get(customer.value());
  }

  /** The grant of one feature, if the customer has it now. */
  public Optional<Grant> check(CustomerId customer, String feature) {
    return of(customer).feature(feature);
  }

  void forget(Collection<CustomerId> changed) {
    cache.invalidateAll(changed.stream().map(CustomerId::value).toList());
  }

  void forgetAll() {
    cache.invalidateAll();
  }

  private CustomerEntitlements load(long customerId) {
    CustomerEntitlements loaded = readOnly.execute(status -> read(customerId));
    if (loaded == null) {
      throw new IllegalStateException("no entitlements read for customer " + customerId);
    }
    return loaded;
  }

  private CustomerEntitlements read(long customerId) {
    CustomerId id = new CustomerId(customerId);
    customers.require(id);
    List<SubscriptionView> giving =
        subscriptions.ofCustomer(id).stream()
            .filter(SubscriptionView::hasAccess)
            .sorted(Comparator.comparingLong(SubscriptionView::id).reversed())
            .toList();
    Map<String, Grant> features = new LinkedHashMap<>();
    for (SubscriptionView subscription : giving) {
      Optional<Plan> plan = catalog.find(new PlanId(subscription.planId()));
      plan.ifPresent(
          p ->
              p.features()
                  .forEach(
                      (name, value) ->
                          features.merge(
                              name, Grant.of(value), (mine, theirs) -> mine.or(theirs))));
    }
    return new CustomerEntitlements(
        customerId,
        Map.copyOf(features),
        giving.stream().map(SubscriptionView::id).toList(),
        clock.instant());
  }
}
