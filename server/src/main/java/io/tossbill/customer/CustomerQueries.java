package io.tossbill.customer;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Read-only lookups of customers for the admin console and the pages: search by email, name,
 * customerKey or external id, a page at a time; several by id at once.
 */
@Service
public class CustomerQueries {

  /** The most ids a text search hands to another module's filter. */
  public static final int MAX_MATCHES = 1000;

  private static final String SELECT =
      """
      SELECT id, customer_key, email, name, external_id, created_at, deleted_at FROM customer
      """;

  private static final String MATCHES =
      """
       WHERE (CAST(:q AS TEXT) IS NULL
              OR lower(email) LIKE :like ESCAPE '\\' OR lower(name) LIKE :like ESCAPE '\\'
              OR customer_key = :q OR external_id = :q
              OR CAST(id AS TEXT) = :q)
      """;

  private static final String SEARCH =
      SELECT + MATCHES + " ORDER BY id DESC LIMIT :limit OFFSET :offset";

  private static final String COUNT = "SELECT count(*) FROM customer" + MATCHES;

  private static final String IDS =
      "SELECT id FROM customer" + MATCHES + " ORDER BY id LIMIT :limit";

  private static final String BY_IDS =
      SELECT + " WHERE id = ANY(CAST(:ids AS BIGINT[])) ORDER BY id";

  private static final String BY_ID = SELECT + " WHERE id = :id";

  /** A customer as the console lists them. */
  public record CustomerRow(
      long id,
      String customerKey,
      @Nullable String email,
      @Nullable String name,
      @Nullable String externalId,
      Instant createdAt,
      @Nullable Instant deletedAt) {

    public boolean deleted() {
      return deletedAt != null;
    }
  }

  /** One page of a search, newest first. */
  public record CustomerPage(List<CustomerRow> customers, long total, int page, int size) {
    public boolean hasNext() {
      return (long) (page + 1) * size < total;
    }
  }

  private final JdbcClient jdbc;

  CustomerQueries(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  /**
   * Customers whose email or name contains {@code text} (any case), or whose customerKey, external
   * id or id is {@code text}; all when it is blank.
   */
  @Transactional(readOnly = true)
  public CustomerPage search(@Nullable String text, int page, int size) {
    int safePage = Math.max(0, page);
    int safeSize = Math.clamp(size, 1, 200);
    String q = normalized(text);
    List<CustomerRow> rows =
        jdbc.sql(SEARCH)
            .param("q", q)
            .param("like", like(q))
            .param("limit", safeSize)
            .param("offset", (long) safePage * safeSize)
            .query(CustomerQueries::row)
            .list();
    long total = jdbc.sql(COUNT).param("q", q).param("like", like(q)).query(Long.class).single();
    return new CustomerPage(rows, total, safePage, safeSize);
  }

  /** The ids of the customers {@link #search} finds, at most {@link #MAX_MATCHES} + 1 of them. */
  @Transactional(readOnly = true)
  public List<Long> matchingIds(String text) {
    String q = normalized(text);
    return jdbc.sql(IDS)
        .param("q", q)
        .param("like", like(q))
        .param("limit", MAX_MATCHES + 1)
        .query(Long.class)
        .list();
  }

  @Transactional(readOnly = true)
  public List<CustomerRow> byIds(Collection<Long> ids) {
    if (ids.isEmpty()) {
      return List.of();
    }
    return jdbc.sql(BY_IDS)
        .param(
            "ids",
            ids.stream()
                .map(String::valueOf)
                .collect(java.util.stream.Collectors.joining(",", "{", "}")))
        .query(CustomerQueries::row)
        .list();
  }

  @Transactional(readOnly = true)
  public Optional<CustomerRow> find(CustomerId id) {
    return jdbc.sql(BY_ID).param("id", id.value()).query(CustomerQueries::row).optional();
  }

  private static @Nullable String normalized(@Nullable String text) {
    if (text == null || text.isBlank()) {
      return null;
    }
    String stripped = text.strip();
    return stripped.length() > 200 ? stripped.substring(0, 200) : stripped;
  }

  private static @Nullable String like(@Nullable String q) {
    if (q == null) {
      return null;
    }
    String escaped =
        q.toLowerCase(java.util.Locale.ROOT)
            .replace("\\", "\\\\")
            .replace("%", "\\%")
            .replace("_", "\\_");
    return "%" + escaped + "%";
  }

  private static CustomerRow row(ResultSet rs, int n) throws SQLException {
    OffsetDateTime deleted = rs.getObject("deleted_at", OffsetDateTime.class);
    return new CustomerRow(
        rs.getLong("id"),
        rs.getString("customer_key"),
        rs.getString("email"),
        rs.getString("name"),
        rs.getString("external_id"),
        rs.getObject("created_at", OffsetDateTime.class).toInstant(),
        deleted == null ? null : deleted.toInstant());
  }
}
