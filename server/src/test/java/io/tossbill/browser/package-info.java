/** End-to-end tests in a real headless Chromium, with axe-core on every page they show. */
@NullMarked
package io.tossbill.browser;

import org.jspecify.annotations.NullMarked;
