package io.tossbill.billing;

import static io.tossbill.billing.BillingFixture.GOOD_CARD;
import static io.tossbill.billing.BillingFixture.SOFT_DECLINE_CARD;
import static org.assertj.core.api.Assertions.assertThat;

import io.tossbill.catalog.PlanId;
import io.tossbill.customer.Cards;
import io.tossbill.customer.CustomerId;
import io.tossbill.customer.Customers;
import io.tossbill.testclock.TestClock;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * What an operator watches: Toss's latency per endpoint and outcome, declines by Toss's code, the
 * janitors' and the renewal worker's backlogs, the event outbox, the entitlement cache; and health
 * with the database and Toss reported apart.
 */
@BillingIntegrationTest
class OperationsMetricsIntegrationTests {

  @LocalServerPort int port;
  @Autowired Customers customers;
  @Autowired Cards cards;
  @Autowired TestClock clock;
  @Autowired Subscriptions subscriptions;
  @Autowired BillingPasses engine;
  @Autowired JdbcClient jdbc;

  private BillingFixture fixture;

  @BeforeEach
  void fixture() {
    fixture = new BillingFixture(port, customers, cards, clock, jdbc);
  }

  @Test
  void prometheusShowsWhatAnOperatorWatches() throws Exception {
    long plan = fixture.monthlyPlan("지표", 8_800);
    CustomerId customer = fixture.customerAt("2035-05-05T10:00:00+09:00", GOOD_CARD);
    subscriptions.subscribe(customer, new PlanId(plan));
    fixture.registerCard(customer, SOFT_DECLINE_CARD);
    fixture.moveTo(customer, "2035-06-05T09:00:30+09:00");
    engine.runDuePass();
    fixture.ok("GET", "/api/v1/customers/" + customer.value() + "/entitlements", null);

    String metrics = get("/actuator/prometheus");
    assertThat(metrics)
        .contains(
            "tossbill_toss_requests_seconds_bucket{endpoint=\"charge\",outcome=\"approved\"",
            "tossbill_toss_requests_seconds_count{endpoint=\"charge\",outcome=\"declined\"}",
            "tossbill_toss_requests_seconds_count{endpoint=\"issue_billing_key\",outcome=\"ok\"}",
            "tossbill_toss_declines_total{code=\"",
            "kind=\"soft\"",
            "tossbill_billing_charges_total{",
            "tossbill_payment_unsettled{kind=\"charge\",status=\"unknown\"}",
            "tossbill_payment_unsettled_oldest_seconds",
            "tossbill_billing_due ",
            "tossbill_billing_due_oldest_seconds",
            "tossbill_events_incomplete",
            "cache_gets_total{cache=\"entitlements\"");

    // every metric the dashboard and the alert rules use exists: in this scrape, or (a counter
    // made at its first increment, such as an integration error) named in the code
    String sources = sources();
    for (String file : List.of("grafana/tossbill.json", "prometheus/tossbill-alerts.yml")) {
      Matcher name =
          Pattern.compile("\\b(tossbill_[a-z_]+)")
              .matcher(Files.readString(Path.of("..", "docs", file)));
      while (name.find()) {
        String metric = name.group(1).replaceAll("_(bucket|count|sum)$", "");
        String meter = metric.replaceAll("_(total|seconds)$", "");
        assertThat(
                metrics.contains(metric + "{")
                    || metrics.contains(metric + " ")
                    || meters(sources).contains(meter))
            .as("%s in %s", metric, file)
            .isTrue();
      }
    }
    assertThat(metrics).contains("http_server_requests_seconds_bucket");

    String health = get("/actuator/health");
    assertThat(health).contains("\"db\"", "\"toss\"", "\"failuresInARow\":0");
  }

  /** The meter names in the code, as Prometheus spells them ({@code tossbill.a.b_c} → a_b_c). */
  private static Set<String> meters(String sources) {
    Set<String> names = new HashSet<>();
    Matcher quoted = Pattern.compile("\"(tossbill\\.[a-z_.]+)\"").matcher(sources);
    while (quoted.find()) {
      names.add(quoted.group(1).replace('.', '_'));
    }
    return names;
  }

  private static String sources() throws IOException {
    StringBuilder all = new StringBuilder();
    try (Stream<Path> files = Files.walk(Path.of("src", "main", "java"))) {
      for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
        all.append(Files.readString(file));
      }
    }
    return all.toString();
  }

  private String get(String path) throws Exception {
    HttpResponse<String> response =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                    .header("Authorization", "Bearer tb_test_admin_key")
                    .build(),
                HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    return response.body();
  }
}
