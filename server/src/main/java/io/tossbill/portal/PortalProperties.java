package io.tossbill.portal;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The links the merchant API hands out.
 *
 * @param checkoutLinkLifetime how long a checkout link can be opened
 * @param portalLinkLifetime how long a portal link can be opened (Stripe: 5 minutes)
 * @param accessLifetime how long a browser that opened a link may act for its customer
 */
@ConfigurationProperties("tossbill.portal")
record PortalProperties(
    @DefaultValue("1h") Duration checkoutLinkLifetime,
    @DefaultValue("5m") Duration portalLinkLifetime,
    @DefaultValue("1h") Duration accessLifetime) {

  static final Duration LONGEST = Duration.ofDays(31);

  PortalProperties {
    for (Duration d : new Duration[] {checkoutLinkLifetime, portalLinkLifetime, accessLifetime}) {
      if (d.isNegative() || d.isZero() || d.compareTo(LONGEST) > 0) {
        throw new IllegalArgumentException(
            "tossbill.portal link and access lifetimes are positive and at most 31 days, was " + d);
      }
    }
  }
}
