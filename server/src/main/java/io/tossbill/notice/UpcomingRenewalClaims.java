package io.tossbill.notice;

import io.tossbill.billing.UpcomingRenewals;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * Which periods' upcoming renewal was told, claimed in PostgreSQL: one row per (subscription,
 * period), inserted in the transaction that asks for the mail, so two passes (or two nodes) never
 * both send it, and a pass that fails before commit leaves it to the next.
 */
@Repository
class UpcomingRenewalClaims {

  private static final String CLAIMED =
      """
      SELECT subscription_id, period_no FROM notice_upcoming_renewal
      WHERE (subscription_id, period_no) IN
            (SELECT * FROM unnest(CAST(:ids AS BIGINT[]), CAST(:periods AS INT[])))
      """;

  private static final String CLAIM =
      """
      INSERT INTO notice_upcoming_renewal (subscription_id, period_no, customer_id, claimed_at)
      VALUES (:subscriptionId, :periodNo, :customerId, :now)
      ON CONFLICT (subscription_id, period_no) DO NOTHING
      """;

  private static final String MAILED =
      """
      UPDATE notice_upcoming_renewal SET mail_id = :mailId
      WHERE subscription_id = :subscriptionId AND period_no = :periodNo
      """;

  /** A subscription's period. */
  record Period(long subscriptionId, int periodNo) {}

  private final JdbcClient jdbc;

  UpcomingRenewalClaims(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  /** Those of {@code due} whose notice was claimed already (one statement). */
  Set<Period> claimedAmong(List<UpcomingRenewals.Due> due) {
    if (due.isEmpty()) {
      return Set.of();
    }
    Long[] ids = due.stream().map(d -> d.subscriptionId().value()).toArray(Long[]::new);
    Integer[] periods = due.stream().map(UpcomingRenewals.Due::periodNo).toArray(Integer[]::new);
    return new HashSet<>(
        jdbc.sql(CLAIMED)
            .param("ids", ids)
            .param("periods", periods)
            .query((rs, n) -> new Period(rs.getLong("subscription_id"), rs.getInt("period_no")))
            .list());
  }

  /** Claims the period's notice; false when it was claimed before (by this node or another). */
  boolean claim(long subscriptionId, int periodNo, long customerId, Instant now) {
    return jdbc.sql(CLAIM)
            .param("subscriptionId", subscriptionId)
            .param("periodNo", periodNo)
            .param("customerId", customerId)
            .param("now", now.atOffset(ZoneOffset.UTC))
            .update()
        == 1;
  }

  void mailed(long subscriptionId, int periodNo, long mailId) {
    jdbc.sql(MAILED)
        .param("subscriptionId", subscriptionId)
        .param("periodNo", periodNo)
        .param("mailId", mailId)
        .update();
  }

  /** When the period's notice was claimed, if it was (for tests and support). */
  @Nullable OffsetDateTime claimedAt(long subscriptionId, int periodNo) {
    return jdbc.sql(
            "SELECT claimed_at FROM notice_upcoming_renewal"
                + " WHERE subscription_id = :s AND period_no = :p")
        .param("s", subscriptionId)
        .param("p", periodNo)
        .query(OffsetDateTime.class)
        .optional()
        .orElse(null);
  }
}
