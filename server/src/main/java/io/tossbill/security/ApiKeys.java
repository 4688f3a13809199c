package io.tossbill.security;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.tossbill.platform.ApiException;
import io.tossbill.platform.Text;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.springframework.core.env.Environment;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * API keys: random, shown once, stored only as SHA-256 hashes. A key is {@code tb_test_} (sandbox
 * mode) or {@code tb_live_} followed by 32 random letters and digits.
 *
 * <p>An active key, once found, is kept in memory by its hash for {@code
 * tossbill.security.api-key-cache} (10 s): the merchant API is called on every request of the
 * merchant's app (the entitlement check above all) and a database read per request was most of its
 * cost. A key revoked on this node stops working at once (dropped after the revocation commits); on
 * another node within that time. Unknown keys are never kept.
 */
@Service
public class ApiKeys {

  private static final String ALPHABET =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
  private static final int RANDOM_CHARS = 32;
  private static final int DISPLAY_PREFIX = 12;

  private static final String INSERT =
      """
      INSERT INTO api_key (name, prefix, hash, role, created_at)
      VALUES (:name, :prefix, :hash, :role, :now)
      ON CONFLICT (hash) DO NOTHING
      RETURNING id
      """;

  private static final String SELECT =
      """
      SELECT id, name, prefix, role, created_at, revoked_at FROM api_key
      """;

  private static final String ACTIVE_BY_HASH =
      SELECT + " WHERE hash = :hash AND revoked_at IS NULL";

  private static final String BY_ID = SELECT + " WHERE id = :id";

  private static final String ALL = SELECT + " ORDER BY id";

  private static final String REVOKE =
      """
      UPDATE api_key SET revoked_at = :now WHERE id = :id AND revoked_at IS NULL
      """;

  private static final String ANY_ADMIN_KEY_EVER =
      """
      SELECT EXISTS (SELECT 1 FROM api_key WHERE role = 'ADMIN')
      """;

  private final JdbcClient jdbc;
  private final Clock clock;
  private final String keyPrefix;
  private final SecureRandom random = new SecureRandom();
  private final @Nullable Cache<String, ApiKeyView> active;

  ApiKeys(
      JdbcClient jdbc, Clock clock, Environment environment, SecurityModuleProperties properties) {
    this.jdbc = jdbc;
    this.clock = clock;
    this.active =
        properties.apiKeyCache().isZero()
            ? null
            : Caffeine.newBuilder()
                .expireAfterWrite(properties.apiKeyCache())
                .maximumSize(10_000)
                .build();
    this.keyPrefix =
        environment.getProperty("tossbill.toss.sandbox", Boolean.class, true)
            ? "tb_test_"
            : "tb_live_";
  }

  /** A new key; the returned {@link NewKey#key()} is the only time it is ever seen. */
  @Transactional
  public NewKey create(String name, ApiKeyRole role) {
    Text.requirePrintable("name", name);
    if (name.isBlank() || name.length() > 100) {
      throw ApiException.badRequest("INVALID_API_KEY_NAME", "api.INVALID_API_KEY_NAME");
    }
    StringBuilder key = new StringBuilder(keyPrefix);
    for (int i = 0; i < RANDOM_CHARS; i++) {
      key.append(ALPHABET.charAt(random.nextInt(ALPHABET.length())));
    }
    ApiKeyView view =
        insert(name.strip(), key.toString(), role)
            .orElseThrow(
                () ->
                    new IllegalStateException(
                        "a random API key collided: the random source is broken"));
    return new NewKey(view, key.toString());
  }

  /** Stores a key chosen elsewhere (the bootstrap admin key); empty when it exists already. */
  @Transactional
  Optional<ApiKeyView> insert(String name, String key, ApiKeyRole role) {
    return jdbc.sql(INSERT)
        .param("name", name)
        .param("prefix", key.substring(0, Math.min(DISPLAY_PREFIX, key.length())))
        .param("hash", hash(key))
        .param("role", role.name())
        .param("now", clock.instant().atOffset(ZoneOffset.UTC))
        .query(Long.class)
        .optional()
        .map(id -> find(id).orElseThrow());
  }

  /**
   * The active key with this value, if any: from memory when it was found active within {@code
   * tossbill.security.api-key-cache}, else one read (no transaction: a single statement).
   */
  Optional<ApiKeyView> authenticate(String key) {
    if (key.isEmpty() || key.length() > 200) {
      return Optional.empty();
    }
    String hash = hash(key);
    if (active == null) {
      return find(hash);
    }
    ApiKeyView known = active.getIfPresent(hash);
    if (known != null) {
      return Optional.of(known);
    }
    Optional<ApiKeyView> found = find(hash);
    found.ifPresent(view -> active.put(hash, view));
    return found;
  }

  private Optional<ApiKeyView> find(String hash) {
    return jdbc.sql(ACTIVE_BY_HASH).param("hash", hash).query(this::row).optional();
  }

  @Transactional(readOnly = true)
  Optional<ApiKeyView> find(long id) {
    return jdbc.sql(BY_ID).param("id", id).query(this::row).optional();
  }

  @Transactional(readOnly = true)
  public List<ApiKeyView> all() {
    return jdbc.sql(ALL).query(this::row).list();
  }

  /** Revokes the key; revoking it again changes nothing. */
  @Transactional
  public ApiKeyView revoke(long id) {
    find(id)
        .orElseThrow(() -> ApiException.notFound("API_KEY_NOT_FOUND", "api.API_KEY_NOT_FOUND", id));
    jdbc.sql(REVOKE)
        .param("id", id)
        .param("now", clock.instant().atOffset(ZoneOffset.UTC))
        .update();
    forgetAfterCommit(id);
    return find(id).orElseThrow();
  }

  /**
   * Drops the key from memory now and again once the revocation committed: a request reading the
   * key between the two would otherwise keep it for the cache's time.
   */
  private void forgetAfterCommit(long id) {
    if (active == null) {
      return;
    }
    active.asMap().values().removeIf(view -> view.id() == id);
    TransactionSynchronizationManager.registerSynchronization(
        new TransactionSynchronization() {
          @Override
          public void afterCompletion(int status) {
            active.asMap().values().removeIf(view -> view.id() == id);
          }
        });
  }

  boolean anyAdminKeyEver() {
    return Boolean.TRUE.equals(jdbc.sql(ANY_ADMIN_KEY_EVER).query(Boolean.class).single());
  }

  static String hash(String key) {
    try {
      return HexFormat.of()
          .formatHex(
              MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private ApiKeyView row(ResultSet rs, int n) throws SQLException {
    OffsetDateTime revoked = rs.getObject("revoked_at", OffsetDateTime.class);
    return new ApiKeyView(
        rs.getLong("id"),
        rs.getString("name"),
        rs.getString("prefix"),
        ApiKeyRole.valueOf(rs.getString("role")),
        rs.getObject("created_at", OffsetDateTime.class).toInstant(),
        revoked == null ? null : revoked.toInstant());
  }

  /** A key as it may be shown: its first characters, never the whole key or its hash. */
  public record ApiKeyView(
      long id,
      String name,
      String prefix,
      ApiKeyRole role,
      Instant createdAt,
      @Nullable Instant revokedAt) {}

  /** A key just made: the only moment its value exists outside the caller. */
  public record NewKey(ApiKeyView apiKey, String key) {
    @Override
    public String toString() {
      return "NewKey[" + apiKey + ", key=***]";
    }
  }
}
