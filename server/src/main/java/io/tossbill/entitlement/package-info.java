/**
 * Entitlements: which features a customer may use now, and with what limit, from the plans of the
 * subscriptions that give access; served from a cache the engine's writes keep current.
 */
@NullMarked
package io.tossbill.entitlement;

import org.jspecify.annotations.NullMarked;
