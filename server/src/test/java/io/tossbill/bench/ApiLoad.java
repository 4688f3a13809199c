package io.tossbill.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

/**
 * Three routes of one server node under wrk (the Debian package): the entitlement check and a
 * subscription read of random customers and subscriptions among the benchmark's, with the admin API
 * key, and the portal page of one customer signed in through a portal link. Each at 64 and 256
 * connections for a fixed time, as fast as wrk sends; then the entitlement check at a fixed rate of
 * 2,000 requests a second (wrk's Lua {@code delay()} spaces each connection's requests; wrk2's
 * corrected latencies are not available in Debian).
 */
final class ApiLoad {

  /** What one wrk run reported. */
  record Measured(
      String route,
      int connections,
      String mode,
      double perSecond,
      double p50,
      double p99,
      long requests,
      long errors,
      double serverCpuMillisPerRequest,
      double kibAllocatedPerRequest) {}

  private static final Pattern LATENCY =
      Pattern.compile("^\\s*(50|99)(?:\\.000)?%\\s+([0-9.]+)(us|ms|s)\\s*$", Pattern.MULTILINE);
  private static final Pattern RATE = Pattern.compile("Requests/sec:\\s+([0-9.]+)");
  private static final Pattern REQUESTS = Pattern.compile("(\\d+) requests in");
  private static final Pattern NON_2XX = Pattern.compile("Non-2xx or 3xx responses: (\\d+)");
  private static final Pattern SOCKET_ERRORS =
      Pattern.compile("Socket errors: connect (\\d+), read (\\d+), write (\\d+), timeout (\\d+)");

  private final Path work;
  private final Http http;
  private final JdbcClient jdbc;
  private final int port;
  private final long serverPid;
  private final String adminKey;
  private final int seconds;
  private final Consumer<String> report;

  ApiLoad(
      Path work,
      Http http,
      JdbcClient jdbc,
      int port,
      long serverPid,
      String adminKey,
      int seconds,
      Consumer<String> report) {
    this.work = work;
    this.http = http;
    this.jdbc = jdbc;
    this.port = port;
    this.serverPid = serverPid;
    this.adminKey = adminKey;
    this.seconds = seconds;
    this.report = report;
  }

  void measure() throws IOException, InterruptedException {
    long[] customers =
        jdbc.sql("SELECT min(customer_id), max(customer_id) FROM subscription")
            .query((rs, row) -> new long[] {rs.getLong(1), rs.getLong(2)})
            .single();
    long[] subscriptions =
        jdbc.sql("SELECT min(id), max(id) FROM subscription")
            .query((rs, row) -> new long[] {rs.getLong(1), rs.getLong(2)})
            .single();
    JsonNode portal =
        http.api(
            port,
            "POST",
            "/api/v1/portal-sessions",
            "{\"customerId\":" + customers[0] + ",\"returnUrl\":\"https://shop.example.com/\"}");
    String link = portal.get("url").asString();
    if (!link.startsWith("http")) {
      link = "http://127.0.0.1:" + port + link;
    }
    String[] signedIn = http.redirect(link);
    String page = signedIn[0];
    if (page.startsWith("http")) {
      page = java.net.URI.create(page).getRawPath();
    }
    Path entitlement =
        script(
            "entitlement",
            "/api/v1/customers/%d/entitlements/seats",
            customers,
            "Authorization",
            "Bearer " + adminKey,
            0);
    Path subscription =
        script(
            "subscription",
            "/api/v1/subscriptions/%d",
            subscriptions,
            "Authorization",
            "Bearer " + adminKey,
            0);
    Path portalPage = script("portal", page, null, "Cookie", signedIn[1], 0);

    List<Measured> results = new ArrayList<>();
    wrk(entitlement, 64, 10, "warm-up", "entitlement check"); // JIT, caches: not reported
    wrk(subscription, 64, 10, "warm-up", "subscription read");
    wrk(portalPage, 64, 10, "warm-up", "portal page");
    for (int connections : List.of(64, 256)) {
      results.add(wrk(entitlement, connections, seconds, "max", "entitlement check"));
      results.add(wrk(subscription, connections, seconds, "max", "subscription read"));
      results.add(wrk(portalPage, connections, seconds, "max", "portal page (" + page + ")"));
    }
    for (int connections : List.of(64, 256)) {
      Path paced =
          script(
              "entitlement-2000-" + connections,
              "/api/v1/customers/%d/entitlements/seats",
              customers,
              "Authorization",
              "Bearer " + adminKey,
              connections * 1000.0 / 2000);
      results.add(wrk(paced, connections, seconds, "paced to 2,000 req/s", "entitlement check"));
    }
    report.accept("");
    report.accept(
        "API under wrk 4.1 (`wrk -t2 -cC -dD --latency -s script.lua`), one node at its defaults,"
            + " "
            + seconds
            + " s each after a 10 s warm-up per route; wrk runs on the same 2 cores:");
    report.accept("");
    report.accept(
        "| route | connections | rate | req/s | p50 ms | p99 ms | requests | errors | server CPU"
            + " ms per request | KiB allocated per request |");
    report.accept("|---|---|---|---|---|---|---|---|---|---|");
    for (Measured m : results) {
      report.accept(
          String.format(
              Locale.ROOT,
              "| %s | %d | %s | %,.0f | %.2f | %.2f | %,d | %d | %.3f | %.1f |",
              m.route(),
              m.connections(),
              m.mode(),
              m.perSecond(),
              m.p50(),
              m.p99(),
              m.requests(),
              m.errors(),
              m.serverCpuMillisPerRequest(),
              m.kibAllocatedPerRequest()));
    }
  }

  /**
   * A wrk script: GET the path (with %d replaced by a random id in {@code ids}) with one header;
   * with {@code delayMillis > 0} each connection waits that long before each request.
   */
  private Path script(
      String name, String path, long[] ids, String header, String value, double delayMillis)
      throws IOException {
    StringBuilder lua = new StringBuilder();
    lua.append("local headers = { [\"").append(header).append("\"] = \"").append(value);
    lua.append("\" }\n");
    if (ids != null) {
      lua.append("local low, high = ").append(ids[0]).append(", ").append(ids[1]).append('\n');
      lua.append("math.randomseed(os.time())\n");
      lua.append("request = function()\n");
      lua.append("  return wrk.format(\"GET\", string.format(\"")
          .append(path)
          .append("\", math.random(low, high)), headers)\nend\n");
    } else {
      lua.append("request = function()\n  return wrk.format(\"GET\", \"")
          .append(path)
          .append("\", headers)\nend\n");
    }
    if (delayMillis > 0) {
      lua.append(
          String.format(Locale.ROOT, "delay = function()\n  return %.0f\nend\n", delayMillis));
    }
    Path file = work.resolve("wrk-" + name + ".lua");
    Files.writeString(file, lua.toString());
    return file;
  }

  private Measured wrk(Path script, int connections, int duration, String mode, String route)
      throws IOException, InterruptedException {
    List<String> command =
        List.of(
            "wrk",
            "-t2",
            "-c" + connections,
            "-d" + duration + "s",
            "--timeout",
            "10s",
            "--latency",
            "-s",
            script.toString(),
            "http://127.0.0.1:" + port);
    Path out = work.resolve("wrk-output.txt");
    long allocatedBefore = allocatedBytes();
    long ticksBefore = Procs.ticks(serverPid);
    long startMillis = System.currentTimeMillis();
    Process wrk =
        new ProcessBuilder(command)
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.to(out.toFile()))
            .start();
    if (!wrk.waitFor(duration + 60L, TimeUnit.SECONDS)) {
      wrk.destroyForcibly();
      throw new IllegalStateException("wrk did not finish");
    }
    long endMillis = System.currentTimeMillis();
    long ticks = Procs.ticks(serverPid) - ticksBefore;
    long allocated = allocatedBytes() - allocatedBefore;
    String text = Files.readString(out);
    Files.writeString(
        work.resolve("wrk-all.txt"),
        "### "
            + route
            + " "
            + connections
            + " "
            + mode
            + " (epoch ms "
            + startMillis
            + " to "
            + endMillis
            + ")\n"
            + text
            + "\n",
        java.nio.file.StandardOpenOption.CREATE,
        java.nio.file.StandardOpenOption.APPEND);
    double p50 = Double.NaN;
    double p99 = Double.NaN;
    Matcher latency = LATENCY.matcher(text);
    while (latency.find()) {
      double v = Double.parseDouble(latency.group(2));
      double millis =
          switch (latency.group(3)) {
            case "us" -> v / 1000;
            case "s" -> v * 1000;
            default -> v;
          };
      if (latency.group(1).equals("50")) {
        p50 = millis;
      } else {
        p99 = millis;
      }
    }
    Matcher rate = RATE.matcher(text);
    Matcher requests = REQUESTS.matcher(text);
    long errors = 0;
    Matcher non2xx = NON_2XX.matcher(text);
    if (non2xx.find()) {
      errors += Long.parseLong(non2xx.group(1));
    }
    Matcher socket = SOCKET_ERRORS.matcher(text);
    if (socket.find()) {
      for (int i = 1; i <= 4; i++) {
        errors += Long.parseLong(socket.group(i));
      }
    }
    long count = requests.find() ? Long.parseLong(requests.group(1)) : 0;
    return new Measured(
        route,
        connections,
        mode,
        rate.find() ? Double.parseDouble(rate.group(1)) : Double.NaN,
        p50,
        p99,
        count,
        errors,
        count == 0 ? Double.NaN : ticks * 10.0 / count, // USER_HZ 100: 10 ms a tick
        count == 0 ? Double.NaN : allocated / 1024.0 / count);
  }

  /**
   * Bytes the server allocated so far, from its own metrics: Micrometer's {@code
   * jvm.gc.memory.allocated} (young generation growth, counted at each collection) plus what eden
   * holds now (allocated since the last collection). Two admin API calls, at a run's edges only.
   */
  private long allocatedBytes() {
    double counted =
        http.api(port, "GET", "/actuator/metrics/jvm.gc.memory.allocated", null)
            .get("measurements")
            .get(0)
            .get("value")
            .asDouble();
    double eden;
    try {
      eden =
          http.api(port, "GET", "/actuator/metrics/jvm.memory.used?tag=id:G1%20Eden%20Space", null)
              .get("measurements")
              .get(0)
              .get("value")
              .asDouble();
    } catch (IllegalStateException e) {
      eden = 0; // another collector than G1: counted at collections only
    }
    return (long) (counted + eden);
  }
}
