package io.tossbill.sandbox;

import java.time.Duration;
import java.util.Random;
import org.jspecify.annotations.Nullable;

/**
 * Latency and fault injection for API calls, drawn from one seedable random. Bad settings are
 * refused with a {@link SandboxProblem}, so the controls answer 400 with the bundle's message.
 */
final class SandboxControls {

  /** How API calls are slowed down; modes none, fixed, uniform and normal. */
  record Latency(
      String mode,
      long fixedMillis,
      long minMillis,
      long maxMillis,
      long meanMillis,
      long stdDevMillis) {

    static final long MAX_MILLIS = 120_000;

    Latency {
      mode = mode == null ? "none" : mode.toLowerCase(java.util.Locale.ROOT);
      if (!java.util.Set.of("none", "fixed", "uniform", "normal").contains(mode)) {
        throw SandboxProblem.invalid("latency.mode", mode);
      }
      for (long v : new long[] {fixedMillis, minMillis, maxMillis, meanMillis, stdDevMillis}) {
        if (v < 0 || v > MAX_MILLIS) {
          throw SandboxProblem.invalid("latency.range", MAX_MILLIS, v);
        }
      }
      if (mode.equals("uniform") && maxMillis < minMillis) {
        throw SandboxProblem.invalid("latency.uniform", minMillis, maxMillis);
      }
    }

    static Latency none() {
      return new Latency("none", 0, 0, 0, 0, 0);
    }
  }

  /** Probabilities (0..1, summing to at most 1) of the injected faults, and the random seed. */
  record Faults(
      double internalErrorRate,
      double connectionResetRate,
      double resetAfterChargeRate,
      double timeoutAfterChargeRate,
      @Nullable Long seed) {

    Faults {
      double sum = 0;
      for (double rate :
          new double[] {
            internalErrorRate, connectionResetRate, resetAfterChargeRate, timeoutAfterChargeRate
          }) {
        if (Double.isNaN(rate) || rate < 0 || rate > 1) {
          throw SandboxProblem.invalid("faults.rate", rate);
        }
        sum += rate;
      }
      if (sum > 1.0000001) {
        throw SandboxProblem.invalid("faults.sum", sum);
      }
    }

    static Faults none() {
      return new Faults(0, 0, 0, 0, null);
    }
  }

  /** The fault drawn for one call. */
  enum Fault {
    NONE,
    INTERNAL_ERROR,
    CONNECTION_RESET,
    RESET_AFTER_CHARGE,
    TIMEOUT_AFTER_CHARGE
  }

  private volatile Latency latency = Latency.none();
  private volatile Faults faults = Faults.none();
  private Random random = new Random();

  Latency latency() {
    return latency;
  }

  Faults faults() {
    return faults;
  }

  void setLatency(Latency newLatency) {
    this.latency = newLatency;
  }

  synchronized void setFaults(Faults newFaults) {
    this.faults = newFaults;
    if (newFaults.seed() != null) {
      random = new Random(newFaults.seed());
    }
  }

  synchronized void reset() {
    latency = Latency.none();
    faults = Faults.none();
    random = new Random();
  }

  synchronized Duration sampleLatency() {
    Latency current = latency;
    long millis =
        switch (current.mode()) {
          case "fixed" -> current.fixedMillis();
          case "uniform" ->
              current.minMillis()
                  + (long) (random.nextDouble() * (current.maxMillis() - current.minMillis()));
          case "normal" ->
              Math.round(current.meanMillis() + random.nextGaussian() * current.stdDevMillis());
          default -> 0;
        };
    return Duration.ofMillis(Math.clamp(millis, 0, Latency.MAX_MILLIS));
  }

  synchronized Fault rollFault() {
    Faults current = faults;
    if (current.internalErrorRate()
            + current.connectionResetRate()
            + current.resetAfterChargeRate()
            + current.timeoutAfterChargeRate()
        == 0) {
      return Fault.NONE;
    }
    double roll = random.nextDouble();
    double bound = current.internalErrorRate();
    if (roll < bound) {
      return Fault.INTERNAL_ERROR;
    }
    bound += current.connectionResetRate();
    if (roll < bound) {
      return Fault.CONNECTION_RESET;
    }
    bound += current.resetAfterChargeRate();
    if (roll < bound) {
      return Fault.RESET_AFTER_CHARGE;
    }
    bound += current.timeoutAfterChargeRate();
    if (roll < bound) {
      return Fault.TIMEOUT_AFTER_CHARGE;
    }
    return Fault.NONE;
  }
}
