package io.tossbill.webhook;

import io.tossbill.platform.ApiException;
import io.tossbill.platform.ApiMessages;
import io.tossbill.platform.Text;
import io.tossbill.webhook.WebhookDeliveries.NewDelivery;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Instant;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.http.HttpHeaders;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Stores each delivery of Toss's webhooks exactly once, raw, and hands it to processing after the
 * commit. Nothing here believes the body: it is parsed only to refuse what is not JSON and to index
 * the hints it carries.
 */
@Service
class WebhookInbox {

  static final String TRANSMISSION_ID = "tosspayments-webhook-transmission-id";
  static final String TRANSMISSION_TIME = "tosspayments-webhook-transmission-time";
  static final String RETRIED_COUNT = "tosspayments-webhook-transmission-retried-count";

  /** Identifiers by body hash carry this prefix, so they never collide with Toss's own ids. */
  static final String BODY_HASH_PREFIX = "sha256:";

  /** Headers worth keeping; anything else (cookies, authorization a proxy adds) is not stored. */
  private static final String[] KEPT_HEADERS = {
    TRANSMISSION_ID,
    TRANSMISSION_TIME,
    RETRIED_COUNT,
    "content-type",
    "user-agent",
    "x-forwarded-for"
  };

  private static final int MAX_HEADER_LENGTH = 200;
  private static final int MAX_HINT_LENGTH = 300;

  static final JsonMapper JSON =
      JsonMapper.builder().enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS).build();

  private final WebhookDeliveries deliveries;
  private final ApplicationEventPublisher events;
  private final WebhookProperties properties;
  private final Clock clock;

  WebhookInbox(
      WebhookDeliveries deliveries,
      ApplicationEventPublisher events,
      WebhookProperties properties,
      Clock clock) {
    this.deliveries = deliveries;
    this.events = events;
    this.properties = properties;
    this.clock = clock;
  }

  /**
   * Stores the delivery unless its transmission id is already stored; refuses (storing nothing) a
   * body that is not a JSON object.
   */
  @Transactional
  Receipt receive(byte[] body, HttpHeaders headers) {
    String text = utf8(body);
    JsonNode root = jsonObject(text);
    String headerId = header(headers, TRANSMISSION_ID);
    String transmissionId = headerId != null ? headerId : BODY_HASH_PREFIX + sha256(body);
    String eventType = hint(root.path("eventType"));
    if (eventType == null) {
      // every Toss delivery names its event; an unknown name is kept, a missing one is not Toss's
      throw malformed("api.webhook.body.no.event.type");
    }
    JsonNode data = root.path("data");
    String billingKey = hint(data.path("billingKey"));
    Instant now = clock.instant();
    NewDelivery delivery =
        new NewDelivery(
            transmissionId,
            eventType,
            hint(data.path("paymentKey")),
            hint(data.path("orderId")),
            billingKey == null ? null : WebhookMasking.mask(billingKey),
            text,
            keptHeaders(headers),
            header(headers, TRANSMISSION_TIME),
            retriedCount(headers),
            now,
            now.plus(properties.staleAfter()));
    Optional<Long> stored = deliveries.insert(delivery);
    stored.ifPresent(id -> events.publishEvent(new TossWebhookStored(id)));
    return new Receipt(transmissionId, WebhookMetrics.typeTag(eventType), stored.isEmpty());
  }

  private static String utf8(byte[] body) {
    if (body.length == 0) {
      throw malformed("api.webhook.body.empty");
    }
    try {
      return StandardCharsets.UTF_8
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(body))
          .toString();
    } catch (CharacterCodingException e) {
      throw malformed("api.webhook.body.not.utf8");
    }
  }

  private static JsonNode jsonObject(String text) {
    if (text.indexOf('\0') >= 0) { // PostgreSQL text cannot hold NUL; no JSON contains it raw
      throw malformed("api.webhook.body.nul");
    }
    JsonNode root;
    try {
      root = JSON.readTree(text);
    } catch (JacksonException e) {
      throw malformed("api.webhook.body.not.json");
    }
    if (root == null || !root.isObject()) {
      throw malformed("api.webhook.body.not.object");
    }
    return root;
  }

  /** The body cannot be stored; {@code why} is the key of the reason in the api bundle. */
  private static ApiException malformed(String why) {
    return ApiException.badRequest(
        "WEBHOOK_MALFORMED_BODY", "api.WEBHOOK_MALFORMED_BODY", new ApiMessages.Part(why));
  }

  /**
   * A text value of the body, kept only as an index; too long, not text or holding a control
   * character (a JSON-escaped NUL would make PostgreSQL refuse the whole insert) means none.
   */
  private static @Nullable String hint(JsonNode node) {
    if (!node.isString()) {
      return null;
    }
    String value = node.asString().strip();
    return value.isEmpty() || value.length() > MAX_HINT_LENGTH || Text.hasControlCharacters(value)
        ? null
        : value;
  }

  private static @Nullable String header(HttpHeaders headers, String name) {
    String value = headers.getFirst(name);
    if (value == null || value.isBlank()) {
      return null;
    }
    value = value.strip();
    if (value.length() > MAX_HEADER_LENGTH) {
      throw ApiException.badRequest(
          "WEBHOOK_INVALID_HEADER", "api.WEBHOOK_INVALID_HEADER", name, MAX_HEADER_LENGTH);
    }
    return value;
  }

  private static @Nullable Integer retriedCount(HttpHeaders headers) {
    String value = header(headers, RETRIED_COUNT);
    if (value == null) {
      return null;
    }
    try {
      return Integer.valueOf(value);
    } catch (NumberFormatException e) {
      return null; // kept raw in the headers; a hint only
    }
  }

  private static String keptHeaders(HttpHeaders headers) {
    Map<String, String> kept = new LinkedHashMap<>();
    for (String name : KEPT_HEADERS) {
      String value = headers.getFirst(name);
      if (value != null) {
        kept.put(
            name.toLowerCase(Locale.ROOT),
            value.length() > MAX_HEADER_LENGTH ? value.substring(0, MAX_HEADER_LENGTH) : value);
      }
    }
    return JSON.writeValueAsString(kept);
  }

  private static String sha256(byte[] body) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(body));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java runtime has SHA-256", e);
    }
  }

  /** What happened to a delivery: {@code duplicate} when its transmission id was already stored. */
  record Receipt(String transmissionId, String eventTypeTag, boolean duplicate) {}
}
