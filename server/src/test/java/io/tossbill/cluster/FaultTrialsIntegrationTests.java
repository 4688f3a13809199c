package io.tossbill.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The short fault run of the normal build: one billing run each with a node killed, PostgreSQL
 * restarted, Toss's webhooks mangled and the merchant's webhook receiver failing, timing out and
 * answering slowly, on two nodes with the sandbox's faults at 5 %. The long run is {@code
 * bench/faults.sh} ({@link FaultBench}).
 */
class FaultTrialsIntegrationTests {

  private static final Logger log = LoggerFactory.getLogger(FaultTrialsIntegrationTests.class);

  @TempDir Path work;

  @Test
  void killsRestartsAndMangledWebhooksChargeEveryPeriodOnceAndLoseNoMailOrWebhook()
      throws Exception {
    FaultTrials.Settings settings =
        new FaultTrials.Settings(
            30,
            List.of(
                FaultTrials.Fault.NODE_KILL,
                FaultTrials.Fault.POSTGRES_RESTART,
                FaultTrials.Fault.TOSS_WEBHOOKS,
                FaultTrials.Fault.OUTGOING_WEBHOOKS),
            7,
            work);
    List<FaultTrials.TrialResult> results;
    try (FaultTrials trials = FaultTrials.start(settings)) {
      results = trials.run(row -> log.info("{}", FaultTrials.table(List.of(row))));
    }
    assertThat(results).hasSize(4);
    assertThat(results)
        .allSatisfy(
            r -> {
              assertThat(r.problems()).as("trial %d (%s)", r.trial(), r.happened()).isEmpty();
              assertThat(r.charged()).isEqualTo(30);
              assertThat(r.duplicates()).isZero();
              assertThat(r.unknownLeft()).isZero();
              assertThat(r.hooksLost()).isZero();
              assertThat(r.hooksTwice()).isZero();
              assertThat(r.outgoingWebhooks()).startsWith("events=");
            });
  }
}
