package io.tossbill;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.HttpServer;
import io.tossbill.hooks.WebhookVerifier;
import io.tossbill.testing.ServerHttp;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.json.JsonMapper;

/**
 * docs/api.md's walk for a new integrator works as written: its shell blocks run one after the
 * other in bash, with curl and jq, against this server (the default run's configuration: the
 * sandbox mounted, demo plans), and leave an active subscription, a charge and the entitlement it
 * grants.
 */
@SpringBootTest(
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = "tossbill.catalog.demo-plans=true")
class ApiWalkDocsTests {

  private static final Path DOC = Path.of("..", "docs", "api.md");
  private static final String SECTION = "## From an API key to a subscription";
  private static final String COUPONS = "## Coupons and promotion codes";
  private static final Pattern SH = Pattern.compile("```sh\n(.*?)```", Pattern.DOTALL);

  private static final JsonMapper JSON = JsonMapper.builder().build();

  @LocalServerPort int port;
  @Autowired JdbcClient jdbc;
  @TempDir Path temp;

  @Test
  void theIntegratorsWalkRunsAsWritten() throws Exception {
    String doc = Files.readString(DOC);
    List<String> blocks = new ArrayList<>(blocks(doc, SECTION));
    assertThat(blocks).hasSizeGreaterThanOrEqualTo(7);
    List<String> coupons = blocks(doc, COUPONS);
    assertThat(coupons).isNotEmpty();
    blocks.addAll(coupons);

    // the merchant's webhook receiver
    List<Received> received = new CopyOnWriteArrayList<>();
    HttpServer receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    receiver.createContext(
        "/tossbill-webhooks",
        exchange -> {
          byte[] body = exchange.getRequestBody().readAllBytes();
          received.add(
              new Received(
                  exchange.getRequestHeaders().getFirst("webhook-id"),
                  exchange.getRequestHeaders().getFirst("webhook-timestamp"),
                  exchange.getRequestHeaders().getFirst("webhook-signature"),
                  new String(body, StandardCharsets.UTF_8)));
          exchange.sendResponseHeaders(204, -1);
          exchange.close();
        });
    receiver.start();
    try {
      walk(blocks, receiver.getAddress().getPort(), received);
    } finally {
      receiver.stop(0);
    }
  }

  private void walk(List<String> blocks, int receiverPort, List<Received> received)
      throws Exception {
    // this server's port, and an external id no other test of this context uses
    String externalId = "user-42-" + UUID.randomUUID().toString().substring(0, 8);
    String script =
        "set -euo pipefail\n"
            + "K="
            + ServerHttp.ADMIN_KEY
            + "\n"
            + String.join("\necho '--- block'\n", blocks)
                .replace("http://127.0.0.1:8080", "http://127.0.0.1:" + port)
                .replace("user-42", externalId)
                // a refusal's problem in the output, should a step fail
                .replace("curl -sf ", "curl -sS --fail-with-body ")
                .replace(
                    "https://shop.example.com/tossbill-webhooks",
                    "http://127.0.0.1:" + receiverPort + "/tossbill-webhooks")
            + "\necho \"customer=$C subscription=$S\"\necho \"secret=$WH_SECRET\"\n";
    Path file = temp.resolve("walk.sh");
    Files.writeString(file, script);
    Process bash =
        new ProcessBuilder("bash", file.toString())
            .redirectErrorStream(true)
            .redirectOutput(temp.resolve("out.txt").toFile())
            .start();
    assertThat(bash.waitFor(120, TimeUnit.SECONDS)).isTrue();
    String out = Files.readString(temp.resolve("out.txt"), StandardCharsets.UTF_8);
    assertThat(bash.exitValue()).as(out).isZero();

    Matcher ids = Pattern.compile("customer=(\\d+) subscription=(\\d+)").matcher(out);
    assertThat(ids.find()).as(out).isTrue();
    long customer = Long.parseLong(ids.group(1));
    long subscription = Long.parseLong(ids.group(2));
    assertThat(
            jdbc.sql("SELECT external_id FROM customer WHERE id = ?")
                .param(customer)
                .query(String.class)
                .single())
        .isEqualTo(externalId);
    assertThat(
            jdbc.sql("SELECT status FROM subscription WHERE id = ?")
                .param(subscription)
                .query(String.class)
                .single())
        .isEqualTo("ACTIVE");
    assertThat(out)
        .contains("\"status\": \"ACTIVE\"", "\"status\": \"APPROVED\"", "\"amount\": 4900")
        .contains("\"feature\":\"projects\"", "\"enabled\":true", "\"limit\":3")
        .contains("{\"price\":4900,\"discount\":490,\"priceAfterDiscount\":4410}")
        .contains("{\"code\":\"HELLO2026\",\"nextChargeDiscount\":490}")
        .doesNotContain("tb_test_", "bln_", "4330123412341234");

    // the endpoint got the subscription's events, each signed with the secret step 2 was shown
    Matcher secret = Pattern.compile("secret=(whsec_\\S+)").matcher(out);
    assertThat(secret.find()).as(out).isTrue();
    WebhookVerifier verifier = new WebhookVerifier(secret.group(1));
    await()
        .atMost(Duration.ofSeconds(60))
        .untilAsserted(
            () ->
                assertThat(received)
                    .extracting(r -> JSON.readTree(r.body()).get("type").asString())
                    .contains("subscription.created", "payment.succeeded"));
    for (Received delivery : received) {
      verifier.verify(
          delivery.id(),
          delivery.timestamp(),
          delivery.signature(),
          delivery.body(),
          Instant.now());
      assertThat(JSON.readTree(delivery.body()).get("data").get("customerId").asLong())
          .isEqualTo(customer);
    }
  }

  /** The shell blocks of the section under {@code heading}, up to the next section. */
  private static List<String> blocks(String doc, String heading) {
    int start = doc.indexOf(heading);
    assertThat(start).as("%s in docs/api.md", heading).isNotNegative();
    int end = doc.indexOf("\n## ", start + heading.length());
    List<String> blocks = new ArrayList<>();
    Matcher block = SH.matcher(doc.substring(start, end < 0 ? doc.length() : end));
    while (block.find()) {
      blocks.add(block.group(1));
    }
    return blocks;
  }

  private record Received(String id, String timestamp, String signature, String body) {}
}
