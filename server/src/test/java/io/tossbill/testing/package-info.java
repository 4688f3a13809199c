/** Helpers shared by the server's tests of several modules. */
@NullMarked
package io.tossbill.testing;

import org.jspecify.annotations.NullMarked;
