package io.tossbill.admin;

import io.tossbill.platform.ApiException;
import io.tossbill.platform.BusinessTime;
import io.tossbill.web.PageFormats;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.format.DateTimeParseException;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Component;

/**
 * The test clock form: move by an ISO period ({@code P1M}, {@code P7D}, {@code PT36H}) or to a date
 * and time in Asia/Seoul.
 */
@Component
class AdminClockForm {

  private final PageFormats fmt;

  AdminClockForm(PageFormats fmt) {
    this.fmt = fmt;
  }

  /** Moves the clock and says where it went, formatted for the page. */
  String move(
      @Nullable String advanceBy,
      @Nullable String to,
      Function<String, Instant> by,
      Function<Instant, Instant> toInstant) {
    Instant moved;
    if (to != null && !to.isBlank()) {
      Instant target;
      try {
        target = LocalDateTime.parse(to.strip()).atZone(BusinessTime.ZONE).toInstant();
      } catch (DateTimeParseException e) {
        throw ApiException.badRequest("INVALID_CLOCK_TIME", "api.INVALID_CLOCK_TIME");
      }
      moved = toInstant.apply(target);
    } else if (advanceBy != null && !advanceBy.isBlank() && advanceBy.length() <= 40) {
      moved = by.apply(advanceBy.strip());
    } else {
      throw ApiException.badRequest("INVALID_DURATION", "api.INVALID_DURATION");
    }
    return fmt.dateTime(moved);
  }
}
