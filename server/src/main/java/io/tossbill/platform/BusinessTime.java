package io.tossbill.platform;

import java.time.ZoneId;

/** The time zone of business dates. */
public final class BusinessTime {
  public static final ZoneId ZONE = ZoneId.of("Asia/Seoul");

  private BusinessTime() {}
}
