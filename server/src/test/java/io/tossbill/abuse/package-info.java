/** Hostile input and access across every route: the form sweep and the authorization matrix. */
@NullMarked
package io.tossbill.abuse;

import org.jspecify.annotations.NullMarked;
