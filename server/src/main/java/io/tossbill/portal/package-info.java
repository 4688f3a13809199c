/**
 * The subscriber's pages: plans, checkout through Toss's card window, my subscription, payments and
 * receipts, consent answers, the account pages; and the checkout and portal links the merchant API
 * hands out for a merchant with its own login.
 */
@NullMarked
package io.tossbill.portal;

import org.jspecify.annotations.NullMarked;
