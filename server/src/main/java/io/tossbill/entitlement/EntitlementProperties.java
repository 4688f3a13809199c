package io.tossbill.entitlement;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The entitlement cache.
 *
 * @param cacheTtl how long a customer's entitlements are kept. A change committed on this node
 *     drops them at once; a change committed on another node is seen here within this time (the
 *     bound across nodes). Zero turns the cache off: every check reads the database.
 * @param cacheSize how many customers' entitlements are kept at most
 */
@ConfigurationProperties("tossbill.entitlement")
record EntitlementProperties(
    @DefaultValue("5s") Duration cacheTtl, @DefaultValue("100000") long cacheSize) {

  EntitlementProperties {
    if (cacheTtl.isNegative() || cacheSize < 1) {
      throw new IllegalArgumentException(
          "tossbill.entitlement: cache-ttl is 0 or more, cache-size 1 or more");
    }
  }
}
