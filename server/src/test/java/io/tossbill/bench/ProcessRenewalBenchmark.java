package io.tossbill.bench;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.JsonNode;

/**
 * The server as it is deployed: every part in its own process. One PostgreSQL (zonky's binaries,
 * the default run's durable settings), the Toss sandbox as a standalone JVM ({@code java -jar} of
 * its executable jar, as a real gateway is another machine's process), and 1 to 3 server nodes
 * ({@code java -jar} of the server's boot jar, its default settings). The harness (this JVM) only
 * drives them over HTTP and watches PostgreSQL and /proc.
 *
 * <p>Phases, chosen by system properties (docs/benchmarks.md has the scripts that set them):
 *
 * <ol>
 *   <li>setup (not timed): N subscribers through the merchant API, concurrently;
 *   <li>the PostgreSQL ceiling of the renewal's statements on that data ({@link PostgresCeiling});
 *   <li>renewal runs ({@code tossbill.bench.runs}, e.g. {@code 1,2,3,1:1000/400}): for each, the
 *       named number of nodes (with {@code max-in-flight/batch-size} if given) is started fresh,
 *       the test clock moves past the next period's due instant, and the harness times until every
 *       subscription has paid it and every receipt is in the mail outbox;
 *   <li>the API under wrk ({@code tossbill.bench.api=true});
 *   <li>the default run's footprint ({@code tossbill.bench.footprint=true}).
 * </ol>
 */
@Tag("benchmark")
class ProcessRenewalBenchmark {

  private static final org.slf4j.Logger LOG =
      org.slf4j.LoggerFactory.getLogger(ProcessRenewalBenchmark.class);
  private static final ZoneId SEOUL = ZoneId.of("Asia/Seoul");
  private static final String CARD = "4330123412341234";
  private static final int POOL = 20; // the default run's pool (EmbeddedDatabaseConfiguration)

  private final int n = Integer.getInteger("tossbill.bench.subscriptions", 100_000);
  private final int latencyMillis = Integer.getInteger("tossbill.bench.latency-ms", 300);
  private final String runs = System.getProperty("tossbill.bench.runs", "1");
  private final int setupConcurrency = Integer.getInteger("tossbill.bench.setup-concurrency", 64);
  private final int pgWorkers = Integer.getInteger("tossbill.bench.pg-workers", 16);
  private final boolean ceiling =
      Boolean.parseBoolean(System.getProperty("tossbill.bench.ceiling", "true"));
  private final boolean api =
      Boolean.parseBoolean(System.getProperty("tossbill.bench.api", "false"));
  private final int apiSeconds = Integer.getInteger("tossbill.bench.api-seconds", 15);
  private final boolean footprint =
      Boolean.parseBoolean(System.getProperty("tossbill.bench.footprint", "false"));
  private final List<String> serverJvmOptions =
      words(System.getProperty("tossbill.bench.server-jvm-options", ""));

  private final Path work = Path.of("target", "benchmarks", "processes").toAbsolutePath();
  private final Path serverJar = Path.of("target", "tossbill-server.jar").toAbsolutePath();
  private final String java = ProcessHandle.current().info().command().orElse("java");
  private final SecureRandom random = new SecureRandom();
  private final String secretKey = "test_sk_bench" + hex(12);
  private final String clientKey = "test_ck_bench" + hex(12);
  private final String adminKey = "tb_bench_" + hex(16);
  private final String encryptionKeys =
      "bench1:" + Base64.getEncoder().encodeToString(random.generateSeed(32));
  private final List<Process> started = new ArrayList<>();
  private List<Node> kept = List.of(); // the nodes a warm run reuses
  private final StringBuilder report = new StringBuilder();

  /**
   * One renewal run: how many nodes, their worker setting (0/0: defaults), and whether it runs on
   * the previous run's JVMs instead of fresh ones ({@code warm}, written {@code 1w}): a node that
   * has billed before, its code compiled by the JIT, as a server that has been up for a while.
   */
  record Run(int nodes, int maxInFlight, int batchSize, boolean warm) {

    static List<Run> parse(String text) {
      List<Run> list = new ArrayList<>();
      for (String part : text.split(",")) {
        String p = part.strip();
        if (p.isEmpty()) {
          continue;
        }
        boolean warm = p.endsWith("w");
        if (warm) {
          p = p.substring(0, p.length() - 1);
        }
        String[] nodesAndSetting = p.split(":");
        int nodes = Integer.parseInt(nodesAndSetting[0]);
        if (nodes < 1 || nodes > 8) {
          throw new IllegalArgumentException("1 to 8 nodes, was " + p);
        }
        Run run =
            nodesAndSetting.length == 1
                ? new Run(nodes, 0, 0, warm)
                : new Run(
                    nodes,
                    Integer.parseInt(nodesAndSetting[1].split("/")[0]),
                    Integer.parseInt(nodesAndSetting[1].split("/")[1].strip()),
                    warm);
        if (warm && (list.isEmpty() || !list.getLast().withoutWarm().equals(run.withoutWarm()))) {
          throw new IllegalArgumentException(
              "a warm run follows a run of the same nodes and setting: " + text);
        }
        list.add(run);
      }
      return list;
    }

    private Run withoutWarm() {
      return new Run(nodes, maxInFlight, batchSize, false);
    }

    List<String> arguments() {
      return maxInFlight == 0
          ? List.of()
          : List.of(
              "--tossbill.payment.max-in-flight=" + maxInFlight,
              "--tossbill.billing.worker.batch-size=" + batchSize);
    }

    @Override
    public String toString() {
      return nodes
          + (nodes == 1 ? " node" : " nodes")
          + ", "
          + (maxInFlight == 0 ? "defaults" : maxInFlight + " / " + batchSize)
          + (warm ? ", warm (the same JVM's second run)" : "");
    }
  }

  /** A server node: its process and port. */
  record Node(Process process, int port) {}

  /** What a timed renewal measured. */
  record Result(
      Run run,
      int periodNo,
      double seconds,
      double recordedSeconds,
      long receipts,
      int renewed,
      double p50Millis,
      double p99Millis,
      double serverCpuMillis,
      double sandboxCpuMillis,
      double postgresCpuMillis,
      double harnessCpuMillis,
      double machineBusy,
      double otherShare,
      long serverPeakKib,
      long sandboxPeakKib,
      long postgresPeakKib,
      double lockWaitMillis,
      Map<String, Double> waits,
      long commits,
      long deadlocks,
      List<String> topStatements,
      List<Double> nodeCpuShares,
      String checks,
      long duplicates,
      boolean correct) {

    double perSecond() {
      return renewed / seconds;
    }
  }

  @Test
  void renewalsWithTossInItsOwnProcess() throws Exception {
    if (!Files.isRegularFile(serverJar)) {
      throw new IllegalStateException(
          serverJar + " is missing: build it first (./mvnw -pl server -am package -DskipTests)");
    }
    deleteRecursively(work);
    Files.createDirectories(work);
    List<Result> results = new ArrayList<>();
    try (EmbeddedPostgres postgres = startPostgres();
        HikariDataSource db = pool(postgres)) {
      JdbcClient jdbc = JdbcClient.create(db);
      jdbc.sql("CREATE EXTENSION IF NOT EXISTS pg_stat_statements").update();
      long postmaster =
          Procs.parent(jdbc.sql("SELECT pg_backend_pid()").query(Long.class).single());
      int pgPort = postgres.getPort();
      int sandboxPort = freePort();
      List<Integer> ports = new ArrayList<>();
      for (int i = 0; i < 8; i++) {
        ports.add(freePort());
      }
      Http http = new Http(adminKey, sandboxPort, secretKey, clientKey);
      Process sandbox = startSandbox(sandboxPort, ports.getFirst());
      await("the sandbox", Duration.ofSeconds(120), http::sandboxUp);
      line(
          "PostgreSQL "
              + show(jdbc, "server_version")
              + " in its own processes: fsync="
              + show(jdbc, "fsync")
              + ", synchronous_commit="
              + show(jdbc, "synchronous_commit")
              + ", full_page_writes="
              + show(jdbc, "full_page_writes")
              + ", shared_buffers="
              + show(jdbc, "shared_buffers")
              + ", pg_stat_statements loaded; each node's pool "
              + POOL
              + " connections. Sandbox: its own JVM, "
              + latencyMillis
              + " ms on every charge. Server JVM options: "
              + (serverJvmOptions.isEmpty() ? "none (JVM defaults)" : serverJvmOptions)
              + ". "
              + Runtime.getRuntime().availableProcessors()
              + " cores, Java "
              + Runtime.version()
              + ".");

      // Setup, not timed: one node takes the API calls.
      List<Node> nodes = startNodes(1, new Run(1, 0, 0, false), pgPort, sandboxPort, ports, http);
      int node1 = nodes.getFirst().port();
      long setupStart = System.nanoTime();
      setUp(http, jdbc, node1);
      double setupSeconds = (System.nanoTime() - setupStart) / 1e9;
      line(
          String.format(
              Locale.ROOT,
              "Setup: %,d subscribers through the merchant API, %d at a time, in %.0f s (%.0f/s).",
              n,
              setupConcurrency,
              setupSeconds,
              n / setupSeconds));
      stopNodes(nodes);

      if (ceiling) {
        List<PostgresCeiling.Result> ceilings =
            new PostgresCeiling(
                    jdbc,
                    new TransactionTemplate(new DataSourceTransactionManager(db)),
                    pgWorkers,
                    Duration.ofMinutes(10),
                    CpuUsage.of(jdbc))
                .measure();
        line("");
        line(
            "PostgreSQL ceiling on the same data, no gateway, "
                + pgWorkers
                + " threads of the harness (renewals/s, transactions/s, CPU % = harness JVM + PG +"
                + " other):");
        line("");
        line("| statements | renewals/s | transactions/s | CPU % |");
        line("|---|---|---|---|");
        for (PostgresCeiling.Result r : ceilings) {
          line(
              String.format(
                  Locale.ROOT,
                  "| %s | %,.0f | %,.0f | %s |",
                  r.variant().label,
                  r.renewalsPerSecond(),
                  r.transactionsPerSecond(),
                  r.cpu()));
        }
      }

      int period = 1;
      List<Run> planned = Run.parse(runs);
      for (int i = 0; i < planned.size(); i++) {
        period++;
        boolean keepNodes = i + 1 < planned.size() && planned.get(i + 1).warm();
        results.add(
            renew(
                planned.get(i),
                keepNodes,
                period,
                jdbc,
                http,
                postmaster,
                pgPort,
                sandboxPort,
                sandbox,
                ports));
      }
      if (!results.isEmpty()) {
        renewalReport(results);
      }

      if (api) {
        nodes = startNodes(1, new Run(1, 0, 0, false), pgPort, sandboxPort, ports, http);
        new ApiLoad(
                work,
                http,
                jdbc,
                nodes.getFirst().port(),
                nodes.getFirst().process().pid(),
                adminKey,
                apiSeconds,
                this::line)
            .measure();
        stopNodes(nodes);
      }
      stop(sandbox);
    } finally {
      for (Process process : started) {
        if (process.isAlive()) {
          process.destroyForcibly();
        }
      }
    }
    if (footprint) {
      footprint();
    }
    String text = report.toString();
    LOG.info("\n{}", text);
    Path out = Path.of("target", "benchmarks", "process-benchmark.md");
    Files.writeString(out, text);
    StringBuilder summary = new StringBuilder();
    for (Result r : results) {
      summary.append(
          String.format(
              Locale.ROOT,
              "nodes=%d renewals/s=%.0f n=%d duplicates=%d%n",
              r.run().nodes(),
              r.perSecond(),
              r.renewed(),
              r.duplicates()));
    }
    Files.writeString(out.resolveSibling("process-summary.txt"), summary.toString());
    for (Result r : results) {
      assertThat(r.correct()).as(r.run() + ": " + r.checks()).isTrue();
    }
  }

  // ---------------------------------------------------------------- processes

  /** PostgreSQL as the default run starts it: zonky's binaries, durable settings. */
  private EmbeddedPostgres startPostgres() throws IOException {
    Path dir = work.resolve("postgres");
    return EmbeddedPostgres.builder()
        .setRegisterShutdownHook(false)
        .setDataDirectory(dir)
        .setCleanDataDirectory(true)
        .setServerConfig("fsync", "on")
        .setServerConfig("synchronous_commit", "on")
        .setServerConfig("full_page_writes", "on")
        .setServerConfig("shared_preload_libraries", "pg_stat_statements")
        .start();
  }

  private static HikariDataSource pool(EmbeddedPostgres postgres) {
    HikariConfig config = new HikariConfig();
    config.setJdbcUrl(postgres.getJdbcUrl("postgres", "postgres"));
    config.setPoolName("bench-harness");
    config.setMaximumPoolSize(POOL);
    return new HikariDataSource(config);
  }

  private Process startSandbox(int port, int node1) throws IOException {
    Path jar;
    try (var jars = Files.list(Path.of("..", "toss-sandbox", "target"))) {
      jar =
          jars.filter(p -> p.getFileName().toString().endsWith("-exec.jar"))
              .findFirst()
              .orElseThrow(() -> new IllegalStateException("no toss-sandbox exec jar: build it"))
              .toAbsolutePath();
    }
    List<String> command =
        List.of(
            java,
            "-jar",
            jar.toString(),
            "--server.port=" + port,
            "--server.address=127.0.0.1",
            "--toss-sandbox.secret-key=" + secretKey,
            "--toss-sandbox.client-key=" + clientKey,
            // Toss sends no webhook for a successful billing charge; cancels would go to node 1
            "--toss-sandbox.webhook-url=http://127.0.0.1:" + node1 + "/webhooks/toss",
            "--logging.level.root=WARN");
    return start(command, work.resolve("sandbox"), Map.of());
  }

  private List<Node> startNodes(
      int count, Run run, int pgPort, int sandboxPort, List<Integer> ports, Http http)
      throws IOException {
    List<Node> nodes = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      int port = ports.get(i);
      List<String> command = new ArrayList<>();
      command.add(java);
      command.addAll(serverJvmOptions);
      command.add("-jar");
      command.add(serverApp().toString());
      command.add("--server.port=" + port);
      command.add("--spring.datasource.url=jdbc:postgresql://127.0.0.1:" + pgPort + "/postgres");
      command.add("--spring.datasource.username=postgres");
      // the default run's pool size (an external database otherwise gets Hikari's 10)
      command.add("--spring.datasource.hikari.maximum-pool-size=" + POOL);
      command.add("--toss-sandbox.enabled=false");
      command.add("--tossbill.toss.sandbox-url=http://127.0.0.1:" + sandboxPort);
      command.add("--logging.level.root=WARN");
      command.addAll(run.arguments());
      Map<String, String> env =
          Map.of(
              "TOSS_SECRET_KEY", secretKey,
              "TOSS_CLIENT_KEY", clientKey,
              "TOSSBILL_ENCRYPTION_KEYS", encryptionKeys,
              "TOSSBILL_BOOTSTRAP_ADMIN_KEY", adminKey);
      nodes.add(new Node(start(command, work.resolve("node-" + (i + 1)), env), port));
    }
    for (Node node : nodes) {
      String health = "http://127.0.0.1:" + node.port() + "/actuator/health";
      await("node on " + node.port(), Duration.ofSeconds(180), () -> http.status(health) == 200);
    }
    return nodes;
  }

  /**
   * The server's boot jar extracted once ({@code java -Djarmode=tools -jar ... extract}): the
   * application jar beside its libraries, run with {@code java -jar}. Not the boot jar itself: with
   * virtual threads its nested-jar class loading can hang every carrier thread on the lock of one
   * nested jar under concurrent first use (spring-boot issues 51379 and 51463; seen here on 2 cores
   * during the setup, docs/benchmarks.md).
   */
  private Path serverApp() throws IOException {
    Path dir = work.resolve("server-app");
    Path app = dir.resolve(serverJar.getFileName());
    if (Files.isRegularFile(app)) {
      return app;
    }
    Process extract =
        new ProcessBuilder(
                java,
                "-Djarmode=tools",
                "-jar",
                serverJar.toString(),
                "extract",
                "--destination",
                dir.toString())
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.DISCARD)
            .start();
    try {
      if (!extract.waitFor(120, TimeUnit.SECONDS) || extract.exitValue() != 0) {
        throw new IllegalStateException("could not extract " + serverJar);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
    return app;
  }

  private Process start(List<String> command, Path dir, Map<String, String> env)
      throws IOException {
    Files.createDirectories(dir);
    ProcessBuilder builder =
        new ProcessBuilder(command)
            .directory(dir.toFile())
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("output.log").toFile()));
    builder.environment().putAll(env);
    Process process = builder.start();
    started.add(process);
    return process;
  }

  private void stopNodes(List<Node> nodes) {
    nodes.forEach(node -> stop(node.process()));
  }

  /** SIGTERM (a graceful shutdown), then SIGKILL after 60 s. */
  private static void stop(Process process) {
    process.destroy();
    try {
      if (!process.waitFor(60, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        process.waitFor(10, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      process.destroyForcibly();
    }
  }

  // ---------------------------------------------------------------- setup

  /**
   * Not timed. Moves the server's clock to 10:00 Seoul of a fresh day, then creates a monthly plan
   * and N subscribers through the merchant API (customer, card through the sandbox's window as a
   * browser submits it, subscription whose first period is charged at once with no latency), 64 at
   * a time.
   */
  private void setUp(Http http, JdbcClient jdbc, int port) throws Exception {
    OffsetDateTime now =
        OffsetDateTime.parse(
            http.api(port, "GET", "/api/v1/admin/test-clock", null).get("now").asString());
    LocalDate day = now.atZoneSameInstant(SEOUL).toLocalDate().plusDays(1);
    advanceTo(http, port, day.atTime(LocalTime.of(10, 0)).atZone(SEOUL).toInstant());
    http.sandboxLatency(0);
    long planId =
        http.api(
                port,
                "POST",
                "/api/v1/plans",
                """
                {"code":"bench-monthly","name":"벤치 월간","price":9900,
                 "interval":{"unit":"MONTH","count":1},"trialDays":0,"accessDuringGrace":false,
                 "features":{"seats":"5","api":"true"}}
                """)
            .get("id")
            .asLong();
    AtomicInteger done = new AtomicInteger();
    Semaphore permits = new Semaphore(setupConcurrency);
    long deadline = System.nanoTime() + Duration.ofMinutes(20 + n / 2_000).toNanos();
    try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
      List<Future<?>> futures = new ArrayList<>(n);
      for (int i = 0; i < n; i++) {
        int number = i;
        permits.acquire();
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException("setup took too long");
        }
        futures.add(
            threads.submit(
                () -> {
                  try {
                    subscriber(http, port, planId, number);
                    int count = done.incrementAndGet();
                    if (count % 5000 == 0) {
                      LOG.info("  {} subscribers", count);
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
    await(
        "the outbox is drained",
        Duration.ofMinutes(5),
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
  }

  private static void subscriber(Http http, int port, long planId, int number) {
    JsonNode customer =
        http.api(
            port,
            "POST",
            "/api/v1/customers",
            "{\"name\":\"벤치 고객 " + number + "\",\"email\":\"bench" + number + "@example.com\"}");
    long customerId = customer.get("id").asLong();
    String customerKey = customer.get("customerKey").asString();
    String authKey = http.authorizeCardInWindow(customerKey, CARD);
    http.api(
        port,
        "POST",
        "/api/v1/customers/" + customerId + "/cards",
        "{\"authKey\":\"" + authKey + "\",\"customerKey\":\"" + customerKey + "\"}");
    JsonNode subscription =
        http.api(
            port,
            "POST",
            "/api/v1/subscriptions",
            "{\"customerId\":" + customerId + ",\"planId\":" + planId + "}");
    if (!"ACTIVE".equals(subscription.get("status").asString())) {
      throw new IllegalStateException("subscription not active: " + subscription);
    }
  }

  private static void advanceTo(Http http, int port, Instant to) {
    http.api(port, "POST", "/api/v1/admin/test-clock", "{\"to\":\"" + to + "\"}");
  }

  // ---------------------------------------------------------------- timed renewal

  private Result renew(
      Run run,
      boolean keepNodes,
      int periodNo,
      JdbcClient jdbc,
      Http http,
      long postmaster,
      int pgPort,
      int sandboxPort,
      Process sandbox,
      List<Integer> ports)
      throws IOException {
    LOG.info("=== renewal of period {}: {}", periodNo, run);
    // fresh JVMs, or those of the previous run when this one is warm
    List<Node> nodes =
        run.warm() ? kept : startNodes(run.nodes(), run, pgPort, sandboxPort, ports, http);
    kept = List.of();
    http.sandboxLatency(latencyMillis);
    Instant due = commonDue(jdbc, periodNo - 1);
    jdbc.sql("SELECT pg_stat_statements_reset()").query(Object.class).list();
    List<String> queuesBefore = queueIndexes(jdbc);
    long[] dbBefore = database(jdbc);
    List<Long> nodeTicksBefore = nodes.stream().map(x -> Procs.ticks(x.process().pid())).toList();
    long sandboxBefore = Procs.ticks(sandbox.pid());
    long pgBefore = Procs.postgresTicks(postmaster);
    long harnessBefore = Procs.ticks(ProcessHandle.current().pid());
    long[] machineBefore = Procs.machineTicks();
    long serverPeak = 0;
    long sandboxPeak = 0;
    long pgPeak = 0;
    Map<String, Integer> waitSamples = new TreeMap<>();
    int lockWaitSamples = 0;
    long start = System.nanoTime();
    long deadline = start + Duration.ofSeconds(180 + n / 50).toNanos();
    Instant dueFrom = due.plusSeconds(1);
    advanceTo(http, nodes.getFirst().port(), dueFrom); // every node follows within a second
    int renewed = 0;
    double recordedSeconds = -1;
    int samples = 0;
    while (System.nanoTime() < deadline) {
      for (Map.Entry<String, Integer> wait : waits(jdbc).entrySet()) {
        waitSamples.merge(wait.getKey(), wait.getValue(), Integer::sum);
        if (wait.getKey().startsWith("Lock:")) {
          lockWaitSamples += wait.getValue();
        }
      }
      if (++samples % 10 == 0) { // memory once a second: reading /proc costs CPU too
        long server = 0;
        for (Node node : nodes) {
          server += Procs.rssKib(node.process().pid());
        }
        serverPeak = Math.max(serverPeak, server);
        sandboxPeak = Math.max(sandboxPeak, Procs.rssKib(sandbox.pid()));
        pgPeak = Math.max(pgPeak, Procs.postgresPssKib(postmaster));
      }
      // the count of paid subscriptions scans the table (tens of ms of PostgreSQL at 100,000): once
      // a second while the rate so far leaves more than two seconds to go, then every sample
      double elapsed = (System.nanoTime() - start) / 1e9;
      double rate = renewed / Math.max(elapsed, 0.1);
      if (renewed < n && (samples % 10 == 0 || n - renewed < rate * 2)) {
        renewed = paid(jdbc, periodNo);
      }
      if (renewed >= n && recordedSeconds < 0) {
        recordedSeconds = (System.nanoTime() - start) / 1e9;
      }
      // done when every renewal is recorded and its receipt is in the mail outbox (the receipts
      // are composed after the outcomes commit: their cost belongs to the run)
      if (renewed >= n && noticesPending(jdbc) == 0) {
        break;
      }
      // the sampling interval of the measurement, not a wait for a condition
      pause(100);
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    long[] machineAfter = Procs.machineTicks();
    List<Long> nodeTicks = new ArrayList<>();
    for (int i = 0; i < nodes.size(); i++) {
      nodeTicks.add(Procs.ticks(nodes.get(i).process().pid()) - nodeTicksBefore.get(i));
    }
    long serverTicks = nodeTicks.stream().mapToLong(Long::longValue).sum();
    long sandboxTicks = Procs.ticks(sandbox.pid()) - sandboxBefore;
    long pgTicks = Procs.postgresTicks(postmaster) - pgBefore;
    long harnessTicks = Procs.ticks(ProcessHandle.current().pid()) - harnessBefore;
    long[] dbAfter = database(jdbc);
    long nodePeakHwm = 0;
    for (Node node : nodes) {
      nodePeakHwm += Procs.peakRssKib(node.process().pid());
    }
    if (renewed < n) {
      stopNodes(nodes);
      throw new IllegalStateException("only " + renewed + " of " + n + " renewed in time");
    }
    long receipts = receipts(jdbc, periodNo);
    await(
        "no attempt of period " + periodNo + " in flight",
        Duration.ofSeconds(60),
        () ->
            jdbc.sql(
                        "SELECT count(*) FROM payment WHERE period_no = :p AND status IN"
                            + " ('PENDING','UNKNOWN')")
                    .param("p", periodNo)
                    .query(Long.class)
                    .single()
                == 0);
    List<String> statements = topStatements(jdbc);
    LOG.info("queue indexes before: {}", queuesBefore);
    LOG.info("queue indexes after:  {}", queueIndexes(jdbc));
    if (keepNodes) {
      kept = nodes;
    } else {
      stopNodes(nodes);
    }
    double machineTotal = machineAfter[1] - machineBefore[1];
    double busy = (machineAfter[0] - machineBefore[0]) / machineTotal;
    double other =
        Math.max(0, busy - (serverTicks + sandboxTicks + pgTicks + harnessTicks) / machineTotal);
    double perRenewal = 1000.0 / Procs.TICKS_PER_SECOND / n;
    List<Double> shares =
        nodeTicks.stream().map(t -> serverTicks == 0 ? 0 : (double) t / serverTicks).toList();
    Map<String, Double> waitMillis = new LinkedHashMap<>();
    waitSamples.entrySet().stream()
        .sorted(Map.Entry.<String, Integer>comparingByValue().reversed())
        .limit(6)
        .forEach(e -> waitMillis.put(e.getKey(), e.getValue() * 100.0 / n));
    Object[] verdict = verify(http, jdbc, periodNo);
    Result result =
        new Result(
            run,
            periodNo,
            seconds,
            recordedSeconds,
            receipts,
            renewed,
            latency(jdbc, periodNo, dueFrom, 0.5),
            latency(jdbc, periodNo, dueFrom, 0.99),
            serverTicks * perRenewal,
            sandboxTicks * perRenewal,
            pgTicks * perRenewal,
            harnessTicks * perRenewal,
            busy,
            other,
            Math.max(serverPeak, nodePeakHwm),
            sandboxPeak,
            pgPeak,
            lockWaitSamples * 100.0 / n,
            waitMillis,
            dbAfter[0] - dbBefore[0],
            dbAfter[1] - dbBefore[1],
            statements,
            shares,
            (String) verdict[0],
            (Long) verdict[1],
            (Boolean) verdict[2]);
    LOG.info("{}", result);
    return result;
  }

  /** Client backends' wait events now, {type:event → count}; "CPU" when running. */
  private static Map<String, Integer> waits(JdbcClient jdbc) {
    Map<String, Integer> waits = new TreeMap<>();
    jdbc.sql(
            """
            SELECT coalesce(wait_event_type || ':' || wait_event, 'CPU') AS wait, count(*) AS n
            FROM pg_stat_activity
            WHERE backend_type = 'client backend' AND state = 'active' AND pid <> pg_backend_pid()
            GROUP BY 1
            """)
        .query((rs, row) -> waits.put(rs.getString("wait"), rs.getInt("n")))
        .list();
    return waits;
  }

  /** {commits, deadlocks} of the database so far. */
  private static long[] database(JdbcClient jdbc) {
    return jdbc.sql(
            "SELECT xact_commit, deadlocks FROM pg_stat_database WHERE datname = 'postgres'")
        .query((rs, row) -> new long[] {rs.getLong(1), rs.getLong(2)})
        .single();
  }

  /**
   * The queue tables' indexes (rows inserted and deleted all the time): scans, index entries read,
   * dead rows and vacuums of the table, for the run's log.
   */
  private static List<String> queueIndexes(JdbcClient jdbc) {
    return jdbc.sql(
            """
            SELECT i.indexrelname, i.idx_scan, i.idx_tup_read, i.idx_tup_fetch, t.n_live_tup,
                   t.n_dead_tup, t.autovacuum_count, t.n_tup_del
            FROM pg_stat_user_indexes i JOIN pg_stat_user_tables t ON t.relid = i.relid
            WHERE t.relname IN ('notice_request', 'event_publication', 'mail_message')
            ORDER BY i.indexrelname
            """)
        .query(
            (rs, row) ->
                String.format(
                    Locale.ROOT,
                    "%s scans=%d read=%d fetched=%d live=%d dead=%d autovacuums=%d deleted=%d",
                    rs.getString(1),
                    rs.getLong(2),
                    rs.getLong(3),
                    rs.getLong(4),
                    rs.getLong(5),
                    rs.getLong(6),
                    rs.getLong(7),
                    rs.getLong(8)))
        .list();
  }

  /** The statements that took most of PostgreSQL's time in this run (pg_stat_statements). */
  private static List<String> topStatements(JdbcClient jdbc) {
    return jdbc.sql(
            """
            SELECT calls, total_exec_time, mean_exec_time, rows,
                   regexp_replace(left(query, 90), '\\s+', ' ', 'g') AS q
            FROM pg_stat_statements
            WHERE query NOT LIKE '%pg_stat%' AND dbid = (SELECT oid FROM pg_database WHERE datname = 'postgres')
            ORDER BY total_exec_time DESC LIMIT 12
            """)
        .query(
            (rs, row) ->
                String.format(
                    Locale.ROOT,
                    "| %,d | %,.0f | %.2f | %,d | `%s` |",
                    rs.getLong("calls"),
                    rs.getDouble("total_exec_time"),
                    rs.getDouble("mean_exec_time"),
                    rs.getLong("rows"),
                    rs.getString("q").replace("|", "\\|")))
        .list();
  }

  private static Instant commonDue(JdbcClient jdbc, int paidPeriodNo) {
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

  /** Notices of payment outcomes asked for and not yet composed into the mail outbox. */
  private static long noticesPending(JdbcClient jdbc) {
    return jdbc.sql("SELECT count(*) FROM notice_request").query(Long.class).single();
  }

  /** The period's approved charges whose receipt is in the mail outbox. */
  private static long receipts(JdbcClient jdbc, int periodNo) {
    return jdbc.sql(
            """
            SELECT count(*) FROM payment p JOIN mail_message m
              ON m.dedupe_key = 'receipt:c' || p.customer_id || ':payment-' || p.id
            WHERE p.period_no = :p AND p.status = 'APPROVED'
            """)
        .param("p", periodNo)
        .query(Long.class)
        .single();
  }

  private static int paid(JdbcClient jdbc, int periodNo) {
    return jdbc.sql("SELECT count(*) FROM subscription WHERE paid_period_no >= :p")
        .param("p", periodNo)
        .query(Integer.class)
        .single();
  }

  private static double latency(JdbcClient jdbc, int periodNo, Instant dueFrom, double fraction) {
    Double seconds =
        jdbc.sql(
                """
                SELECT percentile_cont(:fraction) WITHIN GROUP
                  (ORDER BY extract(epoch FROM settled_at - CAST(:due AS timestamptz)))
                FROM payment WHERE purpose = 'PERIOD' AND period_no = :p AND settled_at IS NOT NULL
                """)
            .param("fraction", fraction)
            .param("due", Timestamp.from(dueFrom))
            .param("p", periodNo)
            .query(Double.class)
            .single();
    return seconds == null ? Double.NaN : seconds * 1000;
  }

  /** {description, duplicates, correct}: the server's ledger against the sandbox's. */
  private Object[] verify(Http http, JdbcClient jdbc, int periodNo) {
    long approved =
        count(
            jdbc,
            "SELECT count(*) FROM payment WHERE purpose = 'PERIOD' AND period_no = "
                + periodNo
                + " AND status = 'APPROVED'");
    long attempts = count(jdbc, "SELECT count(*) FROM payment WHERE period_no = " + periodNo);
    long twice =
        count(
            jdbc,
            """
            SELECT count(*) FROM (
              SELECT subscription_id, period_no FROM payment
              WHERE purpose = 'PERIOD' AND status IN ('APPROVED', 'LATE_APPROVED')
              GROUP BY subscription_id, period_no HAVING count(*) > 1) d
            """);
    long serverApproved = count(jdbc, "SELECT count(*) FROM payment WHERE status = 'APPROVED'");
    long charges = 0;
    long thisPeriod = 0;
    Set<String> orders = new HashSet<>();
    String mark = "-p" + periodNo + "-";
    for (JsonNode entry : http.sandboxLedger()) {
      if ("CHARGE".equals(entry.get("type").asString())
          && "DONE".equals(entry.get("status").asString())) {
        charges++;
        String orderId = entry.get("orderId").asString();
        orders.add(orderId);
        if (orderId.contains(mark)) {
          thisPeriod++;
        }
      }
    }
    long duplicates = twice + (charges - orders.size()) + Math.abs(serverApproved - charges);
    boolean correct =
        approved == n
            && attempts == n
            && twice == 0
            && charges == serverApproved
            && orders.size() == charges
            && thisPeriod == n;
    String text =
        String.format(
            Locale.ROOT,
            "%,d approved period-%d charges, %,d attempts, %d periods charged twice; server %,d"
                + " approved = sandbox %,d DONE charges (%,d distinct orderIds, %,d of this"
                + " period)",
            approved,
            periodNo,
            attempts,
            twice,
            serverApproved,
            charges,
            orders.size(),
            thisPeriod);
    return new Object[] {text, duplicates, correct};
  }

  private static long count(JdbcClient jdbc, String sql) {
    return jdbc.sql(sql).query(Long.class).single();
  }

  private void renewalReport(List<Result> results) {
    line("");
    line(
        String.format(
            Locale.ROOT,
            "Renewals: %,d subscriptions due at the same instant, sandbox latency %d ms.",
            n,
            latencyMillis));
    line("");
    line(
        "| run | renewals/s | all recorded, receipts in the outbox: s | due → recorded p50 / p99"
            + " ms | CPU ms per renewal: server + sandbox + PG (+ harness) | machine busy, other |"
            + " peak RSS MiB: server / sandbox / PG | receipts | duplicates |");
    line("|---|---|---|---|---|---|---|---|---|");
    for (Result r : results) {
      line(
          String.format(
              Locale.ROOT,
              "| %s | **%,.0f** | %.1f, %.1f | %,.0f / %,.0f | %.2f + %.2f + %.2f (+ %.2f) | %.0f"
                  + " %%, %.0f %% | %,d / %,d / %,d | %,d | %d |",
              r.run(),
              r.perSecond(),
              r.recordedSeconds(),
              r.seconds(),
              r.p50Millis(),
              r.p99Millis(),
              r.serverCpuMillis(),
              r.sandboxCpuMillis(),
              r.postgresCpuMillis(),
              r.harnessCpuMillis(),
              r.machineBusy() * 100,
              r.otherShare() * 100,
              r.serverPeakKib() / 1024,
              r.sandboxPeakKib() / 1024,
              r.postgresPeakKib() / 1024,
              r.receipts(),
              r.duplicates()));
    }
    line("");
    line(
        "PostgreSQL per renewal (pg_stat_activity sampled every 100 ms; pg_stat_database):"
            + " lock waits, commits, deadlocks, the top wait events (ms of backend time per"
            + " renewal, estimated from the samples), each node's share of the servers' CPU:");
    line("");
    line(
        "| run | lock-wait ms per renewal | commits per renewal | deadlocks | top waits, ms per"
            + " renewal | CPU share per node |");
    line("|---|---|---|---|---|---|");
    for (Result r : results) {
      StringBuilder waits = new StringBuilder();
      r.waits()
          .forEach(
              (k, v) ->
                  waits
                      .append(waits.isEmpty() ? "" : ", ")
                      .append(String.format(Locale.ROOT, "%s %.3f", k, v)));
      StringBuilder shares = new StringBuilder();
      r.nodeCpuShares()
          .forEach(
              s ->
                  shares
                      .append(shares.isEmpty() ? "" : " / ")
                      .append(String.format(Locale.ROOT, "%.0f %%", s * 100)));
      line(
          String.format(
              Locale.ROOT,
              "| %s | %.4f | %.2f | %d | %s | %s |",
              r.run(),
              r.lockWaitMillis(),
              (double) r.commits() / r.renewed(),
              r.deadlocks(),
              waits,
              shares));
    }
    for (Result r : results) {
      line("");
      line("Top statements by PostgreSQL time, " + r.run() + " (pg_stat_statements):");
      line("");
      line("| calls | total ms | mean ms | rows | statement |");
      line("|---|---|---|---|---|");
      r.topStatements().forEach(this::line);
    }
    line("");
    line("Checks:");
    for (Result r : results) {
      line("- " + r.run() + ": " + r.checks() + (r.correct() ? "" : " — FAILED"));
    }
  }

  // ---------------------------------------------------------------- footprint

  /**
   * The default run as a person starts it: the boot jar with no option but a free port, in an empty
   * folder (its embedded PostgreSQL, sandbox state and keys go to ./data there). Twice: the first
   * start (PostgreSQL's initdb, every migration) and a start on the existing data.
   */
  private void footprint() throws Exception {
    Path dir = work.resolve("default-run");
    line("");
    line(
        "Default run (the extracted boot jar, `java -jar tossbill-server.jar --server.port=<free>`"
            + " in an empty folder, no other option; JVM options: "
            + (serverJvmOptions.isEmpty() ? "none" : serverJvmOptions)
            + "):");
    line("");
    line("| start | to first healthy answer s | RSS MiB after 30 s idle: JVM + PostgreSQL (PSS) |");
    line("|---|---|---|");
    Http http = new Http(adminKey, 0, secretKey, clientKey);
    for (String which : List.of("first (empty folder)", "second (existing data)")) {
      int port = freePort();
      List<String> command = new ArrayList<>();
      command.add(java);
      command.addAll(serverJvmOptions);
      command.add("-jar");
      command.add(serverApp().toString());
      command.add("--server.port=" + port);
      long begin = System.nanoTime();
      Process process = start(command, dir, Map.of());
      String health = "http://127.0.0.1:" + port + "/actuator/health";
      await("the default run", Duration.ofSeconds(180), () -> http.status(health) == 200);
      double seconds = (System.nanoTime() - begin) / 1e9;
      pause(30_000); // idle: what a quiet server keeps resident
      long jvm = Procs.rssKib(process.pid());
      long pg = 0;
      Path pidFile = dir.resolve("data/postgres/postmaster.pid");
      if (Files.isRegularFile(pidFile)) {
        pg = Procs.postgresPssKib(Long.parseLong(Files.readAllLines(pidFile).getFirst().strip()));
      }
      stop(process);
      line(
          String.format(
              Locale.ROOT, "| %s | %.1f | %,d + %,d |", which, seconds, jvm / 1024, pg / 1024));
    }
  }

  // ---------------------------------------------------------------- helpers

  void line(String text) {
    report.append(text).append('\n');
    LOG.info(text);
  }

  private static String show(JdbcClient jdbc, String setting) {
    return jdbc.sql("SHOW " + setting).query(String.class).single();
  }

  private String hex(int bytes) {
    byte[] b = new byte[bytes];
    random.nextBytes(b);
    return HexFormat.of().formatHex(b);
  }

  private static List<String> words(String text) {
    List<String> words = new ArrayList<>();
    Matcher m = Pattern.compile("\\S+").matcher(text);
    while (m.find()) {
      words.add(m.group());
    }
    return words;
  }

  static void await(String what, Duration timeout, BooleanSupplier condition) {
    org.awaitility.Awaitility.await(what)
        .atMost(timeout)
        .pollInterval(Duration.ofMillis(200))
        .ignoreExceptions()
        .until(condition::getAsBoolean);
  }

  static void pause(long millis) {
    try {
      TimeUnit.MILLISECONDS.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  private static void deleteRecursively(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    try (var paths = Files.walk(dir)) {
      for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
  }
}
