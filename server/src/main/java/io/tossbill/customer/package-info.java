/**
 * Customers, their lifelong Toss customerKey and their cards, with billing keys encrypted at rest.
 */
@NullMarked
package io.tossbill.customer;

import org.jspecify.annotations.NullMarked;
