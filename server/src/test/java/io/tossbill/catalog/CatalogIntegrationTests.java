package io.tossbill.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import io.tossbill.platform.Won;
import io.tossbill.testing.EventRecorder;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.util.List;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class CatalogIntegrationTests {

  private static final String ADMIN_KEY = "tb_test_admin_key";
  private static final JsonMapper JSON = JsonMapper.builder().build();

  @LocalServerPort int port;
  @Autowired CatalogService catalog;
  @Autowired Catalog catalogPort;
  @Autowired PlanRepository plans;
  @Autowired JdbcClient jdbc;
  @Autowired Clock clock;
  @Autowired ConfigurableApplicationContext context;

  private final HttpClient http = HttpClient.newHttpClient();

  @Test
  void createsReadsAndArchivesAPlan() throws Exception {
    String code = code("pro");
    HttpResponse<String> created =
        send(
            "POST",
            "/api/v1/plans",
            """
        {"code":"%s","name":"프로 월간","description":"매월 결제","price":9900,
         "interval":{"unit":"MONTH","count":1},"trialDays":7,"features":{"projects":"unlimited"},
         "accessDuringGrace":true}
        """
                .formatted(code));
    assertThat(created.statusCode()).isEqualTo(201);
    JsonNode plan = JSON.readTree(created.body());
    long id = plan.get("id").asLong();
    assertThat(plan.get("price").asLong()).isEqualTo(9900);
    assertThat(plan.get("price").isIntegralNumber()).isTrue();
    assertThat(plan.get("interval").get("unit").asString()).isEqualTo("MONTH");
    assertThat(plan.get("trialDays").asInt()).isEqualTo(7);
    assertThat(plan.get("status").asString()).isEqualTo("ACTIVE");
    assertThat(created.headers().firstValue("Location")).hasValue("/api/v1/plans/" + id);

    JsonNode read = JSON.readTree(send("GET", "/api/v1/plans/" + id, null).body());
    assertThat(read.get("code").asString()).isEqualTo(code);
    assertThat(read.get("features").get("projects").asString()).isEqualTo("unlimited");
    assertThat(catalogPort.require(new PlanId(id)).price()).isEqualTo(new Won(9900));
    assertThat(catalogPort.activePlans()).extracting(Plan::code).contains(code);

    HttpResponse<String> archived = send("POST", "/api/v1/plans/" + id + "/archive", null);
    assertThat(archived.statusCode()).isEqualTo(200);
    assertThat(JSON.readTree(archived.body()).get("status").asString()).isEqualTo("ARCHIVED");
    assertThat(catalogPort.activePlans()).extracting(Plan::code).doesNotContain(code);
    assertThat(catalogPort.find(new PlanId(id)))
        .get()
        .extracting(Plan::status)
        .isEqualTo(PlanStatus.ARCHIVED);

    HttpResponse<String> again = send("POST", "/api/v1/plans/" + id + "/archive", null);
    assertThat(again.statusCode()).isEqualTo(409);
    assertThat(JSON.readTree(again.body()).get("code").asString())
        .isEqualTo("PLAN_ALREADY_ARCHIVED");
  }

  @Test
  void updatesDetailsButNotPriceOrInterval() throws Exception {
    long id = createPlan(code("team"), 27000, "MONTH", 3);
    HttpResponse<String> patched =
        send(
            "PATCH",
            "/api/v1/plans/" + id,
            """
        {"name":"팀 분기","trialDays":14,"features":{"seats":"10"}}
        """);
    assertThat(patched.statusCode()).isEqualTo(200);
    Plan plan = catalog.require(new PlanId(id));
    assertThat(plan.name()).isEqualTo("팀 분기");
    assertThat(plan.trialDays()).isEqualTo(14);
    assertThat(plan.features()).containsExactly(java.util.Map.entry("seats", "10"));
    assertThat(plan.price()).isEqualTo(new Won(27000));
    assertThat(plan.interval()).isEqualTo(BillingInterval.everyMonths(3));
  }

  @Test
  void priceChangeIsHistoryAndPublishesPlanPriceChangedWithTheOperatorsChoice() throws Exception {
    long id = createPlan(code("basic"), 4900, "MONTH", 1);
    PlanId planId = new PlanId(id);
    try (EventRecorder events = EventRecorder.listenTo(context)) {
      catalog.changePrice(planId, new Won(5900), false);
      HttpResponse<String> viaApi =
          send(
              "POST",
              "/api/v1/plans/" + id + "/price",
              "{\"price\":6900,\"applyToExistingSubscriptions\":true}");
      assertThat(viaApi.statusCode()).isEqualTo(200);
      assertThat(JSON.readTree(viaApi.body()).get("price").asLong()).isEqualTo(6900);

      assertThat(events.of(PlanPriceChanged.class))
          .filteredOn(e -> e.planId().equals(planId))
          .containsExactly(
              new PlanPriceChanged(planId, new Won(4900), new Won(5900), false),
              new PlanPriceChanged(planId, new Won(5900), new Won(6900), true));
    }
    assertThat(catalog.require(planId).price()).isEqualTo(new Won(6900));
    assertThat(plans.priceHistory(planId))
        .extracting(PlanRepository.PriceChange::price)
        .containsExactly(new Won(4900), new Won(5900), new Won(6900));
    assertThat(plans.priceHistory(planId))
        .extracting(PlanRepository.PriceChange::applyToExisting)
        .containsExactly(false, false, true);

    HttpResponse<String> same = send("POST", "/api/v1/plans/" + id + "/price", "{\"price\":6900}");
    assertThat(same.statusCode()).isEqualTo(409);
    assertThat(JSON.readTree(same.body()).get("code").asString()).isEqualTo("PRICE_UNCHANGED");
    assertThat(plans.priceHistory(planId)).hasSize(3);
  }

  @Test
  void refusesBadInputWithACodeAndChangesNothing() throws Exception {
    String taken = code("taken");
    createPlan(taken, 9900, "MONTH", 1);
    long plansBefore = countPlans();
    long historyBefore =
        jdbc.sql("select count(*) from plan_price_history").query(Long.class).single();

    assertRefused(
        send("POST", "/api/v1/plans", plan(code("neg"), -100, "MONTH", 1)), 400, "INVALID_PRICE");
    assertRefused(
        send("POST", "/api/v1/plans", plan(code("tiny"), 50, "MONTH", 1)), 400, "INVALID_PRICE");
    assertRefused(
        send("POST", "/api/v1/plans", plan(code("zero"), 9900, "MONTH", 0)),
        400,
        "INVALID_INTERVAL");
    assertRefused(
        send("POST", "/api/v1/plans", plan(code("long"), 9900, "YEAR", 6)),
        400,
        "INVALID_INTERVAL");
    assertRefused(
        send("POST", "/api/v1/plans", plan(code("day"), 9900, "DAY", 1)), 400, "INVALID_REQUEST");
    assertRefused(
        send("POST", "/api/v1/plans", plan("Bad Code!", 9900, "MONTH", 1)),
        400,
        "INVALID_PLAN_CODE");
    assertRefused(
        send("POST", "/api/v1/plans", plan(taken, 4900, "MONTH", 1)), 409, "PLAN_CODE_TAKEN");
    assertRefused(send("POST", "/api/v1/plans", "{not json"), 400, "INVALID_REQUEST");
    assertRefused(
        send(
            "POST",
            "/api/v1/plans",
            """
        {"code":"%s","name":"x","price":1000,"interval":{"unit":"MONTH","count":1},"trialDays":400}
        """
                .formatted(code("trial"))),
        400,
        "INVALID_TRIAL_DAYS");
    assertRefused(send("GET", "/api/v1/plans/999999", null), 404, "PLAN_NOT_FOUND");
    assertRefused(
        send("POST", "/api/v1/plans/999999/price", "{\"price\":1000}"), 404, "PLAN_NOT_FOUND");
    assertRefused(send("PATCH", "/api/v1/plans/999999", "{\"name\":\"x\"}"), 404, "PLAN_NOT_FOUND");
    assertRefused(send("GET", "/api/v1/plans/abc", null), 400, "INVALID_REQUEST");

    long paid = createPlan(code("paid"), 9900, "MONTH", 1);
    assertRefused(
        send("POST", "/api/v1/plans/" + paid + "/price", "{\"price\":-1}"), 400, "INVALID_PRICE");
    assertRefused(
        send("POST", "/api/v1/plans/" + paid + "/price", "{\"price\":0}"),
        400,
        "FREE_PLAN_PRICE_SWITCH");
    assertRefused(
        send("PATCH", "/api/v1/plans/" + paid, "{\"trialDays\":-1}"), 400, "INVALID_TRIAL_DAYS");
    assertThat(catalog.require(new PlanId(paid)).price()).isEqualTo(new Won(9900));
    assertThat(catalog.require(new PlanId(paid)).trialDays()).isZero();

    assertThat(countPlans()).isEqualTo(plansBefore + 1);
    assertThat(jdbc.sql("select count(*) from plan_price_history").query(Long.class).single())
        .isEqualTo(historyBefore + 1);
  }

  @Test
  void refusesFractionalNumbersInsteadOfCuttingThem() throws Exception {
    long before = countPlans();

    assertRefused(
        send(
            "POST",
            "/api/v1/plans",
            """
        {"code":"%s","name":"플랜","price":4900.9,"interval":{"unit":"MONTH","count":1}}
        """
                .formatted(code("frac"))),
        400,
        "INVALID_REQUEST");
    assertRefused(
        send(
            "POST",
            "/api/v1/plans",
            """
        {"code":"%s","name":"플랜","price":4900,"interval":{"unit":"MONTH","count":1.5}}
        """
                .formatted(code("frac"))),
        400,
        "INVALID_REQUEST");
    assertRefused(
        send(
            "POST",
            "/api/v1/plans",
            """
        {"code":"%s","name":"플랜","price":4900,"interval":{"unit":"MONTH","count":1},"trialDays":7.5}
        """
                .formatted(code("frac"))),
        400,
        "INVALID_REQUEST");
    long paid = createPlan(code("frac"), 9900, "MONTH", 1);
    assertRefused(
        send("POST", "/api/v1/plans/" + paid + "/price", "{\"price\":6900.5}"),
        400,
        "INVALID_REQUEST");

    assertThat(catalog.require(new PlanId(paid)).price()).isEqualTo(new Won(9900));
    assertThat(countPlans()).isEqualTo(before + 1);
  }

  @Test
  void refusesControlCharactersInPlanText() throws Exception {
    long before = countPlans();

    assertRefused(
        send(
            "POST",
            "/api/v1/plans",
            """
        {"code":"%s","name":"프로\\u0000","price":4900,"interval":{"unit":"MONTH","count":1}}
        """
                .formatted(code("nul"))),
        400,
        "INVALID_REQUEST");
    assertRefused(
        send(
            "POST",
            "/api/v1/plans",
            """
        {"code":"%s","name":"프로","description":"매월\\u0000","price":4900,"interval":{"unit":"MONTH","count":1}}
        """
                .formatted(code("nul"))),
        400,
        "INVALID_REQUEST");
    assertRefused(
        send(
            "POST",
            "/api/v1/plans",
            """
        {"code":"%s","name":"프로","price":4900,"interval":{"unit":"MONTH","count":1},"features":{"seats":"5\\u0000"}}
        """
                .formatted(code("nul"))),
        400,
        "INVALID_REQUEST");
    assertThat(countPlans()).isEqualTo(before);

    HttpResponse<String> multiline =
        send(
            "POST",
            "/api/v1/plans",
            """
        {"code":"%s","name":"프로","description":"첫 줄\\n둘째 줄","price":4900,"interval":{"unit":"MONTH","count":1}}
        """
                .formatted(code("lines")));
    assertThat(multiline.statusCode()).as(multiline.body()).isEqualTo(201);
    long id = JSON.readTree(multiline.body()).get("id").asLong();
    assertRefused(
        send("PATCH", "/api/v1/plans/" + id, "{\"name\":\"a\\u0000b\"}"), 400, "INVALID_REQUEST");
    assertThat(catalog.require(new PlanId(id)).name()).isEqualTo("프로");
  }

  @Test
  void freePlansAreAllowedAndNeverCharged() throws Exception {
    long id = createPlan(code("free"), 0, "MONTH", 1);
    Plan plan = catalog.require(new PlanId(id));
    assertThat(plan.isFree()).isTrue();
    assertThat(
            JSON.readTree(send("GET", "/api/v1/plans/" + id, null).body()).get("free").asBoolean())
        .isTrue();
  }

  @Test
  void answersEntitlementChecks() throws Exception {
    String code = code("ent");
    HttpResponse<String> created =
        send(
            "POST",
            "/api/v1/plans",
            """
        {"code":"%s","name":"엔트","price":1000,"interval":{"unit":"WEEK","count":1},
         "features":{"seats":"5","export":"true"}}
        """
                .formatted(code));
    long id = JSON.readTree(created.body()).get("id").asLong();

    JsonNode all = JSON.readTree(send("GET", "/api/v1/plans/" + id + "/features", null).body());
    assertThat(all.get("features").get("seats").asString()).isEqualTo("5");
    JsonNode granted =
        JSON.readTree(send("GET", "/api/v1/plans/" + id + "/features?key=export", null).body());
    assertThat(granted.get("granted").asBoolean()).isTrue();
    assertThat(granted.get("value").asString()).isEqualTo("true");
    JsonNode missing =
        JSON.readTree(send("GET", "/api/v1/plans/" + id + "/features?key=sso", null).body());
    assertThat(missing.get("granted").asBoolean()).isFalse();
  }

  @Test
  void insertsTheDemoPlansOnceAndLeavesThemAlone() {
    DemoPlans demo = new DemoPlans(new CatalogProperties(true), plans, clock);
    demo.run(null);
    demo.run(null);
    List<String> codes = DemoPlans.PLANS.stream().map(CatalogService.NewPlan::code).toList();
    Long count =
        jdbc.sql("select count(*) from plan where code in (:codes)")
            .param("codes", codes)
            .query(Long.class)
            .single();
    assertThat(count).isEqualTo(4);
    assertThat(catalog.activePlans())
        .filteredOn(p -> p.code().equals("pro-monthly"))
        .singleElement()
        .satisfies(
            p -> {
              assertThat(p.price()).isEqualTo(new Won(9900));
              assertThat(p.trialDays()).isEqualTo(7);
            });
    assertThat(catalog.activePlans())
        .filteredOn(p -> p.code().equals("team-quarterly"))
        .singleElement()
        .extracting(Plan::interval)
        .isEqualTo(BillingInterval.everyMonths(3));
  }

  private long createPlan(String code, long price, String unit, int count) throws Exception {
    HttpResponse<String> created = send("POST", "/api/v1/plans", plan(code, price, unit, count));
    assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
    return JSON.readTree(created.body()).get("id").asLong();
  }

  private static String plan(String code, long price, String unit, int count) {
    return """
        {"code":"%s","name":"플랜","price":%d,"interval":{"unit":"%s","count":%d}}
        """
        .formatted(code, price, unit, count);
  }

  private long countPlans() {
    return jdbc.sql("select count(*) from plan").query(Long.class).single();
  }

  private static void assertRefused(HttpResponse<String> response, int status, String code) {
    assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
    JsonNode body = JSON.readTree(response.body());
    assertThat(body.get("code").asString()).isEqualTo(code);
    assertThat(body.get("message_ko").asString()).isNotBlank();
    assertThat(body.get("message_en").asString()).isNotBlank();
  }

  private static String code(String prefix) {
    return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
  }

  private HttpResponse<String> send(String method, String path, @Nullable String body)
      throws Exception {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
            .header("Authorization", "Bearer " + ADMIN_KEY)
            .header("Content-Type", "application/json")
            .method(
                method,
                body == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(body));
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }
}
