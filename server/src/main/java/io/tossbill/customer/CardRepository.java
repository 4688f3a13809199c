package io.tossbill.customer;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** Cards in PostgreSQL; the billing key only as ciphertext and keyed hash. */
@Repository
class CardRepository {

  private static final String INSERT =
      """
      INSERT INTO card (customer_id, status, billing_key, billing_key_hash, issuer_code, issuer_name,
                        masked_number, card_type, owner_type, created_at, status_changed_at)
      VALUES (:customerId, 'CURRENT', :billingKey, :hash, :issuerCode, :issuerName,
              :maskedNumber, :cardType, :ownerType, :now, :now)
      RETURNING id
      """;

  private static final String SELECT =
      """
      SELECT id, customer_id, status, billing_key, issuer_code, issuer_name, masked_number, card_type,
             owner_type
      FROM card
      """;

  private static final String CURRENT =
      SELECT + " WHERE customer_id = :customerId AND status = 'CURRENT'";

  // The current cards of many customers with their customerKey, for a renewal batch (one
  // statement); a deleted customer has none.
  private static final String CURRENT_OF_CUSTOMERS =
      """
      SELECT c.id, c.customer_id, c.status, c.billing_key, c.issuer_code, c.issuer_name, c.masked_number,
             c.card_type, c.owner_type, u.customer_key
      FROM card c JOIN customer u ON u.id = c.customer_id
      WHERE c.customer_id IN (:customerIds) AND c.status = 'CURRENT' AND u.deleted_at IS NULL
      """;

  private static final String BY_HASHES = SELECT + " WHERE billing_key_hash IN (:hashes)";

  private static final String BY_ID = SELECT + " WHERE id = :id";

  private static final String BY_IDS = SELECT + " WHERE id IN (:ids)";

  private static final String MOVE =
      """
      UPDATE card SET status = :to, status_changed_at = :now, status_reason = :reason
      WHERE id = :id AND status = :from
      """;

  private static final String CLAIM_KEY_DELETIONS =
      """
      UPDATE card SET toss_delete_tried_at = :now
      WHERE id IN (SELECT id FROM card
                   WHERE status IN ('REPLACED', 'DELETED') AND toss_key_deleted_at IS NULL
                     AND (toss_delete_tried_at IS NULL OR toss_delete_tried_at < :retryBefore)
                     AND (:onlyId = 0 OR id = :onlyId)
                   ORDER BY id
                   LIMIT :limit
                   FOR UPDATE SKIP LOCKED)
      RETURNING id, billing_key
      """;

  private static final String MARK_KEY_DELETED =
      """
      UPDATE card SET toss_key_deleted_at = :now WHERE id = :id AND toss_key_deleted_at IS NULL
      """;

  private final JdbcClient jdbc;

  CardRepository(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  CardId insertCurrent(
      CustomerId customerId,
      String encryptedBillingKey,
      String hash,
      CardSummary summary,
      Instant now) {
    return new CardId(
        jdbc.sql(INSERT)
            .param("customerId", customerId.value())
            .param("billingKey", encryptedBillingKey)
            .param("hash", hash)
            .param("issuerCode", summary.issuerCode())
            .param("issuerName", summary.issuerName())
            .param("maskedNumber", summary.maskedNumber())
            .param("cardType", summary.cardType())
            .param("ownerType", summary.ownerType())
            .param("now", now.atOffset(ZoneOffset.UTC))
            .query(Long.class)
            .single());
  }

  /** A current card with its customer's customerKey. */
  record CurrentCard(StoredCard card, String customerKey) {}

  List<CurrentCard> currentOf(java.util.Collection<Long> customerIds) {
    if (customerIds.isEmpty()) {
      return List.of();
    }
    return jdbc.sql(CURRENT_OF_CUSTOMERS)
        .param("customerIds", customerIds)
        .query((rs, n) -> new CurrentCard(row(rs, n), rs.getString("customer_key")))
        .list();
  }

  Optional<StoredCard> current(CustomerId customerId) {
    return jdbc.sql(CURRENT).param("customerId", customerId.value()).query(this::row).optional();
  }

  Optional<StoredCard> find(CardId id) {
    return jdbc.sql(BY_ID).param("id", id.value()).query(this::row).optional();
  }

  List<StoredCard> find(Collection<Long> ids) {
    return ids.isEmpty() ? List.of() : jdbc.sql(BY_IDS).param("ids", ids).query(this::row).list();
  }

  Optional<StoredCard> findByHashes(List<String> hashes) {
    return jdbc.sql(BY_HASHES).param("hashes", hashes).query(this::row).optional();
  }

  /** Compare-and-set on the status; false when the card was no longer {@code from}. */
  boolean move(CardId id, CardStatus from, CardStatus to, @Nullable String reason, Instant now) {
    from.moveTo(to);
    return jdbc.sql(MOVE)
            .param("id", id.value())
            .param("from", from.name())
            .param("to", to.name())
            .param("reason", reason)
            .param("now", now.atOffset(ZoneOffset.UTC))
            .update()
        == 1;
  }

  /** Claims replaced or deleted cards whose key is still at Toss; {@code onlyId} 0 means any. */
  List<KeyToDelete> claimKeyDeletions(long onlyId, int limit, Instant now, Instant retryBefore) {
    return jdbc.sql(CLAIM_KEY_DELETIONS)
        .param("onlyId", onlyId)
        .param("limit", limit)
        .param("now", now.atOffset(ZoneOffset.UTC))
        .param("retryBefore", retryBefore.atOffset(ZoneOffset.UTC))
        .query(
            (rs, n) -> new KeyToDelete(new CardId(rs.getLong("id")), rs.getString("billing_key")))
        .list();
  }

  void markKeyDeleted(CardId id, Instant now) {
    jdbc.sql(MARK_KEY_DELETED)
        .param("id", id.value())
        .param("now", now.atOffset(ZoneOffset.UTC))
        .update();
  }

  private StoredCard row(ResultSet rs, int n) throws SQLException {
    return new StoredCard(
        new CardId(rs.getLong("id")),
        new CustomerId(rs.getLong("customer_id")),
        CardStatus.valueOf(rs.getString("status")),
        rs.getString("billing_key"),
        new CardSummary(
            rs.getString("issuer_code"),
            rs.getString("issuer_name"),
            rs.getString("masked_number"),
            rs.getString("card_type"),
            rs.getString("owner_type")));
  }

  /** A stored card; {@code encryptedBillingKey} is ciphertext and never printed. */
  record StoredCard(
      CardId id,
      CustomerId customerId,
      CardStatus status,
      String encryptedBillingKey,
      CardSummary summary) {
    @Override
    public String toString() {
      return "StoredCard[id=" + id + ", customerId=" + customerId + ", status=" + status + "]";
    }
  }

  /** A card whose key is to be deleted at Toss; {@code encryptedBillingKey} is ciphertext. */
  record KeyToDelete(CardId id, String encryptedBillingKey) {
    @Override
    public String toString() {
      return "KeyToDelete[id=" + id + "]";
    }
  }
}
