package io.tossbill.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The long fault run ({@code bench/faults.sh}, docs/reliability.md): by default 20 node kills, 3
 * PostgreSQL restarts, 3 rounds of Toss webhook chaos and 3 of a flaky receiver of tossbill's own
 * webhooks over 200 subscribers, each a billing run. Tagged "faults", so the normal build leaves it
 * out. Settings: system properties {@code tossbill.faults.subscribers}, {@code .kills}, {@code
 * .postgres-restarts}, {@code .webhook-trials}, {@code .outgoing-webhook-trials}, {@code .seed}.
 * Writes {@code server/target/faults/faults-report.md} and {@code faults-summary.txt}.
 */
@Tag("faults")
class FaultBench {

  private static final Logger log = LoggerFactory.getLogger(FaultBench.class);

  @Test
  void everyTrialChargesEveryDuePeriodOnceAndLosesNothing() throws Exception {
    int subscribers = Integer.getInteger("tossbill.faults.subscribers", 200);
    int kills = Integer.getInteger("tossbill.faults.kills", 20);
    int postgres = Integer.getInteger("tossbill.faults.postgres-restarts", 3);
    int webhooks = Integer.getInteger("tossbill.faults.webhook-trials", 3);
    int outgoing = Integer.getInteger("tossbill.faults.outgoing-webhook-trials", 3);
    long seed = Long.getLong("tossbill.faults.seed", 1);
    Path out = Path.of("target", "faults");
    Files.createDirectories(out);
    Path work = Files.createTempDirectory("tossbill-faults");
    log.info("the nodes' and the sandbox's logs are in {}", work);
    FaultTrials.Settings settings =
        new FaultTrials.Settings(
            subscribers,
            FaultTrials.Settings.schedule(kills, postgres, webhooks, outgoing, seed),
            seed,
            work);
    List<FaultTrials.TrialResult> results;
    try (FaultTrials trials = FaultTrials.start(settings)) {
      results =
          trials.run(row -> log.info("trial {}: {}", row.trial(), FaultTrials.table(List.of(row))));
    }
    String report =
        "Seed "
            + seed
            + ", "
            + subscribers
            + " subscribers, two server nodes, sandbox faults: timeout after charge 5 %, 500 5 %.\n\n"
            + FaultTrials.table(results);
    Files.writeString(out.resolve("faults-report.md"), report, StandardCharsets.UTF_8);
    Files.writeString(
        out.resolve("faults-summary.txt"),
        FaultTrials.summary(results) + "\n",
        StandardCharsets.UTF_8);
    assertThat(results)
        .allSatisfy(r -> assertThat(r.problems()).as("trial " + r.trial()).isEmpty());
  }
}
