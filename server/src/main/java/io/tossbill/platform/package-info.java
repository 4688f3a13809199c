/** Shared infrastructure every module may use: the database, the clock and error responses. */
@NullMarked
@org.springframework.modulith.ApplicationModule(type = org.springframework.modulith.ApplicationModule.Type.OPEN)
package io.tossbill.platform;

import org.jspecify.annotations.NullMarked;
