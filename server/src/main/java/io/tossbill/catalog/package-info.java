/**
 * Plans a merchant sells: price in won, billing interval, trial, features and their price history.
 */
@NullMarked
package io.tossbill.catalog;

import org.jspecify.annotations.NullMarked;
