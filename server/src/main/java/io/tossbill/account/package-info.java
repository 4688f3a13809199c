/**
 * Subscriber accounts: sign up (which makes the customer), log in, and reset a forgotten password
 * with a single-use link sent by mail.
 */
@NullMarked
package io.tossbill.account;

import org.jspecify.annotations.NullMarked;
