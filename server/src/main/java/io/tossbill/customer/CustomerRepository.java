package io.tossbill.customer;

import io.tossbill.platform.ListRequest;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** Customers in PostgreSQL. */
@Repository
class CustomerRepository {

  private static final String INSERT =
      """
      INSERT INTO customer (customer_key, email, name, external_id, locale, created_at)
      VALUES (:customerKey, :email, :name, :externalId, :locale, :now)
      ON CONFLICT DO NOTHING
      RETURNING id
      """;

  private static final String SELECT =
      """
      SELECT id, customer_key, email, name, external_id, locale, created_at, deleted_at
      FROM customer
      """;

  private static final String BY_ID = SELECT + " WHERE id = :id";

  private static final String BY_IDS = SELECT + " WHERE id IN (:ids)";

  private static final String BY_ID_FOR_UPDATE = SELECT + " WHERE id = :id FOR UPDATE";

  private static final String BY_KEY = SELECT + " WHERE customer_key = :customerKey";

  private static final String BY_EXTERNAL_ID =
      SELECT + " WHERE external_id = :externalId AND deleted_at IS NULL ORDER BY id";

  private static final String UPDATE =
      """
      UPDATE customer SET email = :email, name = :name, external_id = :externalId, locale = :locale
      WHERE id = :id AND deleted_at IS NULL
      """;

  private static final String TAKEN =
      """
      SELECT EXISTS (SELECT 1 FROM customer
                     WHERE external_id = :externalId AND deleted_at IS NULL AND id <> :id)
      """;

  private static final String LIST =
      SELECT
          + """
           WHERE (CAST(:before AS BIGINT) IS NULL OR id < :before)
             AND (:includeDeleted OR deleted_at IS NULL)
             AND (CAST(:email AS TEXT) IS NULL OR lower(email) = lower(:email))
             AND (CAST(:externalId AS TEXT) IS NULL OR external_id = :externalId)
             AND (CAST(:createdFrom AS TIMESTAMPTZ) IS NULL OR created_at >= :createdFrom)
             AND (CAST(:createdTo AS TIMESTAMPTZ) IS NULL OR created_at < :createdTo)
           ORDER BY id DESC
           LIMIT :limit
          """;

  private static final String MARK_DELETED =
      """
      UPDATE customer SET deleted_at = :now WHERE id = :id AND deleted_at IS NULL
      """;

  private final JdbcClient jdbc;

  CustomerRepository(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  /**
   * Empty when the random key is taken (astronomically unlikely) or the external id is (then {@link
   * #externalIdTaken} says so).
   */
  Optional<CustomerId> insert(String customerKey, Fields fields, Instant now) {
    return jdbc.sql(INSERT)
        .param("customerKey", customerKey)
        .param("email", fields.email())
        .param("name", fields.name())
        .param("externalId", fields.externalId())
        .param("locale", fields.locale().getLanguage())
        .param("now", now.atOffset(ZoneOffset.UTC))
        .query(Long.class)
        .optional()
        .map(CustomerId::new);
  }

  Optional<StoredCustomer> find(CustomerId id) {
    return jdbc.sql(BY_ID).param("id", id.value()).query(this::row).optional();
  }

  List<StoredCustomer> find(Collection<Long> ids) {
    return ids.isEmpty() ? List.of() : jdbc.sql(BY_IDS).param("ids", ids).query(this::row).list();
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

  /** Whether another live customer has {@code externalId}. */
  boolean externalIdTaken(String externalId, long exceptId) {
    return Boolean.TRUE.equals(
        jdbc.sql(TAKEN)
            .param("externalId", externalId)
            .param("id", exceptId)
            .query(Boolean.class)
            .single());
  }

  /** False when the customer is deleted (or gone). */
  boolean update(CustomerId id, Fields fields) {
    return jdbc.sql(UPDATE)
            .param("id", id.value())
            .param("email", fields.email())
            .param("name", fields.name())
            .param("externalId", fields.externalId())
            .param("locale", fields.locale().getLanguage())
            .update()
        == 1;
  }

  /** A page of customers, newest first, with one more row than the page holds. */
  List<StoredCustomer> list(CustomerFilter filter, ListRequest request) {
    return jdbc.sql(LIST)
        .param("before", request.before())
        .param("includeDeleted", filter.includeDeleted())
        .param("email", filter.email())
        .param("externalId", filter.externalId())
        .param("createdFrom", utc(filter.createdFrom()))
        .param("createdTo", utc(filter.createdTo()))
        .param("limit", request.fetch())
        .query(this::row)
        .list();
  }

  private static @Nullable OffsetDateTime utc(@Nullable Instant instant) {
    return instant == null ? null : instant.atOffset(ZoneOffset.UTC);
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
            rs.getObject("created_at", OffsetDateTime.class).toInstant(),
            Locale.forLanguageTag(rs.getString("locale"))),
        deletedAt == null ? null : deletedAt.toInstant());
  }

  /** What a customer is made of, checked. */
  record Fields(String email, @Nullable String name, @Nullable String externalId, Locale locale) {}

  /** A customer with whether they have left. */
  record StoredCustomer(Customer customer, @Nullable Instant deletedAt) {
    boolean deleted() {
      return deletedAt != null;
    }
  }
}
