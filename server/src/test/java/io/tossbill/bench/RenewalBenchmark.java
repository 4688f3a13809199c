package io.tossbill.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.tossbill.TossbillApplication;
import io.tossbill.testclock.TestClock;
import io.tossbill.testing.ServerHttp;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.JsonNode;

/**
 * Renewal throughput of the real server: N subscriptions due at the same instant, renewed by the
 * billing engine's own loop through the real gateway and TossClient, over HTTP to the sandbox
 * mounted in the same server, with a fixed sandbox latency (300 ms, PRODUCT.md's reference).
 * Reported beside the PostgreSQL ceiling of the same run ({@link PostgresCeiling}). Not a test: it
 * is tagged {@code benchmark}, which the default build excludes; docs/benchmarks.md has the command
 * and the method.
 *
 * <p>Each worker setting ({@code max-in-flight/batch-size}) gets its own server: one Spring context
 * with its own embedded PostgreSQL and sandbox, started with that setting, so every row of the
 * table is measured on the same fresh state.
 *
 * <p>System properties (all optional): {@code tossbill.bench.subscriptions} (5000), {@code
 * tossbill.bench.settings} ({@code 64/200,512/500,1000/1000}), {@code tossbill.bench.latency-ms}
 * (300), {@code tossbill.bench.setup-concurrency} (32), {@code tossbill.bench.pg-workers} (16),
 * {@code tossbill.bench.zero-latency} (true: also renew once more with no sandbox latency).
 */
@Tag("benchmark")
class RenewalBenchmark {

  private static final org.slf4j.Logger LOG =
      org.slf4j.LoggerFactory.getLogger(RenewalBenchmark.class);

  private static final ZoneId SEOUL = ZoneId.of("Asia/Seoul");
  private static final String CARD = "4330123412341234";

  /** A server setting to renew with: the defaults (0/0), or max-in-flight and batch-size. */
  record Setting(int maxInFlight, int batchSize) {

    static List<Setting> parse(String text) {
      List<Setting> settings = new ArrayList<>();
      for (String part : text.split(",")) {
        if (part.strip().equals("default")) {
          settings.add(new Setting(0, 0));
          continue;
        }
        String[] numbers = part.strip().split("/");
        if (numbers.length != 2) {
          throw new IllegalArgumentException(
              "tossbill.bench.settings is default|maxInFlight/batchSize[,...], was " + text);
        }
        settings.add(
            new Setting(
                Integer.parseInt(numbers[0].strip()), Integer.parseInt(numbers[1].strip())));
      }
      return settings;
    }

    boolean isDefault() {
      return maxInFlight == 0;
    }

    List<String> arguments() {
      return isDefault()
          ? List.of()
          : List.of(
              "--tossbill.payment.max-in-flight=" + maxInFlight,
              "--tossbill.billing.worker.batch-size=" + batchSize);
    }

    @Override
    public String toString() {
      return isDefault() ? "defaults" : maxInFlight + " / " + batchSize;
    }
  }

  /** One timed renewal of every subscription's next period. */
  record Renewal(
      int latencyMillis,
      int periodNo,
      Duration wall,
      int renewed,
      double meanCallMillis,
      double averageInFlight,
      CpuUsage.Split cpu,
      double nothingInFlight,
      Verdict verdict,
      double p50Millis,
      double p99Millis,
      long peakPostgresRssKib) {

    double perSecond() {
      return renewed / (wall.toNanos() / 1e9);
    }

    /** CPU milliseconds per renewal: {jvm, postgres}. */
    double[] cpuMillisPerRenewal() {
      double coreMillis =
          Runtime.getRuntime().availableProcessors()
              * (wall.toNanos() / 1e6)
              / Math.max(renewed, 1);
      return new double[] {cpu.jvm() * coreMillis, cpu.postgres() * coreMillis};
    }
  }

  /** The correctness checks of one renewal. */
  record Verdict(
      long approvedThisPeriod,
      long attemptsThisPeriod,
      long duplicatePeriods,
      long serverApproved,
      long sandboxCharges,
      long sandboxDistinctOrders,
      long sandboxThisPeriod) {

    /** Periods charged more than once, here or at Toss, and charges the two ledgers disagree on. */
    long duplicates() {
      return duplicatePeriods
          + (sandboxCharges - sandboxDistinctOrders)
          + Math.abs(serverApproved - sandboxCharges);
    }

    boolean correct(int n) {
      return approvedThisPeriod == n
          && attemptsThisPeriod == n
          && duplicatePeriods == 0
          && sandboxCharges == serverApproved
          && sandboxDistinctOrders == sandboxCharges
          && sandboxThisPeriod == n;
    }
  }

  record Phase(
      String postgres,
      Setting setting,
      int n,
      Duration setup,
      List<PostgresCeiling.Result> ceiling,
      Renewal timed,
      Renewal zeroLatency,
      long jvmPeakRssKib) {}

  private final int n = Integer.getInteger("tossbill.bench.subscriptions", 20_000);
  private final List<Setting> settings =
      Setting.parse(System.getProperty("tossbill.bench.settings", "default"));
  private final int latencyMillis = Integer.getInteger("tossbill.bench.latency-ms", 300);
  private final int setupConcurrency = Integer.getInteger("tossbill.bench.setup-concurrency", 64);
  private final int pgWorkers = Integer.getInteger("tossbill.bench.pg-workers", 16);
  private final boolean zeroLatency =
      Boolean.parseBoolean(System.getProperty("tossbill.bench.zero-latency", "true"));

  @Test
  void renewalThroughput() throws Exception {
    List<Phase> phases = new ArrayList<>();
    for (Setting setting : settings) {
      phases.add(phase(setting));
    }
    String report = report(phases);
    LOG.info("\n{}", report);
    Path out = Path.of("target", "benchmarks", "renewal-benchmark.md");
    Files.createDirectories(out.getParent());
    Files.writeString(out, report);
    // The one line bench/renewals.sh prints last: the first phase (the defaults, by default).
    Phase first = phases.getFirst();
    String summary =
        String.format(
            Locale.ROOT,
            "renewals/s=%.0f ceiling/s=%.0f n=%d duplicates=%d%n",
            first.timed().perSecond(),
            first.ceiling().stream()
                .filter(r -> r.variant() == PostgresCeiling.Variant.SET_BASED_100)
                .findFirst()
                .map(PostgresCeiling.Result::renewalsPerSecond)
                .orElse(Double.NaN),
            n,
            first.timed().verdict().duplicates());
    Files.writeString(out.resolveSibling("renewals-summary.txt"), summary);
    for (Phase phase : phases) {
      assertThat(phase.timed().verdict().correct(n)).as(phase.timed().toString()).isTrue();
      if (phase.zeroLatency() != null) {
        assertThat(phase.zeroLatency().verdict().correct(n))
            .as(phase.zeroLatency().toString())
            .isTrue();
      }
    }
  }

  private Phase phase(Setting setting) throws Exception {
    log("=== server settings: " + setting);
    List<String> arguments = new ArrayList<>(setting.arguments());
    // The default run's PostgreSQL settings (durable), not the tests' (fsync off).
    arguments.add("--tossbill.database.embedded.durable=true");
    arguments.add("--spring.main.banner-mode=off");
    arguments.add("--logging.level.root=WARN");
    try (ConfigurableApplicationContext context =
        new SpringApplicationBuilder(TossbillApplication.class)
            .run(arguments.toArray(String[]::new))) {
      int port = context.getEnvironment().getRequiredProperty("local.server.port", Integer.class);
      ServerHttp http = new ServerHttp(port);
      JdbcClient jdbc = context.getBean(JdbcClient.class);
      TestClock clock = context.getBean(TestClock.class);
      MeterRegistry meters = context.getBean(MeterRegistry.class);
      CpuUsage cpu = CpuUsage.of(jdbc);

      long setupStart = System.nanoTime();
      Instant due = setUp(http, jdbc, clock);
      Duration setup = Duration.ofNanos(System.nanoTime() - setupStart);
      log("set up " + n + " subscriptions in " + seconds(setup) + " s, all due at " + due);

      List<PostgresCeiling.Result> ceiling =
          new PostgresCeiling(
                  jdbc,
                  new TransactionTemplate(context.getBean(PlatformTransactionManager.class)),
                  pgWorkers,
                  Duration.ofMinutes(5),
                  cpu)
              .measure();
      ceiling.forEach(r -> log("PostgreSQL ceiling: " + r));

      http.sandboxLatency(latencyMillis);
      // Optional: a Java Flight Recorder profile of the timed renewal only (not the setup).
      String jfr = System.getProperty("tossbill.bench.jfr");
      jdk.jfr.Recording recording = null;
      if (jfr != null && !jfr.isBlank()) {
        recording = new jdk.jfr.Recording(jdk.jfr.Configuration.getConfiguration("profile"));
        recording.enable("jdk.ExecutionSample").withPeriod(Duration.ofMillis(2));
        recording.start();
      }
      Renewal timed = renew(http, jdbc, clock, meters, cpu, 2, due, latencyMillis);
      if (recording != null) {
        recording.stop();
        recording.dump(Path.of(jfr));
        recording.close();
      }
      log("renewal at " + latencyMillis + " ms: " + timed);

      Renewal zero = null;
      if (zeroLatency) {
        http.sandboxLatency(0);
        Instant nextDue = commonDue(jdbc, 2);
        zero = renew(http, jdbc, clock, meters, cpu, 3, nextDue, 0);
        log("renewal at 0 ms: " + zero);
      }
      return new Phase(postgres(jdbc), setting, n, setup, ceiling, timed, zero, jvmPeakRssKib());
    }
  }

  /**
   * Not timed. Moves the server's clock to 10:00 Seoul of a fresh day, then creates a monthly plan
   * and N subscribers through the merchant API (customer, card through the sandbox's window,
   * subscription; the first period is charged at subscribe with no sandbox latency). Returns the
   * instant at which every subscription's second period is due.
   */
  private Instant setUp(ServerHttp http, JdbcClient jdbc, TestClock clock) throws Exception {
    LocalDate day = clock.now().atZone(SEOUL).toLocalDate().plusDays(1);
    clock.advanceTo(day.atTime(LocalTime.of(10, 0)).atZone(SEOUL).toInstant());
    http.sandboxLatency(0);
    long planId =
        http.api(
                "POST",
                "/api/v1/plans",
                """
                {"code":"bench-monthly","name":"벤치 월간","price":9900,
                 "interval":{"unit":"MONTH","count":1},"trialDays":0,"accessDuringGrace":false}
                """)
            .get("id")
            .asLong();
    AtomicInteger done = new AtomicInteger();
    Semaphore permits = new Semaphore(setupConcurrency);
    long deadline = System.nanoTime() + Duration.ofMinutes(15).toNanos();
    try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
      List<Future<?>> futures = new ArrayList<>(n);
      for (int i = 0; i < n; i++) {
        int number = i;
        permits.acquire();
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException("setup took longer than 15 minutes");
        }
        futures.add(
            threads.submit(
                () -> {
                  try {
                    subscriber(http, planId, number);
                    int count = done.incrementAndGet();
                    if (count % 1000 == 0) {
                      log("  " + count + " subscribers");
                    }
                  } finally {
                    permits.release();
                  }
                  return null;
                }));
      }
      for (Future<?> future : futures) {
        future.get(5, TimeUnit.MINUTES);
      }
    }
    // The reactions to the new cards and subscriptions (outbox) finish before anything is timed.
    waitUntil(
        "the outbox is drained",
        Duration.ofMinutes(2),
        () ->
            jdbc.sql("SELECT count(*) FROM event_publication WHERE completion_date IS NULL")
                    .query(Long.class)
                    .single()
                == 0);
    long ready =
        jdbc.sql(
                """
                SELECT count(*) FROM subscription
                WHERE status = 'ACTIVE' AND period_no = 1 AND paid_period_no = 1
                """)
            .query(Long.class)
            .single();
    if (ready != n) {
      throw new IllegalStateException(ready + " of " + n + " subscriptions are active and paid");
    }
    return commonDue(jdbc, 1);
  }

  /** The embedded PostgreSQL's version and the settings that bound its commit rate. */
  private static String postgres(JdbcClient jdbc) {
    StringBuilder out = new StringBuilder("PostgreSQL ");
    out.append(jdbc.sql("SHOW server_version").query(String.class).single());
    for (String setting :
        List.of("synchronous_commit", "fsync", "shared_buffers", "max_connections")) {
      out.append(", ")
          .append(setting)
          .append('=')
          .append(jdbc.sql("SHOW " + setting).query(String.class).single());
    }
    return out.append(", server pool of 20 connections").toString();
  }

  private void subscriber(ServerHttp http, long planId, int number) {
    JsonNode customer =
        http.api(
            "POST",
            "/api/v1/customers",
            "{\"name\":\"벤치 고객 " + number + "\",\"email\":\"bench" + number + "@example.com\"}");
    long customerId = customer.get("id").asLong();
    String customerKey = customer.get("customerKey").asString();
    String authKey = http.authorizeCardInWindow(customerKey, CARD);
    http.api(
        "POST",
        "/api/v1/customers/" + customerId + "/cards",
        "{\"authKey\":\"" + authKey + "\",\"customerKey\":\"" + customerKey + "\"}");
    JsonNode subscription =
        http.api(
            "POST",
            "/api/v1/subscriptions",
            "{\"customerId\":" + customerId + ",\"planId\":" + planId + "}");
    if (!"ACTIVE".equals(subscription.get("status").asString())) {
      throw new IllegalStateException("subscription not active: " + subscription);
    }
  }

  /** The one instant at which every subscription's period {@code paidPeriodNo + 1} is due. */
  private Instant commonDue(JdbcClient jdbc, int paidPeriodNo) {
    List<OffsetDateTime> due =
        jdbc.sql(
                """
                SELECT DISTINCT next_action_at FROM subscription
                WHERE status = 'ACTIVE' AND paid_period_no = :paid
                """)
            .param("paid", paidPeriodNo)
            .query(OffsetDateTime.class)
            .list();
    if (due.size() != 1) {
      throw new IllegalStateException("subscriptions are not due at one instant: " + due);
    }
    return due.getFirst().toInstant();
  }

  /**
   * Timed: moves the server's clock just past the due instant (which wakes the engine, as the test
   * clock API does) and waits until every subscription has paid {@code periodNo}.
   */
  private Renewal renew(
      ServerHttp http,
      JdbcClient jdbc,
      TestClock clock,
      MeterRegistry meters,
      CpuUsage cpu,
      int periodNo,
      Instant due,
      int latency) {
    long callsBefore = chargeCalls(meters);
    double callMillisBefore = chargeCallMillis(meters);
    CpuUsage.Sample cpuBefore = cpu.sample();
    // Bounded: far longer than the slowest setting needs (64 in flight at 300 ms is ~200/s).
    Duration timeout = Duration.ofSeconds(120 + n / 20);
    long start = System.nanoTime();
    Instant dueFrom = clock.advanceTo(due.plusSeconds(1));
    long peakPostgresRss = 0;
    int samples = 0;
    int renewed = 0;
    long deadline = start + timeout.toNanos();
    // Also samples how long no attempt of this period was claimed and unsettled (the engine then
    // claims, or waits between passes): the time no gateway call can be in flight.
    long idleNanos = 0;
    long previous = start;
    boolean wasIdle = true;
    while (System.nanoTime() < deadline) {
      long[] attempts = attempts(jdbc, periodNo);
      long now = System.nanoTime();
      if (wasIdle) {
        idleNanos += now - previous;
      }
      previous = now;
      wasIdle = attempts[0] == attempts[1];
      if (++samples % 10 == 0) { // memory once a second: reading /proc costs CPU too
        peakPostgresRss = Math.max(peakPostgresRss, cpu.postgresRssKib());
      }
      if (attempts[1] >= n) {
        renewed = paid(jdbc, periodNo);
        if (renewed >= n) {
          break;
        }
      }
      // a fixed sampling interval of the measurement, not a wait for a condition; coarse enough
      // that the harness's own queries cost PostgreSQL little
      sample(100);
    }
    Duration wall = Duration.ofNanos(System.nanoTime() - start);
    CpuUsage.Split cpuUsed = CpuUsage.between(cpuBefore, cpu.sample());
    if (renewed < n) {
      throw new IllegalStateException(
          "only " + renewed + " of " + n + " renewed within " + timeout.toSeconds() + " s");
    }
    // Let the pass finish (no attempt left in flight) before counting.
    waitUntil(
        "the renewal pass to settle",
        Duration.ofSeconds(30),
        () -> {
          long[] settled = attempts(jdbc, periodNo);
          return settled[0] == settled[1];
        });
    long callCount = chargeCalls(meters) - callsBefore;
    double callMillis = chargeCallMillis(meters) - callMillisBefore;
    return new Renewal(
        latency,
        periodNo,
        wall,
        renewed,
        callCount == 0 ? 0 : callMillis / callCount,
        callMillis / wall.toMillis(),
        cpuUsed,
        (double) idleNanos / wall.toNanos(),
        verify(http, jdbc, periodNo),
        latencyPercentile(jdbc, periodNo, dueFrom, 0.5),
        latencyPercentile(jdbc, periodNo, dueFrom, 0.99),
        peakPostgresRss);
  }

  /**
   * Due-to-recorded latency of this period's renewals: from the moment they became due (the clock
   * moved past their due time) to their outcome's commit, server clock.
   */
  private static double latencyPercentile(
      JdbcClient jdbc, int periodNo, Instant dueFrom, double fraction) {
    Double seconds =
        jdbc.sql(
                """
                SELECT percentile_cont(:fraction) WITHIN GROUP
                  (ORDER BY extract(epoch FROM settled_at - CAST(:due AS timestamptz)))
                FROM payment WHERE purpose = 'PERIOD' AND period_no = :p AND settled_at IS NOT NULL
                """)
            .param("fraction", fraction)
            .param("due", java.sql.Timestamp.from(dueFrom))
            .param("p", periodNo)
            .query(Double.class)
            .single();
    return seconds == null ? Double.NaN : seconds * 1000;
  }

  /** The peak resident memory of this JVM (server, sandbox and harness), from /proc. */
  private static long jvmPeakRssKib() {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
        if (line.startsWith("VmHWM:")) {
          return Long.parseLong(line.replaceAll("[^0-9]", ""));
        }
      }
    } catch (java.io.IOException | RuntimeException e) {
      return -1;
    }
    return -1;
  }

  /** Attempts of this period: claimed (committed), and settled. */
  private static long[] attempts(JdbcClient jdbc, int periodNo) {
    return jdbc.sql(
            """
            SELECT count(*), count(*) FILTER (WHERE status <> 'PENDING') FROM payment
            WHERE purpose = 'PERIOD' AND period_no = :p
            """)
        .param("p", periodNo)
        .query((rs, row) -> new long[] {rs.getLong(1), rs.getLong(2)})
        .single();
  }

  private static int paid(JdbcClient jdbc, int periodNo) {
    return jdbc.sql("SELECT count(*) FROM subscription WHERE paid_period_no >= :p")
        .param("p", periodNo)
        .query(Integer.class)
        .single();
  }

  private static Verdict verify(ServerHttp http, JdbcClient jdbc, int periodNo) {
    long approved =
        jdbc.sql(
                """
                SELECT count(*) FROM payment
                WHERE purpose = 'PERIOD' AND period_no = :p AND status = 'APPROVED'
                """)
            .param("p", periodNo)
            .query(Long.class)
            .single();
    long attempts =
        jdbc.sql("SELECT count(*) FROM payment WHERE period_no = :p")
            .param("p", periodNo)
            .query(Long.class)
            .single();
    long duplicates =
        jdbc.sql(
                """
                SELECT count(*) FROM (
                  SELECT subscription_id, period_no FROM payment
                  WHERE purpose = 'PERIOD' AND status = 'APPROVED'
                  GROUP BY subscription_id, period_no HAVING count(*) > 1) d
                """)
            .query(Long.class)
            .single();
    long serverApproved =
        jdbc.sql("SELECT count(*) FROM payment WHERE status = 'APPROVED'")
            .query(Long.class)
            .single();
    long charges = 0;
    long thisPeriod = 0;
    Set<String> orders = new HashSet<>();
    String periodMark = "-p" + periodNo + "-";
    for (JsonNode entry : http.sandboxLedger()) {
      if ("CHARGE".equals(entry.get("type").asString())
          && "DONE".equals(entry.get("status").asString())) {
        charges++;
        String orderId = entry.get("orderId").asString();
        orders.add(orderId);
        if (orderId.contains(periodMark)) {
          thisPeriod++;
        }
      }
    }
    return new Verdict(
        approved, attempts, duplicates, serverApproved, charges, orders.size(), thisPeriod);
  }

  private String report(List<Phase> phases) {
    StringBuilder out = new StringBuilder();
    out.append(
        String.format(
            Locale.ROOT,
            "%nRenewal benchmark: %d subscriptions due at once, sandbox latency %d ms, %d cores,"
                + " Java %s%n%n",
            n,
            latencyMillis,
            Runtime.getRuntime().availableProcessors(),
            Runtime.version()));
    if (!phases.isEmpty()) {
      out.append(phases.getFirst().postgres()).append("\n\n");
    }
    out.append(
        "| server settings | renewals/s | due → recorded p50 / p99 ms | CPU ms per renewal (JVM +"
            + " PG) | peak RSS MiB (JVM / PG) | duplicates |\n|---|---|---|---|---|---|\n");
    for (Phase p : phases) {
      Renewal t = p.timed();
      double[] cpuMillis = t.cpuMillisPerRenewal();
      out.append(
          String.format(
              Locale.ROOT,
              "| %s | **%,.0f** | %,.0f / %,.0f | %.2f + %.2f | %,d / %,d | %d |%n",
              p.setting(),
              t.perSecond(),
              t.p50Millis(),
              t.p99Millis(),
              cpuMillis[0],
              cpuMillis[1],
              p.jvmPeakRssKib() / 1024,
              t.peakPostgresRssKib() / 1024,
              t.verdict().duplicates()));
    }
    out.append('\n');
    out.append(
        "| max-in-flight / batch-size | renewals/s at "
            + latencyMillis
            + " ms | wall s | mean call ms | calls in flight (avg) | nothing in flight | CPU %"
            + " = JVM + PG + other | renewals/s at 0 ms | CPU % at 0 ms | correct |\n");
    out.append("|---|---|---|---|---|---|---|---|---|---|\n");
    for (Phase p : phases) {
      Renewal t = p.timed();
      Renewal z = p.zeroLatency();
      boolean correct = t.verdict().correct(n) && (z == null || z.verdict().correct(n));
      out.append(
          String.format(
              Locale.ROOT,
              "| %s | **%,.0f** | %.1f | %.0f | %.0f | %.0f%% | %s | %s | %s | %s |%n",
              p.setting(),
              t.perSecond(),
              t.wall().toMillis() / 1000.0,
              t.meanCallMillis(),
              t.averageInFlight(),
              t.nothingInFlight() * 100,
              t.cpu(),
              z == null ? "–" : String.format(Locale.ROOT, "%,.0f", z.perSecond()),
              z == null ? "–" : z.cpu().toString(),
              correct ? "yes" : "NO"));
    }
    out.append(
        "\nPostgreSQL ceiling in the same server (same pool, "
            + pgWorkers
            + " threads, no gateway), renewals/s (transactions/s) and CPU % = JVM + PG + other:\n\n");
    out.append("| server started with |");
    for (PostgresCeiling.Variant variant : PostgresCeiling.Variant.values()) {
      out.append(' ').append(variant.label).append(" | CPU % |");
    }
    out.append("\n|---|");
    out.append("---|---|".repeat(PostgresCeiling.Variant.values().length));
    out.append('\n');
    for (Phase p : phases) {
      out.append("| ").append(p.setting()).append(" |");
      for (PostgresCeiling.Result r : p.ceiling()) {
        out.append(
            String.format(
                Locale.ROOT,
                " %,.0f (%,.0f) | %s |",
                r.renewalsPerSecond(),
                r.transactionsPerSecond(),
                r.cpu()));
      }
      out.append('\n');
    }
    out.append("\nChecks (timed renewal; then the 0 ms one):\n");
    for (Phase p : phases) {
      out.append("- ").append(p.setting()).append(": ").append(p.timed().verdict());
      if (p.zeroLatency() != null) {
        out.append("; ").append(p.zeroLatency().verdict());
      }
      out.append(String.format(Locale.ROOT, "; setup %.0f s%n", p.setup().toMillis() / 1000.0));
    }
    return out.toString();
  }

  private static void waitUntil(
      String what, Duration timeout, java.util.function.BooleanSupplier c) {
    org.awaitility.Awaitility.await(what)
        .atMost(timeout)
        .pollInterval(Duration.ofMillis(100))
        .until(c::getAsBoolean);
  }

  private static void sample(long millis) {
    try {
      TimeUnit.MILLISECONDS.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private static String seconds(Duration d) {
    return String.format(Locale.ROOT, "%.1f", d.toMillis() / 1000.0);
  }

  private static void log(String line) {
    LOG.info(line);
  }

  /** Charge calls to Toss so far, of every outcome (the gateway's timer). */
  private static long chargeCalls(MeterRegistry meters) {
    return meters.find("tossbill.toss.requests").tag("endpoint", "charge").timers().stream()
        .mapToLong(Timer::count)
        .sum();
  }

  private static double chargeCallMillis(MeterRegistry meters) {
    return meters.find("tossbill.toss.requests").tag("endpoint", "charge").timers().stream()
        .mapToDouble(t -> t.totalTime(TimeUnit.MILLISECONDS))
        .sum();
  }
}
