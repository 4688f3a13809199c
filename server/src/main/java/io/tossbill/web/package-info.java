/**
 * What every page shares: the language (Korean first, English on request), message bundles,
 * formatting of won and dates, the public URL of this server, and error pages without stack traces.
 */
@NullMarked
package io.tossbill.web;

import org.jspecify.annotations.NullMarked;
