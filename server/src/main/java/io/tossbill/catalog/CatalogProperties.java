package io.tossbill.catalog;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Catalog settings.
 *
 * @param demoPlans insert the demo plans (베이직, 프로, 팀) at start if their codes are free
 */
@ConfigurationProperties("tossbill.catalog")
record CatalogProperties(@DefaultValue("false") boolean demoPlans) {}
