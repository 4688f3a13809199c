/**
 * Who may call the server: merchant and admin API keys (stored hashed), and the admin console's
 * users.
 */
@NullMarked
package io.tossbill.security;

import org.jspecify.annotations.NullMarked;
