package io.tossbill;

import static org.assertj.core.api.Assertions.assertThat;

import io.tossbill.testing.RawHttp;
import io.tossbill.testing.ServerHttp;
import java.lang.reflect.RecordComponent;
import java.time.Instant;
import java.time.temporal.Temporal;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.assertj.core.api.SoftAssertions;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.core.MethodParameter;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.mvc.method.RequestMappingInfo;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Every route of the merchant API and the webhook receiver, found in Spring's handler mappings (a
 * new route is swept without being listed here), is sent bad input: ids that are not ids, bodies of
 * the wrong shape or size or encoding, a wrong type in each field of its request record, an unknown
 * field, a field given twice, undecodable query values, a method it does not take, an Accept it
 * cannot answer, header values no client should send. Each must be refused with a 4xx problem (a
 * stable code, Korean and English messages, no stack trace), never a 5xx, and the database must be
 * exactly as it was after each refusal.
 */
@SpringBootTest(
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    // a context of its own: nothing another test left behind writes while it compares tables
    properties = "tossbill.test.context=bad-input-sweep")
class BadInputSweepIntegrationTests {

  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static final Pattern VARIABLE = Pattern.compile("\\{([^}]+)}");

  /**
   * Tables whose rows change without any request: the scheduler's heartbeats and the event log's
   * bookkeeping, Flyway's history. Everything else must stay as it was after a refusal.
   */
  private static final Set<String> MOVING_BY_ITSELF =
      Set.of(
          "scheduled_tasks",
          "event_publication",
          "event_publication_archive",
          "flyway_schema_history");

  /** A variant a route may also answer with success (it changes nothing either way). */
  private static final String TOLERATED = "~";

  @LocalServerPort int port;
  @Autowired List<RequestMappingHandlerMapping> mappings;
  @Autowired JdbcClient jdbc;

  private final Map<String, String> fixtures = new LinkedHashMap<>();

  record Route(String method, String pattern, HandlerMethod handler) {
    @Nullable Class<?> bodyType() {
      for (MethodParameter parameter : handler.getMethodParameters()) {
        if (parameter.hasParameterAnnotation(RequestBody.class)) {
          return parameter.getParameterType();
        }
      }
      return null;
    }

    /** The query parameters the route reads, by name, with their types. */
    Map<String, Class<?>> queryParameters() {
      Map<String, Class<?>> parameters = new LinkedHashMap<>();
      for (MethodParameter parameter : handler.getMethodParameters()) {
        RequestParam param = parameter.getParameterAnnotation(RequestParam.class);
        if (param != null) {
          String name = !param.name().isEmpty() ? param.name() : param.value();
          parameters.put(
              name.isEmpty() ? String.valueOf(parameter.getParameterName()) : name,
              parameter.getParameterType());
        }
      }
      return parameters;
    }

    boolean hasVariables() {
      return pattern.contains("{");
    }
  }

  record Case(Route route, String what, RawHttp.Answer answer) {}

  @BeforeEach
  void fixtures() {
    ServerHttp http = new ServerHttp(port);
    JsonNode plan =
        http.api(
            "POST",
            "/api/v1/plans",
            """
            {"code":"sweep-%s","name":"Sweep","price":1000,"interval":{"unit":"MONTH","count":1}}
            """
                .formatted(UUID.randomUUID().toString().substring(0, 8)));
    JsonNode customer =
        http.api("POST", "/api/v1/customers", "{\"email\":\"sweep@example.com\",\"name\":\"S\"}");
    String planId = plan.get("id").asString();
    String customerId = customer.get("id").asString();
    fixtures.put("/plans/", planId);
    fixtures.put("/customers/", customerId);
    fixtures.put("/test-clock/customers/", customerId);
    String sweep = UUID.randomUUID().toString().substring(0, 8).toUpperCase(java.util.Locale.ROOT);
    JsonNode coupon =
        http.api(
            "POST",
            "/api/v1/coupons",
            "{\"code\":\"SWEEP-%s\",\"name\":\"Sweep\",\"percentOff\":10,\"duration\":\"ONCE\"}"
                .formatted(sweep));
    JsonNode promotionCode =
        http.api(
            "POST",
            "/api/v1/coupons/" + coupon.get("id").asString() + "/promotion-codes",
            "{\"code\":\"SWEEP-%s\"}".formatted(sweep));
    fixtures.put("/coupons/", coupon.get("id").asString());
    fixtures.put("/promotion-codes/", promotionCode.get("id").asString());
  }

  @Test
  void everyRouteRefusesBadInputWithAProblemAndChangesNothing() throws Exception {
    List<Route> routes = routes();
    assertThat(routes).as("routes found in the handler mappings").hasSizeGreaterThan(40);
    List<Case> cases = new ArrayList<>();
    Map<String, String> before = snapshot();
    int changed = 0;
    SoftAssertions softly = new SoftAssertions();
    for (Route route : routes) {
      for (Map.Entry<String, RawHttp> variant : variants(route).entrySet()) {
        RawHttp.Answer answer = variant.getValue().send(port);
        Case sent = new Case(route, variant.getKey(), answer);
        cases.add(sent);
        String what = route.method() + " " + route.pattern() + " with " + variant.getKey();
        if (variant.getKey().startsWith(TOLERATED)) {
          softly.assertThat(answer.status()).as(what + ": " + answer.body()).isLessThan(500);
        } else {
          softly.assertThat(answer.status()).as(what + ": " + answer.body()).isBetween(400, 499);
        }
        if (answer.status() >= 400) {
          checkProblem(softly, what, answer);
        }
        Map<String, String> after = snapshot();
        softly.assertThat(after).as(what + " changed the database").isEqualTo(before);
        if (answer.status() >= 400 && !after.equals(before)) {
          changed++;
        }
        before = after;
      }
    }
    long clientErrors = cases.stream().filter(c -> c.answer().status() / 100 == 4).count();
    long serverErrors = cases.stream().filter(c -> c.answer().status() >= 500).count();
    // the figures bench/abuse.sh prints
    java.nio.file.Files.createDirectories(java.nio.file.Path.of("target/abuse"));
    java.nio.file.Files.writeString(
        java.nio.file.Path.of("target/abuse/api-sweep.txt"),
        "api-sweep requests=%d 4xx=%d 5xx=%d state-changes-after-refusal=%d%n"
            .formatted(cases.size(), clientErrors, serverErrors, changed));
    softly.assertAll();
    // the sweep is only as good as its variety: each route got several kinds of bad input
    assertThat(cases).hasSizeGreaterThan(routes.size() * 4);
  }

  @Test
  void namesTheFieldOfTheWrongType() throws Exception {
    // each field of each request record, given a value of the wrong type, is named back
    SoftAssertions softly = new SoftAssertions();
    int checked = 0;
    for (Route route : routes()) {
      Class<?> body = route.bodyType();
      if (body == null || !body.isRecord()) {
        continue;
      }
      for (RecordComponent component : body.getRecordComponents()) {
        String value = wrongValue(component.getType());
        if (value == null) {
          continue;
        }
        RawHttp.Answer answer =
            json(route, path(route, true), "{\"" + component.getName() + "\":" + value + "}")
                .send(port);
        String what = route.method() + " " + route.pattern() + " " + component.getName();
        softly.assertThat(answer.status()).as(what + ": " + answer.body()).isEqualTo(400);
        if (answer.status() == 400) {
          softly
              .assertThat(JSON.readTree(answer.body()).path("field").asString())
              .as(what)
              .isEqualTo(component.getName());
        }
        checked++;
      }
    }
    softly.assertAll();
    assertThat(checked).isGreaterThan(20);
  }

  private static void checkProblem(SoftAssertions softly, String what, RawHttp.Answer answer) {
    softly.assertThat(answer.contentType()).as(what).startsWith("application/problem+json");
    softly
        .assertThat(answer.body())
        .as(what)
        .doesNotContain("Exception", "at io.tossbill", "\tat ");
    JsonNode problem;
    try {
      problem = JSON.readTree(answer.body());
    } catch (RuntimeException notJson) {
      softly.fail(what + ": not JSON: " + answer.body());
      return;
    }
    softly.assertThat(problem.path("code").asString()).as(what).matches("[A-Z][A-Z0-9_]+");
    softly.assertThat(problem.path("status").asInt()).as(what).isEqualTo(answer.status());
    softly.assertThat(problem.path("message_ko").asString()).as(what).matches(".*[가-힣].*");
    softly.assertThat(problem.path("message_en").asString()).as(what).matches(".*[a-z]{3}.*");
  }

  // ---- the bad input ----------------------------------------------------------------------

  private Map<String, RawHttp> variants(Route route) {
    Map<String, RawHttp> variants = new LinkedHashMap<>();
    String valid = path(route, true);
    @Nullable Class<?> body = route.bodyType();
    String someBody = body == null ? "" : "{}";
    if (route.hasVariables()) {
      for (String id : List.of("abc", "99999999999999999999", "1.5", "%20", "-1")) {
        variants.put(
            "id " + id, json(route, route.pattern().replaceAll("\\{[^}]+}", id), someBody));
      }
      variants.put(
          "unknown id", json(route, route.pattern().replaceAll("\\{[^}]+}", "987654"), someBody));
    }
    variants.put(
        "undecodable path", json(route, valid + (valid.endsWith("/") ? "" : "/") + "%zz", ""));
    variants.put("dot segment", json(route, valid.replaceFirst("/v1/", "/v1/./x/../"), someBody));
    variants.put("Accept: application/xml", json(route, valid, someBody).accept("application/xml"));
    variants.put(
        "unknown method",
        new RawHttp("PUT", valid).header("Content-Type", "application/json").body("{}"));
    variants.put(
        "non-ASCII Authorization",
        json(route, valid, someBody).header("Authorization", "Bearer \u00ed\u0095\u009c"));
    if (route.method().equals("GET")) {
      // not the caller's mistake to refuse: the header is ignored and Korean is spoken
      variants.put(
          TOLERATED + "non-ASCII Accept-Language",
          json(route, valid, someBody).header("Accept-Language", "\u00ed\u0095\u009c"));
    }
    Map<String, Class<?>> query = route.queryParameters();
    if (!query.isEmpty()) {
      StringBuilder undecodable = new StringBuilder();
      for (String name : query.keySet()) {
        undecodable.append(undecodable.isEmpty() ? "?" : "&").append(name).append("=%zz");
      }
      variants.put("undecodable query", json(route, valid + undecodable, someBody));
      for (Map.Entry<String, Class<?>> parameter : query.entrySet()) {
        String wrong = wrongValue(parameter.getValue());
        if (wrong != null && parameter.getValue() != String.class) {
          variants.put(
              "query " + parameter.getKey() + " of the wrong type",
              json(
                  route,
                  valid + "?" + parameter.getKey() + "=" + wrong.replace("\"", ""),
                  someBody));
        }
      }
    }
    if (body != null || route.pattern().startsWith("/webhooks/")) {
      variants.put("array body", json(route, valid, "[]"));
      variants.put("string body", json(route, valid, "\"x\""));
      variants.put("number body", json(route, valid, "42"));
      variants.put("broken JSON", json(route, valid, "{\"a\":"));
      variants.put("two documents", json(route, valid, "{} {}"));
      variants.put("unknown field", json(route, valid, "{\"zzz\":1}"));
      variants.put(
          "deep nesting",
          json(route, valid, "{\"a\":" + "[".repeat(5000) + "]".repeat(5000) + "}"));
      variants.put("2 MB body", json(route, valid, "{\"a\":\"" + "x".repeat(2_000_000) + "\"}"));
      variants.put(
          "invalid UTF-8",
          json(route, valid, "")
              .rawBody(new byte[] {'{', '"', 'a', '"', ':', '"', (byte) 0xff, '"', '}'}));
      variants.put(
          "Content-Type text/plain",
          new RawHttp(route.method(), valid).header("Content-Type", "text/plain").body("{}"));
      variants.put(
          "unknown charset",
          new RawHttp(route.method(), valid)
              .header("Content-Type", "application/json; charset=nope")
              .body("{}"));
      variants.put(
          "malformed Content-Type",
          new RawHttp(route.method(), valid).header("Content-Type", "///").body("{}"));
    }
    if (body != null && body.isRecord() && body.getRecordComponents().length > 0) {
      String first = body.getRecordComponents()[0].getName();
      String wrong = wrongValue(body.getRecordComponents()[0].getType());
      variants.put(
          "a field given twice",
          json(
              route,
              valid,
              "{\"" + first + "\":" + (wrong == null ? "1" : wrong) + ",\"" + first + "\":null}"));
    }
    return variants;
  }

  /** A JSON value {@code type} cannot be read from, or null when every value reads. */
  static @Nullable String wrongValue(Class<?> type) {
    if (type == String.class) {
      return "{\"x\":1}";
    }
    if (type == Long.class || type == long.class || type == Integer.class || type == int.class) {
      return "\"abc\"";
    }
    if (type == Boolean.class || type == boolean.class) {
      return "\"maybe\"";
    }
    if (Map.class.isAssignableFrom(type) || Collection.class.isAssignableFrom(type)) {
      return "\"x\"";
    }
    if (type.isEnum()) {
      return "\"NO_SUCH_VALUE\"";
    }
    if (Temporal.class.isAssignableFrom(type) || type == Instant.class) {
      return "\"not-a-time\"";
    }
    if (type.isRecord()) {
      return "7";
    }
    return null;
  }

  private RawHttp json(Route route, String path, String body) {
    RawHttp request =
        new RawHttp(route.method(), path).header("Authorization", "Bearer " + ServerHttp.ADMIN_KEY);
    if (!body.isEmpty()) {
      request.header("Content-Type", "application/json").body(body);
    }
    return request;
  }

  /** The route's path with fixture ids (or 987654 where there is none). */
  private String path(Route route, boolean valid) {
    Matcher variable = VARIABLE.matcher(route.pattern());
    StringBuilder out = new StringBuilder();
    while (variable.find()) {
      String before = route.pattern().substring(0, variable.start());
      String id = "987654";
      if (valid) {
        for (Map.Entry<String, String> fixture : fixtures.entrySet()) {
          if (before.endsWith(fixture.getKey())) {
            id = fixture.getValue();
          }
        }
      }
      variable.appendReplacement(out, id);
    }
    variable.appendTail(out);
    return out.toString();
  }

  private List<Route> routes() {
    Set<String> seen = new TreeSet<>();
    List<Route> routes = new ArrayList<>();
    for (RequestMappingHandlerMapping mapping : mappings) {
      for (Map.Entry<RequestMappingInfo, HandlerMethod> entry :
          mapping.getHandlerMethods().entrySet()) {
        RequestMappingInfo info = entry.getKey();
        Set<RequestMethod> methods = info.getMethodsCondition().getMethods();
        for (String pattern : info.getPatternValues()) {
          if (!pattern.startsWith("/api/") && !pattern.startsWith("/webhooks/")) {
            continue;
          }
          for (RequestMethod method : methods.isEmpty() ? Set.of(RequestMethod.GET) : methods) {
            if (seen.add(method + " " + pattern)) {
              routes.add(new Route(method.name(), pattern, entry.getValue()));
            }
          }
        }
      }
    }
    routes.sort((a, b) -> (a.pattern() + a.method()).compareTo(b.pattern() + b.method()));
    return routes;
  }

  /** Each table's rows, as a digest. */
  private Map<String, String> snapshot() {
    List<String> tables =
        jdbc.sql(
                "select table_name from information_schema.tables"
                    + " where table_schema = 'public' and table_type = 'BASE TABLE'"
                    + " order by table_name")
            .query(String.class)
            .list();
    Map<String, String> digests = new LinkedHashMap<>();
    for (String table : tables) {
      if (MOVING_BY_ITSELF.contains(table)) {
        continue;
      }
      digests.put(
          table,
          jdbc.sql(
                  "select count(*) || ':' || coalesce(md5(string_agg(t::text, '|' order by t::text)), '')"
                      + " from \""
                      + table
                      + "\" t")
              .query(String.class)
              .single());
    }
    return digests;
  }
}
