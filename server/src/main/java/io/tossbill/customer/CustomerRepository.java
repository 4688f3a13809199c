package io.tossbill.customer;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** Customers in PostgreSQL. */
@Repository
class CustomerRepository {

  private static final String INSERT =
      """
      INSERT INTO customer (customer_key, email, name, external_id, created_at)
      VALUES (:customerKey, :email, :name, :externalId, :now)
      ON CONFLICT (customer_key) DO NOTHING
      RETURNING id
      """;

  private static final String SELECT =
      """
      SELECT id, customer_key, email, name, external_id, created_at, deleted_at FROM customer
      """;

  private static final String BY_ID = SELECT + " WHERE id = :id";

  private static final String BY_ID_FOR_UPDATE = SELECT + " WHERE id = :id FOR UPDATE";

  private static final String BY_KEY = SELECT + " WHERE customer_key = :customerKey";

  private static final String BY_EXTERNAL_ID =
      SELECT + " WHERE external_id = :externalId AND deleted_at IS NULL ORDER BY id";

  private static final String MARK_DELETED =
      """
      UPDATE customer SET deleted_at = :now WHERE id = :id AND deleted_at IS NULL
      """;

  private final JdbcClient jdbc;

  CustomerRepository(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  /** Empty only in the astronomically unlikely case that the random key is taken. */
  Optional<CustomerId> insert(
      String customerKey,
      @Nullable String email,
      @Nullable String name,
      @Nullable String externalId,
      Instant now) {
    return jdbc.sql(INSERT)
        .param("customerKey", customerKey)
        .param("email", email)
        .param("name", name)
        .param("externalId", externalId)
        .param("now", now.atOffset(ZoneOffset.UTC))
        .query(Long.class)
        .optional()
        .map(CustomerId::new);
  }

  Optional<StoredCustomer> find(CustomerId id) {
    return jdbc.sql(BY_ID).param("id", id.value()).query(this::row).optional();
  }

  Optional<StoredCustomer> lock(CustomerId id) {
    return jdbc.sql(BY_ID_FOR_UPDATE).param("id", id.value()).query(this::row).optional();
  }

  Optional<StoredCustomer> findByCustomerKey(String customerKey) {
    return jdbc.sql(BY_KEY).param("customerKey", customerKey).query(this::row).optional();
  }

  List<StoredCustomer> findByExternalId(String externalId) {
    return jdbc.sql(BY_EXTERNAL_ID).param("externalId", externalId).query(this::row).list();
  }

  boolean markDeleted(CustomerId id, Instant now) {
    return jdbc.sql(MARK_DELETED)
            .param("id", id.value())
            .param("now", now.atOffset(ZoneOffset.UTC))
            .update()
        == 1;
  }

  private StoredCustomer row(ResultSet rs, int n) throws SQLException {
    OffsetDateTime deletedAt = rs.getObject("deleted_at", OffsetDateTime.class);
    return new StoredCustomer(
        new Customer(
            new CustomerId(rs.getLong("id")),
            rs.getString("customer_key"),
            rs.getString("email"),
            rs.getString("name"),
            rs.getString("external_id"),
            rs.getObject("created_at", OffsetDateTime.class).toInstant()),
        deletedAt == null ? null : deletedAt.toInstant());
  }

  /** A customer with whether they have left. */
  record StoredCustomer(Customer customer, @Nullable Instant deletedAt) {
    boolean deleted() {
      return deletedAt != null;
    }
  }
}
