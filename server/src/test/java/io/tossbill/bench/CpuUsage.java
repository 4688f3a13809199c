package io.tossbill.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Where the machine's CPU went during a measurement (Linux, from /proc): this JVM (server, sandbox,
 * benchmark), the embedded PostgreSQL (postmaster and its backends), and everything else on the
 * machine, which should be near zero for a clean run. Fractions of all cores.
 */
final class CpuUsage {

  /** CPU counters at one instant, in clock ticks (USER_HZ) except the JVM's nanoseconds. */
  record Sample(long machineBusy, long machineTotal, long jvmNanos, long postgresTicks) {}

  /** Shares of the machine's capacity (all cores) between two samples. */
  record Split(double machine, double jvm, double postgres) {

    double other() {
      return Math.max(0, machine - jvm - postgres);
    }

    @Override
    public String toString() {
      return String.format(
          Locale.ROOT,
          "%.0f%% = %.0f + %.0f + %.0f",
          machine * 100,
          jvm * 100,
          postgres * 100,
          other() * 100);
    }
  }

  private static final double TICKS_PER_SECOND = 100; // USER_HZ on Linux

  private final long postmaster;

  private CpuUsage(long postmaster) {
    this.postmaster = postmaster;
  }

  /** Finds the embedded PostgreSQL's postmaster: the parent of one of its backends. */
  static CpuUsage of(JdbcClient jdbc) {
    long backend = jdbc.sql("SELECT pg_backend_pid()").query(Long.class).single();
    long parent = -1;
    try {
      String[] stat = stat(backend);
      if (stat != null) {
        parent = Long.parseLong(stat[1]);
      }
    } catch (RuntimeException e) {
      parent = -1;
    }
    return new CpuUsage(parent);
  }

  Sample sample() {
    long[] machine = machineTicks();
    return new Sample(machine[0], machine[1], jvmNanos(), postgresTicks());
  }

  static Split between(Sample before, Sample after) {
    double total = after.machineTotal() - before.machineTotal();
    if (total <= 0) {
      return new Split(Double.NaN, Double.NaN, Double.NaN);
    }
    double jvmTicks = (after.jvmNanos() - before.jvmNanos()) / 1e9 * TICKS_PER_SECOND;
    return new Split(
        (after.machineBusy() - before.machineBusy()) / total,
        jvmTicks / total,
        (after.postgresTicks() - before.postgresTicks()) / total);
  }

  /** Busy and total ticks of all cores, from the first line of /proc/stat. */
  private static long[] machineTicks() {
    try {
      String[] fields = Files.readAllLines(Path.of("/proc/stat")).getFirst().trim().split("\\s+");
      long total = 0;
      for (int i = 1; i < Math.min(fields.length, 9); i++) {
        total += Long.parseLong(fields[i]);
      }
      long idle = Long.parseLong(fields[4]) + Long.parseLong(fields[5]);
      return new long[] {total - idle, total};
    } catch (IOException | RuntimeException e) {
      return new long[] {0, 0};
    }
  }

  private static long jvmNanos() {
    return ManagementFactory.getOperatingSystemMXBean()
            instanceof com.sun.management.OperatingSystemMXBean os
        ? os.getProcessCpuTime()
        : 0;
  }

  /**
   * User and system ticks of the postmaster (with its exited children) and of its live children.
   */
  private long postgresTicks() {
    if (postmaster <= 0) {
      return 0;
    }
    long ticks = 0;
    try (DirectoryStream<Path> processes = Files.newDirectoryStream(Path.of("/proc"), "[0-9]*")) {
      for (Path process : processes) {
        long pid = Long.parseLong(process.getFileName().toString());
        String[] stat = stat(pid);
        if (stat == null) {
          continue;
        }
        if (pid == postmaster) {
          ticks += sum(stat, 11, 15); // utime, stime, cutime, cstime
        } else if (Long.parseLong(stat[1]) == postmaster) {
          ticks += sum(stat, 11, 13); // utime, stime
        }
      }
    } catch (IOException | RuntimeException e) {
      return 0;
    }
    return ticks;
  }

  /**
   * Resident memory of the postmaster and its children now, in KiB, each process's proportional
   * share (PSS), so shared buffers are counted once.
   */
  long postgresRssKib() {
    if (postmaster <= 0) {
      return 0;
    }
    long kib = 0;
    try (DirectoryStream<Path> processes = Files.newDirectoryStream(Path.of("/proc"), "[0-9]*")) {
      for (Path process : processes) {
        long pid = Long.parseLong(process.getFileName().toString());
        String[] stat = stat(pid);
        if (stat == null || (pid != postmaster && Long.parseLong(stat[1]) != postmaster)) {
          continue;
        }
        kib += proportionalKib(pid);
      }
    } catch (IOException | RuntimeException e) {
      return 0;
    }
    return kib;
  }

  private static long proportionalKib(long pid) {
    try {
      for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "smaps_rollup"))) {
        if (line.startsWith("Pss:")) {
          return Long.parseLong(line.replaceAll("[^0-9]", ""));
        }
      }
    } catch (IOException | RuntimeException e) {
      return 0; // the process ended meanwhile
    }
    return 0;
  }

  /** The fields of /proc/pid/stat after the command name: [0] state, [1] ppid, ... */
  private static String[] stat(long pid) {
    try {
      String line = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
      return line.substring(line.lastIndexOf(')') + 2).trim().split("\\s+");
    } catch (IOException | RuntimeException e) {
      return null; // the process ended meanwhile
    }
  }

  private static long sum(String[] fields, int from, int to) {
    long sum = 0;
    for (int i = from; i < to; i++) {
      sum += Long.parseLong(fields[i]);
    }
    return sum;
  }
}
