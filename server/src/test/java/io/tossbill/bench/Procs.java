package io.tossbill.bench;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * CPU and memory of any process on this machine, from Linux's /proc: what a benchmark reports for
 * each of the processes it started (server nodes, the Toss sandbox, PostgreSQL). CPU in clock ticks
 * (USER_HZ, 100 a second), memory in KiB. A process that has ended reads as 0.
 */
final class Procs {

  static final double TICKS_PER_SECOND = 100;

  private Procs() {}

  /** User and system ticks of one process, all its threads. */
  static long ticks(long pid) {
    String[] stat = stat(pid);
    return stat == null ? 0 : Long.parseLong(stat[11]) + Long.parseLong(stat[12]);
  }

  /**
   * User and system ticks of a PostgreSQL: the postmaster with its exited children (cutime, cstime)
   * and its live children (backends, WAL writer, checkpointer...).
   */
  static long postgresTicks(long postmaster) {
    long ticks = 0;
    String[] own = stat(postmaster);
    if (own != null) {
      for (int i = 11; i < 15; i++) {
        ticks += Long.parseLong(own[i]);
      }
    }
    for (long child : children(postmaster)) {
      ticks += ticks(child);
    }
    return ticks;
  }

  /** Busy and total ticks of all cores, from the first line of /proc/stat. */
  static long[] machineTicks() {
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

  /** Resident memory now (VmRSS). */
  static long rssKib(long pid) {
    return status(pid, "VmRSS:");
  }

  /** Peak resident memory since the process started (VmHWM). */
  static long peakRssKib(long pid) {
    return status(pid, "VmHWM:");
  }

  /**
   * Resident memory of a PostgreSQL now: each process's proportional share (PSS), so shared buffers
   * are counted once.
   */
  static long postgresPssKib(long postmaster) {
    long kib = proportionalKib(postmaster);
    for (long child : children(postmaster)) {
      kib += proportionalKib(child);
    }
    return kib;
  }

  /** The parent of a process, or -1. */
  static long parent(long pid) {
    String[] stat = stat(pid);
    return stat == null ? -1 : Long.parseLong(stat[1]);
  }

  private static List<Long> children(long parent) {
    List<Long> children = new ArrayList<>();
    try (DirectoryStream<Path> processes = Files.newDirectoryStream(Path.of("/proc"), "[0-9]*")) {
      for (Path process : processes) {
        long pid = Long.parseLong(process.getFileName().toString());
        if (pid != parent && parent(pid) == parent) {
          children.add(pid);
        }
      }
    } catch (IOException | RuntimeException e) {
      return children;
    }
    return children;
  }

  private static long status(long pid, String field) {
    try {
      for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
        if (line.startsWith(field)) {
          return Long.parseLong(line.replaceAll("[^0-9]", ""));
        }
      }
    } catch (IOException | RuntimeException e) {
      return 0;
    }
    return 0;
  }

  private static long proportionalKib(long pid) {
    try {
      for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "smaps_rollup"))) {
        if (line.startsWith("Pss:")) {
          return Long.parseLong(line.replaceAll("[^0-9]", ""));
        }
      }
    } catch (IOException | RuntimeException e) {
      return 0;
    }
    return 0;
  }

  /** The fields of /proc/pid/stat after the command name: [0] state, [1] ppid, ... */
  private static String[] stat(long pid) {
    try {
      String line = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
      return line.substring(line.lastIndexOf(')') + 2).trim().split("\\s+");
    } catch (IOException | RuntimeException e) {
      return null;
    }
  }
}
