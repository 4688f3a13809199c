package io.tossbill.billing;

import static io.tossbill.billing.BillingFixture.GOOD_CARD;
import static io.tossbill.billing.BillingFixture.assertRefused;
import static org.assertj.core.api.Assertions.assertThat;

import io.tossbill.customer.Cards;
import io.tossbill.customer.CustomerId;
import io.tossbill.customer.Customers;
import io.tossbill.testclock.TestClock;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

@BillingIntegrationTest
class TestClockIntegrationTests {

  @LocalServerPort int port;
  @Autowired Customers customers;
  @Autowired Cards cards;
  @Autowired TestClock clock;
  @Autowired JdbcClient jdbc;

  @Test
  void movesACustomersClockThroughTheAdminApiOnly() throws Exception {
    BillingFixture fixture = new BillingFixture(port, customers, cards, clock, jdbc);
    CustomerId customer = fixture.customerAt("2031-02-01T10:00:00+09:00", GOOD_CARD);
    String path = "/api/v1/admin/test-clock/customers/" + customer.value();

    JsonNode moved = fixture.ok("POST", path, "{\"advanceBy\":\"P1M\"}");
    assertThat(Instant.parse(moved.get("now").asString()))
        .isBetween(Instant.parse("2031-03-01T01:00:00Z"), Instant.parse("2031-03-01T01:00:10Z"));
    JsonNode to = fixture.ok("POST", path, "{\"to\":\"2031-04-01T00:00:00Z\"}");
    assertThat(Instant.parse(to.get("now").asString()))
        .isBetween(Instant.parse("2031-04-01T00:00:00Z"), Instant.parse("2031-04-01T00:00:10Z"));
    assertThat(clock.now(customer)).isAfterOrEqualTo(Instant.parse("2031-04-01T00:00:00Z"));

    assertRefused(
        fixture.send("POST", path, "{\"to\":\"2030-01-01T00:00:00Z\"}"),
        400,
        "TEST_CLOCK_BACKWARDS");
    assertRefused(
        fixture.send("POST", path, "{\"advanceBy\":\"one month\"}"), 400, "INVALID_DURATION");
    assertRefused(fixture.send("POST", path, "{}"), 400, "INVALID_REQUEST");
    assertRefused(
        fixture.send("GET", "/api/v1/admin/test-clock/customers/987654321", null),
        404,
        "CUSTOMER_NOT_FOUND");

    JsonNode server = fixture.ok("GET", "/api/v1/admin/test-clock", null);
    assertThat(server.get("movable").asBoolean()).isTrue();
    assertThat(Duration.between(Instant.parse(server.get("now").asString()), Instant.now()).abs())
        .isLessThan(Duration.ofMinutes(1));

    HttpResponse<String> anonymous =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + port + "/api/v1/admin/test-clock"))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
    assertThat(anonymous.statusCode()).isIn(401, 403);
  }
}
