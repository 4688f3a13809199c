package io.tossbill.hooks;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The hooks tables: endpoints, sequence numbers, events, deliveries and their tries. Deliveries are
 * claimed with {@code FOR UPDATE SKIP LOCKED} and a claim token; outcomes are written by
 * compare-and-set on that token, so a try whose claim expired never overwrites a newer one.
 */
@Repository
class HookRepository {

  // ---- endpoints

  private static final String ENDPOINT_COLUMNS =
      """
      id, url, description, event_types, secret, previous_secret, previous_secret_expires_at,
      enabled, disabled_reason, disabled_at, failing_since, consecutive_failures, last_success_at,
      created_at, updated_at
      """;

  private static final String INSERT_ENDPOINT =
      """
      INSERT INTO hook_endpoint (url, description, event_types, secret, enabled, disabled_reason,
                                 disabled_at, created_at, updated_at)
      VALUES (:url, :description, :eventTypes, :secret, :enabled, :disabledReason, :disabledAt, :now, :now)
      RETURNING id
      """;

  private static final String COUNT_ENDPOINTS = "SELECT count(*) FROM hook_endpoint";

  private static final String ENDPOINT_BY_ID =
      "SELECT " + ENDPOINT_COLUMNS + " FROM hook_endpoint WHERE id = :id";

  private static final String LOCK_ENDPOINT = ENDPOINT_BY_ID + " FOR UPDATE";

  private static final String ALL_ENDPOINTS =
      "SELECT " + ENDPOINT_COLUMNS + " FROM hook_endpoint ORDER BY id DESC";

  private static final String UPDATE_ENDPOINT =
      """
      UPDATE hook_endpoint
      SET url = :url, description = :description, event_types = :eventTypes, enabled = :enabled,
          disabled_reason = :disabledReason, disabled_at = :disabledAt,
          failing_since = :failingSince, consecutive_failures = :consecutiveFailures, updated_at = :now
      WHERE id = :id
      """;

  private static final String ROLL_SECRET =
      """
      UPDATE hook_endpoint
      SET previous_secret = secret, previous_secret_expires_at = :overlapEnds, secret = :secret,
          updated_at = :now
      WHERE id = :id
      """;

  private static final String DELETE_ENDPOINT = "DELETE FROM hook_endpoint WHERE id = :id";

  private static final String ENABLED_ENDPOINTS =
      "SELECT id, event_types FROM hook_endpoint WHERE enabled ORDER BY id";

  private static final String ENDPOINT_SUCCEEDED =
      """
      UPDATE hook_endpoint SET failing_since = NULL, consecutive_failures = 0, last_success_at = :at
      WHERE id = :id
      """;

  private static final String ENDPOINT_FAILED =
      """
      UPDATE hook_endpoint
      SET failing_since = coalesce(failing_since, :at), consecutive_failures = consecutive_failures + 1
      WHERE id = :id
      RETURNING enabled, failing_since, consecutive_failures
      """;

  private static final String DISABLE_FAILING =
      """
      UPDATE hook_endpoint
      SET enabled = false, disabled_reason = 'FAILING', disabled_at = :now, updated_at = :now
      WHERE id = :id AND enabled
      """;

  // ---- events

  private static final String EVENT_EXISTS =
      "SELECT count(*) > 0 FROM hook_event WHERE dedupe_key = :dedupeKey";

  private static final String NEXT_SEQUENCE =
      """
      INSERT INTO hook_sequence AS s (scope, last_value) VALUES (:scope, 1)
      ON CONFLICT (scope) DO UPDATE SET last_value = s.last_value + 1
      RETURNING last_value
      """;

  private static final String INSERT_EVENT =
      """
      INSERT INTO hook_event (public_id, type, dedupe_key, customer_id, subscription_id, sequence,
                              payload, created_at)
      VALUES (:publicId, :type, :dedupeKey, :customerId, :subscriptionId, :sequence, :payload, :now)
      ON CONFLICT (dedupe_key) DO NOTHING
      RETURNING id
      """;

  private static final String INSERT_DELIVERIES =
      """
      INSERT INTO hook_delivery (event_id, endpoint_id, status, next_attempt_at, created_at)
      SELECT :eventId, e.id, 'PENDING', :now, :now FROM hook_endpoint e WHERE e.id IN (:endpointIds)
      ON CONFLICT (event_id, endpoint_id) DO NOTHING
      """;

  private static final String EXPIRED_EVENTS =
      """
      DELETE FROM hook_event WHERE id IN (
        SELECT ev.id FROM hook_event ev
        WHERE ev.created_at < :before
          AND NOT EXISTS (SELECT 1 FROM hook_delivery d WHERE d.event_id = ev.id AND d.status = 'PENDING')
        ORDER BY ev.created_at LIMIT :limit)
      """;

  // ---- deliveries

  private static final String CLAIM =
      """
      WITH due AS (
        SELECT d.id FROM hook_delivery d JOIN hook_endpoint e ON e.id = d.endpoint_id
        WHERE d.status = 'PENDING' AND d.next_attempt_at <= :now AND e.enabled
        ORDER BY d.next_attempt_at, d.id
        LIMIT :limit
        FOR UPDATE OF d SKIP LOCKED)
      UPDATE hook_delivery d SET claim_token = :token, next_attempt_at = :leaseEnds
      FROM due WHERE d.id = due.id
      """;

  private static final String CLAIMED =
      """
      SELECT d.id, d.endpoint_id, d.attempts, d.schedule_step, ev.public_id, ev.type, ev.sequence,
             ev.customer_id, ev.subscription_id, ev.payload, e.url, e.secret, e.previous_secret,
             e.previous_secret_expires_at
      FROM hook_delivery d
      JOIN hook_event ev ON ev.id = d.event_id
      JOIN hook_endpoint e ON e.id = d.endpoint_id
      WHERE d.claim_token = :token
      ORDER BY ev.id, d.id
      """;

  private static final String DELIVERED =
      """
      UPDATE hook_delivery
      SET status = 'DELIVERED', attempts = attempts + 1, schedule_step = schedule_step + 1,
          claim_token = NULL, next_attempt_at = NULL, last_attempt_at = :at,
          last_status_code = :statusCode, last_error = NULL, delivered_at = :at
      WHERE id = :id AND claim_token = :token
      """;

  private static final String NOT_DELIVERED =
      """
      UPDATE hook_delivery
      SET status = :status, attempts = attempts + 1, schedule_step = schedule_step + 1,
          claim_token = NULL, next_attempt_at = :nextAttemptAt, last_attempt_at = :at,
          last_status_code = :statusCode, last_error = :error
      WHERE id = :id AND claim_token = :token
      """;

  private static final String RELEASE =
      """
      UPDATE hook_delivery SET claim_token = NULL, next_attempt_at = :now
      WHERE id = :id AND claim_token = :token
      """;

  private static final String INSERT_ATTEMPT =
      """
      INSERT INTO hook_attempt (delivery_id, attempt_no, attempted_at, status_code, outcome, latency_ms,
                                response_excerpt, error)
      VALUES (:deliveryId, :attemptNo, :at, :statusCode, :outcome, :latencyMs, :excerpt, :error)
      """;

  private static final String REPLAY =
      """
      UPDATE hook_delivery
      SET status = 'PENDING', schedule_step = 0, replays = replays + 1, next_attempt_at = :now,
          claim_token = NULL
      WHERE id = :id AND (claim_token IS NULL OR next_attempt_at < :now)
      """;

  private static final String DELIVERY_COLUMNS =
      """
      d.id, d.endpoint_id, d.status, d.attempts, d.replays, d.next_attempt_at, d.claim_token,
      d.last_attempt_at, d.last_status_code, d.last_error, d.delivered_at, d.created_at,
      ev.public_id, ev.type, ev.sequence, ev.customer_id, ev.subscription_id, ev.created_at AS event_at
      """;

  private static final String DELIVERIES =
      "SELECT "
          + DELIVERY_COLUMNS
          + """
          FROM hook_delivery d JOIN hook_event ev ON ev.id = d.event_id
          WHERE d.endpoint_id = :endpointId
            AND (CAST(:status AS TEXT) IS NULL OR d.status = :status)
            AND (CAST(:before AS BIGINT) IS NULL OR d.id < :before)
          ORDER BY d.id DESC LIMIT :limit
          """;

  private static final String DELIVERY =
      "SELECT "
          + DELIVERY_COLUMNS
          + ", ev.payload FROM hook_delivery d JOIN hook_event ev ON ev.id = d.event_id"
          + " WHERE d.id = :id";

  private static final String ATTEMPTS =
      """
      SELECT attempt_no, attempted_at, status_code, outcome, latency_ms, response_excerpt, error
      FROM hook_attempt WHERE delivery_id = :deliveryId ORDER BY id DESC LIMIT :limit
      """;

  private final JdbcClient jdbc;

  HookRepository(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  /** An endpoint as stored. Its {@code toString} never shows a secret. */
  record StoredEndpoint(
      long id,
      String url,
      String description,
      List<String> eventTypes,
      String secret,
      @Nullable String previousSecret,
      @Nullable Instant previousSecretExpiresAt,
      boolean enabled,
      @Nullable String disabledReason,
      @Nullable Instant disabledAt,
      @Nullable Instant failingSince,
      int consecutiveFailures,
      @Nullable Instant lastSuccessAt,
      Instant createdAt,
      Instant updatedAt) {

    @Override
    public String toString() {
      return "StoredEndpoint[id=" + id + ", url=" + EndpointRules.shown(url) + ", secret=***]";
    }
  }

  /** An enabled endpoint and what it wants, for fanning an event out. */
  record Target(long id, List<String> eventTypes) {}

  /** A claimed delivery with what a try needs. Its {@code toString} never shows a secret. */
  record Claimed(
      long id,
      long endpointId,
      int attempts,
      int scheduleStep,
      String eventId,
      String type,
      long sequence,
      long customerId,
      @Nullable Long subscriptionId,
      String payload,
      String url,
      String secret,
      @Nullable String previousSecret,
      @Nullable Instant previousSecretExpiresAt) {

    /** Deliveries of one group are tried in order, one at a time. */
    String group() {
      return endpointId + "/" + (subscriptionId != null ? "s" + subscriptionId : "c" + customerId);
    }

    @Override
    public String toString() {
      return "Claimed[id=" + id + ", event=" + eventId + ", endpoint=" + endpointId + "]";
    }
  }

  /** What an endpoint's failure counters say after one more failed try. */
  record Failing(boolean enabled, Instant failingSince, int consecutiveFailures) {}

  /** A delivery as listed. */
  record StoredDelivery(
      long id,
      long endpointId,
      HookDeliveryStatus status,
      int attempts,
      int replays,
      @Nullable Instant nextAttemptAt,
      boolean claimed,
      @Nullable Instant lastAttemptAt,
      @Nullable Integer lastStatusCode,
      @Nullable String lastError,
      @Nullable Instant deliveredAt,
      Instant createdAt,
      String eventId,
      String type,
      long sequence,
      long customerId,
      @Nullable Long subscriptionId,
      Instant eventAt,
      @Nullable String payload) {}

  long insertEndpoint(
      String url,
      String description,
      List<String> eventTypes,
      String secret,
      boolean enabled,
      Instant now) {
    return jdbc.sql(INSERT_ENDPOINT)
        .param("url", url)
        .param("description", description)
        .param("eventTypes", EndpointRules.join(eventTypes))
        .param("secret", secret)
        .param("enabled", enabled)
        .param("disabledReason", enabled ? null : "MANUAL")
        .param("disabledAt", enabled ? null : time(now))
        .param("now", time(now))
        .query(Long.class)
        .single();
  }

  long countEndpoints() {
    return jdbc.sql(COUNT_ENDPOINTS).query(Long.class).single();
  }

  Optional<StoredEndpoint> endpoint(long id) {
    return jdbc.sql(ENDPOINT_BY_ID).param("id", id).query(HookRepository::endpointRow).optional();
  }

  Optional<StoredEndpoint> lockEndpoint(long id) {
    return jdbc.sql(LOCK_ENDPOINT).param("id", id).query(HookRepository::endpointRow).optional();
  }

  List<StoredEndpoint> endpoints() {
    return jdbc.sql(ALL_ENDPOINTS).query(HookRepository::endpointRow).list();
  }

  void updateEndpoint(StoredEndpoint e, Instant now) {
    jdbc.sql(UPDATE_ENDPOINT)
        .param("id", e.id())
        .param("url", e.url())
        .param("description", e.description())
        .param("eventTypes", EndpointRules.join(e.eventTypes()))
        .param("enabled", e.enabled())
        .param("disabledReason", e.disabledReason())
        .param("disabledAt", timeOrNull(e.disabledAt()))
        .param("failingSince", timeOrNull(e.failingSince()))
        .param("consecutiveFailures", e.consecutiveFailures())
        .param("now", time(now))
        .update();
  }

  void rollSecret(long id, String secret, Instant overlapEnds, Instant now) {
    jdbc.sql(ROLL_SECRET)
        .param("id", id)
        .param("secret", secret)
        .param("overlapEnds", time(overlapEnds))
        .param("now", time(now))
        .update();
  }

  boolean deleteEndpoint(long id) {
    return jdbc.sql(DELETE_ENDPOINT).param("id", id).update() == 1;
  }

  List<Target> enabledEndpoints() {
    return jdbc.sql(ENABLED_ENDPOINTS)
        .query((rs, n) -> new Target(rs.getLong("id"), EndpointRules.split(rs.getString(2))))
        .list();
  }

  void endpointSucceeded(long id, Instant at) {
    jdbc.sql(ENDPOINT_SUCCEEDED).param("id", id).param("at", time(at)).update();
  }

  Optional<Failing> endpointFailed(long id, Instant at) {
    return jdbc.sql(ENDPOINT_FAILED)
        .param("id", id)
        .param("at", time(at))
        .query(
            (rs, n) ->
                new Failing(
                    rs.getBoolean("enabled"),
                    rs.getObject("failing_since", OffsetDateTime.class).toInstant(),
                    rs.getInt("consecutive_failures")))
        .optional();
  }

  boolean disableFailing(long id, Instant now) {
    return jdbc.sql(DISABLE_FAILING).param("id", id).param("now", time(now)).update() == 1;
  }

  boolean eventExists(String dedupeKey) {
    return jdbc.sql(EVENT_EXISTS).param("dedupeKey", dedupeKey).query(Boolean.class).single();
  }

  long nextSequence(String scope) {
    return jdbc.sql(NEXT_SEQUENCE).param("scope", scope).query(Long.class).single();
  }

  /** The new event's id; empty when an event with this dedupe key exists already. */
  Optional<Long> insertEvent(
      String publicId,
      String type,
      @Nullable String dedupeKey,
      long customerId,
      @Nullable Long subscriptionId,
      long sequence,
      String payload,
      Instant now) {
    return jdbc.sql(INSERT_EVENT)
        .param("publicId", publicId)
        .param("type", type)
        .param("dedupeKey", dedupeKey)
        .param("customerId", customerId)
        .param("subscriptionId", subscriptionId)
        .param("sequence", sequence)
        .param("payload", payload)
        .param("now", time(now))
        .query(Long.class)
        .optional();
  }

  void insertDeliveries(long eventId, Collection<Long> endpointIds, Instant now) {
    jdbc.sql(INSERT_DELIVERIES)
        .param("eventId", eventId)
        .param("endpointIds", endpointIds)
        .param("now", time(now))
        .update();
  }

  int deleteExpiredEvents(Instant before, int limit) {
    return jdbc.sql(EXPIRED_EVENTS).param("before", time(before)).param("limit", limit).update();
  }

  /** Claims up to {@code limit} due deliveries of enabled endpoints under {@code token}. */
  List<Claimed> claim(UUID token, Instant now, Instant leaseEnds, int limit) {
    int claimed =
        jdbc.sql(CLAIM)
            .param("token", token)
            .param("now", time(now))
            .param("leaseEnds", time(leaseEnds))
            .param("limit", limit)
            .update();
    if (claimed == 0) {
      return List.of();
    }
    return jdbc.sql(CLAIMED)
        .param("token", token)
        .query(
            (rs, n) ->
                new Claimed(
                    rs.getLong("id"),
                    rs.getLong("endpoint_id"),
                    rs.getInt("attempts"),
                    rs.getInt("schedule_step"),
                    rs.getString("public_id"),
                    rs.getString("type"),
                    rs.getLong("sequence"),
                    rs.getLong("customer_id"),
                    rs.getObject("subscription_id", Long.class),
                    rs.getString("payload"),
                    rs.getString("url"),
                    rs.getString("secret"),
                    rs.getString("previous_secret"),
                    instant(rs, "previous_secret_expires_at")))
        .list();
  }

  boolean delivered(long id, UUID token, Instant at, int statusCode) {
    return jdbc.sql(DELIVERED)
            .param("id", id)
            .param("token", token)
            .param("at", time(at))
            .param("statusCode", statusCode)
            .update()
        == 1;
  }

  boolean notDelivered(
      long id,
      UUID token,
      HookDeliveryStatus status,
      @Nullable Instant nextAttemptAt,
      Instant at,
      @Nullable Integer statusCode,
      String error) {
    return jdbc.sql(NOT_DELIVERED)
            .param("id", id)
            .param("token", token)
            .param("status", status.name())
            .param("nextAttemptAt", timeOrNull(nextAttemptAt))
            .param("at", time(at))
            .param("statusCode", statusCode)
            .param("error", bounded(error, 500))
            .update()
        == 1;
  }

  void release(long id, UUID token, Instant now) {
    jdbc.sql(RELEASE).param("id", id).param("token", token).param("now", time(now)).update();
  }

  void insertAttempt(long deliveryId, int attemptNo, Instant at, HookSender.Result result) {
    jdbc.sql(INSERT_ATTEMPT)
        .param("deliveryId", deliveryId)
        .param("attemptNo", attemptNo)
        .param("at", time(at))
        .param("statusCode", result.statusCode())
        .param("outcome", result.outcome().name())
        .param("latencyMs", result.latencyMillis())
        .param("excerpt", result.excerpt())
        .param("error", result.error() == null ? null : bounded(result.error(), 500))
        .update();
  }

  /** Puts the delivery back in line now; false while a node is trying it. */
  boolean replay(long id, Instant now) {
    return jdbc.sql(REPLAY).param("id", id).param("now", time(now)).update() == 1;
  }

  List<StoredDelivery> deliveries(
      long endpointId, @Nullable HookDeliveryStatus status, @Nullable Long before, int limit) {
    return jdbc.sql(DELIVERIES)
        .param("endpointId", endpointId)
        .param("status", status == null ? null : status.name())
        .param("before", before)
        .param("limit", limit)
        .query((rs, n) -> deliveryRow(rs, false))
        .list();
  }

  Optional<StoredDelivery> delivery(long id) {
    return jdbc.sql(DELIVERY).param("id", id).query((rs, n) -> deliveryRow(rs, true)).optional();
  }

  List<HookAttempt> attempts(long deliveryId, int limit) {
    return jdbc.sql(ATTEMPTS)
        .param("deliveryId", deliveryId)
        .param("limit", limit)
        .query(
            (rs, n) ->
                new HookAttempt(
                    rs.getInt("attempt_no"),
                    rs.getObject("attempted_at", OffsetDateTime.class).toInstant(),
                    rs.getObject("status_code", Integer.class),
                    rs.getString("outcome"),
                    rs.getLong("latency_ms"),
                    rs.getString("response_excerpt"),
                    rs.getString("error")))
        .list();
  }

  private static StoredDelivery deliveryRow(ResultSet rs, boolean withPayload) throws SQLException {
    return new StoredDelivery(
        rs.getLong("id"),
        rs.getLong("endpoint_id"),
        HookDeliveryStatus.valueOf(rs.getString("status")),
        rs.getInt("attempts"),
        rs.getInt("replays"),
        instant(rs, "next_attempt_at"),
        rs.getObject("claim_token") != null,
        instant(rs, "last_attempt_at"),
        rs.getObject("last_status_code", Integer.class),
        rs.getString("last_error"),
        instant(rs, "delivered_at"),
        rs.getObject("created_at", OffsetDateTime.class).toInstant(),
        rs.getString("public_id"),
        rs.getString("type"),
        rs.getLong("sequence"),
        rs.getLong("customer_id"),
        rs.getObject("subscription_id", Long.class),
        rs.getObject("event_at", OffsetDateTime.class).toInstant(),
        withPayload ? rs.getString("payload") : null);
  }

  private static StoredEndpoint endpointRow(ResultSet rs, int n) throws SQLException {
    return new StoredEndpoint(
        rs.getLong("id"),
        rs.getString("url"),
        rs.getString("description"),
        EndpointRules.split(rs.getString("event_types")),
        rs.getString("secret"),
        rs.getString("previous_secret"),
        instant(rs, "previous_secret_expires_at"),
        rs.getBoolean("enabled"),
        rs.getString("disabled_reason"),
        instant(rs, "disabled_at"),
        instant(rs, "failing_since"),
        rs.getInt("consecutive_failures"),
        instant(rs, "last_success_at"),
        rs.getObject("created_at", OffsetDateTime.class).toInstant(),
        rs.getObject("updated_at", OffsetDateTime.class).toInstant());
  }

  private static String bounded(String text, int max) {
    return text.length() > max ? text.substring(0, max) : text;
  }

  private static OffsetDateTime time(Instant instant) {
    return instant.atOffset(ZoneOffset.UTC);
  }

  private static @Nullable OffsetDateTime timeOrNull(@Nullable Instant instant) {
    return instant == null ? null : time(instant);
  }

  private static @Nullable Instant instant(ResultSet rs, String column) throws SQLException {
    OffsetDateTime time = rs.getObject(column, OffsetDateTime.class);
    return time == null ? null : time.toInstant();
  }
}
