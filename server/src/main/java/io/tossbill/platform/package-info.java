/**
 * Shared infrastructure every module may use: the database, the clock, error responses and input
 * checks.
 */
@NullMarked
@org.springframework.modulith.ApplicationModule(
    type = org.springframework.modulith.ApplicationModule.Type.OPEN)
package io.tossbill.platform;

import org.jspecify.annotations.NullMarked;
