package io.tossbill.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tossbill.bench.ProcessRenewalBenchmark.Run;
import org.junit.jupiter.api.Test;

/** The renewal runs a benchmark is asked for ({@code RUNS} of bench/renewals.sh). */
class BenchmarkRunsTests {

  @Test
  void aWarmRunReusesThePreviousRunsNodesAndSaysSo() {
    assertThat(Run.parse("1,1w,1:1000/400"))
        .containsExactly(
            new Run(1, 0, 0, false), new Run(1, 0, 0, true), new Run(1, 1000, 400, false));
    assertThat(Run.parse("2:10/5,2:10/5w").getLast())
        .hasToString("2 nodes, 10 / 5, warm (the same JVM's second run)");
  }

  @Test
  void aWarmRunNeedsAPreviousRunOfTheSameNodesAndSetting() {
    assertThatThrownBy(() -> Run.parse("1w")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Run.parse("1,2w")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Run.parse("1,1:1000/400w"))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
