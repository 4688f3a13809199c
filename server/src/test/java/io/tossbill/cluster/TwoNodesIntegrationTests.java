package io.tossbill.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.tossbill.testing.ServerHttp;
import io.tossbill.testing.TestSandbox;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * Two server nodes, each its own JVM, on one PostgreSQL, sharing one sandbox (mounted in node A,
 * reached by node B through tossbill.toss.sandbox-url) and one test clock (in the database). A
 * billing run starts on both; node B is killed with SIGKILL while its charges are in flight, and
 * started again; every period is still charged exactly once, here and at the sandbox.
 */
class TwoNodesIntegrationTests {

  private static final int SUBSCRIBERS = 120;
  private static final String CARD = "4330123412341234";

  @TempDir Path temp;

  private EmbeddedPostgres postgres;
  private final List<Process> nodes = new ArrayList<>();

  @AfterEach
  void stop() throws IOException {
    for (Process node : nodes) {
      node.destroyForcibly();
    }
    if (postgres != null) {
      postgres.close();
    }
  }

  @Test
  void aNodeKilledInTheMiddleOfARenewalRunLeavesEveryPeriodChargedOnce() throws Exception {
    postgres = EmbeddedPostgres.builder().setRegisterShutdownHook(false).start();
    String url = postgres.getJdbcUrl("postgres", "postgres");
    int portA = freePort();
    int portB = freePort();
    Process a = start("a", portA, url, List.of());
    awaitUp(portA);
    List<String> nodeB =
        List.of(
            "--toss-sandbox.enabled=false",
            "--tossbill.toss.sandbox-url=http://127.0.0.1:" + portA + "/toss-sandbox");
    Process b = start("b", portB, url, nodeB);
    awaitUp(portB);
    ServerHttp httpA = new ServerHttp(portA);
    ServerHttp httpB = new ServerHttp(portB);

    long plan =
        httpA
            .api(
                "POST",
                "/api/v1/plans",
                """
                {"code":"two-nodes","name":"두 노드","price":9900,
                 "interval":{"unit":"MONTH","count":1},"trialDays":0,"features":{"seats":"2"}}
                """)
            .get("id")
            .asLong();
    long firstCustomer = 0;
    for (int i = 0; i < SUBSCRIBERS; i++) {
      ServerHttp http = i % 2 == 0 ? httpA : httpB; // both nodes take subscribes
      JsonNode customer =
          http.api(
              "POST",
              "/api/v1/customers",
              "{\"name\":\"노드 고객 " + i + "\",\"email\":\"node" + i + "@example.com\"}");
      String key = customer.get("customerKey").asString();
      String authKey = httpA.authorizeCardInWindow(key, CARD);
      http.api(
          "POST",
          "/api/v1/customers/" + customer.get("id").asLong() + "/cards",
          "{\"authKey\":\"" + authKey + "\",\"customerKey\":\"" + key + "\"}");
      JsonNode subscription =
          http.api(
              "POST",
              "/api/v1/subscriptions",
              "{\"customerId\":" + customer.get("id").asLong() + ",\"planId\":" + plan + "}");
      assertThat(subscription.get("status").asString()).isEqualTo("ACTIVE");
      if (i == 0) {
        firstCustomer = customer.get("id").asLong();
      }
    }

    // entitlements: a change committed on one node is seen on the other within the cache's
    // time to live (tossbill.entitlement.cache-ttl, 5 s), on the node itself at once
    String seats = "/api/v1/customers/" + firstCustomer + "/entitlements/seats";
    assertThat(httpB.api("GET", seats, null).get("limit").asLong()).isEqualTo(2); // cached on B
    httpA.api("PATCH", "/api/v1/plans/" + plan, "{\"features\":{\"seats\":\"7\"}}");
    assertThat(httpA.api("GET", seats, null).get("limit").asLong()).isEqualTo(7);
    await()
        .atMost(Duration.ofSeconds(5 + 2))
        .pollInterval(Duration.ofMillis(100))
        .until(() -> httpB.api("GET", seats, null).get("limit").asLong() == 7);

    httpA.sandboxLatency(400); // charges stay in flight long enough to be killed in the middle
    httpB.api("POST", "/api/v1/admin/test-clock", "{\"advanceBy\":\"P32D\"}"); // every node follows

    await("charges of the renewal in flight on node B")
        .atMost(Duration.ofSeconds(60))
        .pollInterval(Duration.ofMillis(50))
        .until(() -> count("SELECT count(*) FROM payment WHERE period_no = 2") >= 10);
    long inFlightAtTheKill =
        count(
            "SELECT count(*) FROM payment WHERE period_no = 2 AND status IN ('PENDING','UNKNOWN')");
    b.destroyForcibly(); // SIGKILL: no shutdown hook, no outcome written for what was in flight
    b.waitFor();
    nodes.remove(b);
    start("b", portB, url, nodeB);
    awaitUp(portB);

    await("every period 2 paid")
        .atMost(Duration.ofMinutes(3))
        .pollInterval(Duration.ofMillis(500))
        .until(
            () ->
                count("SELECT count(*) FROM subscription WHERE paid_period_no >= 2")
                    == SUBSCRIBERS);
    await("nothing left in flight")
        .atMost(Duration.ofMinutes(2))
        .pollInterval(Duration.ofMillis(500))
        .until(
            () -> count("SELECT count(*) FROM payment WHERE status IN ('PENDING','UNKNOWN')") == 0);

    assertThat(inFlightAtTheKill).as("charges were in flight when the node died").isPositive();
    assertThat(
            count(
                "SELECT count(*) FROM payment WHERE purpose = 'PERIOD' AND period_no = 2"
                    + " AND status = 'APPROVED'"))
        .isEqualTo(SUBSCRIBERS);
    assertThat(
            count(
                """
                SELECT count(*) FROM (SELECT subscription_id, period_no FROM payment
                  WHERE status IN ('APPROVED', 'LATE_APPROVED') AND purpose = 'PERIOD'
                  GROUP BY subscription_id, period_no HAVING count(*) > 1) twice
                """))
        .isZero();
    Set<String> charged = new HashSet<>();
    long charges = 0;
    for (JsonNode entry : httpA.sandboxLedger()) {
      if ("CHARGE".equals(entry.get("type").asString())
          && "DONE".equals(entry.get("status").asString())) {
        charges++;
        charged.add(entry.get("orderId").asString());
      }
    }
    long refunded =
        count("SELECT count(*) FROM payment WHERE status = 'LATE_APPROVED'"); // refunded in full
    assertThat(charges).as("one charge per orderId at the sandbox").isEqualTo(charged.size());
    assertThat(charges).isEqualTo(2L * SUBSCRIBERS + refunded);
  }

  private Process start(String name, int port, String url, List<String> extra) throws IOException {
    List<String> command = new ArrayList<>();
    command.add(ProcessHandle.current().info().command().orElse("java"));
    command.add("-Xmx512m");
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add("io.tossbill.TossbillApplication");
    command.add("--server.port=" + port);
    command.add("--spring.datasource.url=" + url);
    command.add("--tossbill.toss.secret-key=" + TestSandbox.SECRET_KEY);
    command.add("--tossbill.toss.client-key=" + TestSandbox.CLIENT_KEY);
    command.add("--tossbill.payment.janitor.poll-interval=1s");
    command.add("--tossbill.payment.janitor.pending-stale-after=5s");
    command.add("--tossbill.payment.janitor.first-check-after=1s");
    command.add("--tossbill.billing.worker.poll-interval=500ms");
    command.add("--tossbill.toss.charge-read-timeout=3s");
    command.add("--db-scheduler.polling-interval=500ms");
    command.add("--logging.level.root=WARN");
    command.addAll(extra);
    Path log = temp.resolve("node-" + name + "-" + System.nanoTime() + ".log");
    Process process =
        new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    nodes.add(process);
    return process;
  }

  private static void awaitUp(int port) {
    ServerHttp http = new ServerHttp(port);
    await("node on " + port)
        .atMost(Duration.ofSeconds(90))
        .pollInterval(Duration.ofMillis(250))
        .ignoreExceptions()
        .until(() -> http.api("GET", "/api/v1/plans", null) != null);
  }

  private long count(String sql) throws Exception {
    DataSource db = postgres.getPostgresDatabase();
    try (Connection connection = db.getConnection();
        ResultSet rs = connection.createStatement().executeQuery(sql)) {
      rs.next();
      return rs.getLong(1);
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
