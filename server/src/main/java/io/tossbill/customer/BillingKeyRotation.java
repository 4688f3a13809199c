package io.tossbill.customer;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Rewrites stored billing keys under the first (current) encryption key after a rotation, a batch
 * at a time: each row is locked (other nodes skip it), decrypted with its old key, encrypted with
 * the new one and its lookup hash remade, in one transaction per batch. Runs by itself every few
 * minutes ({@code customer-reencrypt-billing-keys}) and on demand from the admin API; when every
 * card is under the current key, a pass reads one index and does nothing.
 */
@Service
class BillingKeyRotation {

  static final int BATCH = 200;

  private static final String CLAIM =
      """
      SELECT id, billing_key FROM card
      WHERE billing_key NOT LIKE :current ESCAPE '\\'
      ORDER BY id
      LIMIT :limit
      FOR UPDATE SKIP LOCKED
      """;

  private static final String REWRITE =
      """
      UPDATE card SET billing_key = :billingKey, billing_key_hash = :hash WHERE id = :id
      """;

  private static final String BY_KEY =
      """
      SELECT split_part(billing_key, ':', 1) AS key_id, count(*) AS n
      FROM card GROUP BY key_id ORDER BY key_id
      """;

  private final JdbcClient jdbc;
  private final BillingKeyCipher cipher;
  private final TransactionTemplate transactions;

  BillingKeyRotation(JdbcClient jdbc, BillingKeyCipher cipher, TransactionTemplate transactions) {
    this.jdbc = jdbc;
    this.cipher = cipher;
    this.transactions = transactions;
  }

  /** Re-encrypts every card not under the current key; how many were rewritten. */
  int reencryptAll() {
    int total = 0;
    int done;
    do {
      done = reencryptBatch();
      total += done;
    } while (done == BATCH && !Thread.currentThread().isInterrupted());
    return total;
  }

  /**
   * How many stored billing keys each key id encrypts (the current one first in {@code keyIds}).
   */
  Map<String, Long> cardsByKey() {
    Map<String, Long> counts = new LinkedHashMap<>();
    jdbc.sql(BY_KEY)
        .query(
            rs -> {
              counts.put(rs.getString("key_id"), rs.getLong("n"));
            });
    return counts;
  }

  String currentKeyId() {
    return cipher.keyIds().getFirst();
  }

  private int reencryptBatch() {
    Integer rewritten =
        transactions.execute(
            status -> {
              record Row(long id, String billingKey) {}
              List<Row> rows =
                  jdbc.sql(CLAIM)
                      .param("current", like(currentKeyId()) + ":%")
                      .param("limit", BATCH)
                      .query((rs, n) -> new Row(rs.getLong("id"), rs.getString("billing_key")))
                      .list();
              for (Row row : rows) {
                String billingKey = cipher.decrypt(row.billingKey());
                jdbc.sql(REWRITE)
                    .param("id", row.id())
                    .param("billingKey", cipher.encrypt(billingKey))
                    .param("hash", cipher.hash(billingKey))
                    .update();
              }
              return rows.size();
            });
    return rewritten == null ? 0 : rewritten;
  }

  private static String like(String text) {
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_");
  }
}
