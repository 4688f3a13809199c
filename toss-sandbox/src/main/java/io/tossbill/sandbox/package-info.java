/**
 * A local TossPayments: the billing API with its JSON, errors, idempotency and webhooks, a card
 * registration window, test controls and a ledger, mountable into any Spring MVC application.
 */
@NullMarked
package io.tossbill.sandbox;

import org.jspecify.annotations.NullMarked;
