package io.tossbill;

import static org.assertj.core.api.Assertions.assertThat;

import io.tossbill.testing.ServerHttp;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

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
  private static final Pattern SH = Pattern.compile("```sh\n(.*?)```", Pattern.DOTALL);

  @LocalServerPort int port;
  @Autowired JdbcClient jdbc;
  @TempDir Path temp;

  @Test
  void theIntegratorsWalkRunsAsWritten() throws Exception {
    String doc = Files.readString(DOC);
    int start = doc.indexOf(SECTION);
    assertThat(start).as("the walk's section in docs/api.md").isNotNegative();
    int end = doc.indexOf("\n## ", start + SECTION.length());
    List<String> blocks = new ArrayList<>();
    Matcher block = SH.matcher(doc.substring(start, end < 0 ? doc.length() : end));
    while (block.find()) {
      blocks.add(block.group(1));
    }
    assertThat(blocks).hasSizeGreaterThanOrEqualTo(5);

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
            + "\necho \"customer=$C subscription=$S\"\n";
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
        .doesNotContain("tb_test_", "bln_", "4330123412341234");
  }
}
