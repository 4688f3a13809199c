package io.tossbill.cluster;

import static org.awaitility.Awaitility.await;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import io.tossbill.testing.ServerHttp;
import io.tossbill.testing.TestSandbox;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.function.BooleanSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.awaitility.core.ConditionTimeoutException;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Fault trials on a small cluster, all on 127.0.0.1: two server nodes (each its own JVM), one
 * PostgreSQL on a fixed data folder and port (so it can be stopped and started again), the Toss
 * sandbox in a process of its own (with its timeout-after-charge and 5xx faults at 5%), an SMTP
 * server, a bad network for Toss's webhooks ({@link WebhookChaos}) and the merchant's receiver of
 * tossbill's own webhooks ({@link MerchantReceiver}, registered as an endpoint). Each trial is one
 * monthly billing run of every subscriber, with one fault thrown in at a random moment; afterwards
 * it checks that every due period was charged exactly once (the server's ledger against the
 * sandbox's), that nothing is left unknown after the janitor's window, and that no mail and no
 * outgoing webhook was lost or sent twice, and reports the figures as a row of a table. Used by
 * {@code FaultBench} (the long run, {@code bench/faults.sh}) and {@code
 * FaultTrialsIntegrationTests} (the short one in the build).
 */
final class FaultTrials implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(FaultTrials.class);

  /** What a trial does to the cluster while its billing run goes on. */
  enum Fault {
    /** SIGKILL of a random node at a random moment, started again after a random pause. */
    NODE_KILL,
    /** PostgreSQL stopped at a random moment and started again on the same data and port. */
    POSTGRES_RESTART,
    /** Cancels at Toss whose webhooks are duplicated, delayed, reordered and dropped. */
    TOSS_WEBHOOKS,
    /**
     * The merchant's webhook receiver ({@link MerchantReceiver}) answers at random: 5xx, too slowly
     * (the nodes time out), slowly but in time, or at once.
     */
    OUTGOING_WEBHOOKS
  }

  /**
   * @param subscribers subscriptions renewed in every trial
   * @param trials the faults, in the order they run
   * @param seed makes the random moments, pauses and the sandbox's fault draws repeatable
   */
  record Settings(int subscribers, List<Fault> trials, long seed, Path workDir) {

    static List<Fault> schedule(
        int kills, int postgresRestarts, int webhookTrials, int outgoingWebhookTrials, long seed) {
      List<Fault> faults = new ArrayList<>();
      faults.addAll(Collections.nCopies(kills, Fault.NODE_KILL));
      faults.addAll(Collections.nCopies(postgresRestarts, Fault.POSTGRES_RESTART));
      faults.addAll(Collections.nCopies(webhookTrials, Fault.TOSS_WEBHOOKS));
      faults.addAll(Collections.nCopies(outgoingWebhookTrials, Fault.OUTGOING_WEBHOOKS));
      Collections.shuffle(faults, new Random(seed));
      return faults;
    }
  }

  /** One row of the table. */
  record TrialResult(
      int trial,
      Fault fault,
      String happened,
      int subscribers,
      long periodsDue,
      long charged,
      long duplicates,
      long unknownLeft,
      long recoveredByJanitor,
      long lateApprovedRefunded,
      long ledgerDifferences,
      Duration settle,
      String mails,
      long mailsLost,
      long mailsUnknownNotArrived,
      long mailsTwice,
      String tossWebhooks,
      String outgoingWebhooks,
      long hooksLost,
      long hooksTwice,
      List<String> problems) {

    boolean ok() {
      return problems.isEmpty();
    }
  }

  private static final ZoneId SEOUL = ZoneId.of("Asia/Seoul");
  private static final String CARD = "4330123412341234";
  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static final Duration SETTLE_LIMIT = Duration.ofMinutes(4);
  // Outgoing webhooks: timeouts and retries short enough that a delivery the receiver keeps
  // failing is tried again within the settle window (11 tries in about 30 s).
  private static final Duration HOOK_RESPONSE_TIMEOUT = Duration.ofSeconds(2);
  private static final String HOOK_RETRY_SCHEDULE = "1s,1s,2s,2s,3s,3s,4s,4s,5s,5s";
  private static final String PENDING_HOOKS =
      "SELECT count(*) FROM hook_delivery WHERE status = 'PENDING'";
  private static final Pattern HIDDEN =
      Pattern.compile("<input type=\"hidden\" name=\"([^\"]+)\" value=\"([^\"]*)\">");
  private static final Pattern ACTION =
      Pattern.compile("<form method=\"post\" action=\"([^\"]+)\"");

  private final Settings settings;
  private final Random random;
  private final int postgresPort;
  private final Path postgresData;
  private final HttpClient http =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(10))
          .followRedirects(HttpClient.Redirect.NEVER)
          .build();
  private final List<Node> nodes = new ArrayList<>();
  private @Nullable EmbeddedPostgres postgres;
  private @Nullable Sandbox toss;
  private @Nullable GreenMail smtp;
  private @Nullable WebhookChaos chaos;
  private @Nullable MerchantReceiver merchant;
  private long hookEndpoint;
  // outgoing webhooks checked so far: the last event id, and how often each event was accepted
  private long hookEventsChecked;
  private int receiptsChecked;
  private final Map<String, Long> acceptedWhenChecked = new HashMap<>();
  private String jdbcUrl = "";
  private boolean closed;

  private FaultTrials(Settings settings) throws IOException {
    this.settings = settings;
    this.random = new Random(settings.seed());
    this.postgresPort = freePort();
    this.postgresData = settings.workDir().resolve("postgres");
  }

  /** Starts everything and subscribes {@code settings.subscribers()} customers. */
  static FaultTrials start(Settings settings) throws Exception {
    FaultTrials trials = new FaultTrials(settings);
    // an interrupted run (Ctrl-C) leaves no node, sandbox or PostgreSQL behind
    Runtime.getRuntime().addShutdownHook(new Thread(trials::close, "fault-trials-stop"));
    try {
      trials.startAll();
      return trials;
    } catch (Exception | Error e) {
      trials.close();
      throw e;
    }
  }

  private void startAll() throws Exception {
    Files.createDirectories(settings.workDir());
    startPostgres();
    jdbcUrl = "jdbc:postgresql://127.0.0.1:" + postgresPort + "/postgres?user=postgres";
    Sandbox gateway = new Sandbox(freePort());
    toss = gateway;
    gateway.start();
    GreenMail mail =
        new GreenMail(new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_SMTP).dynamicPort());
    mail.start();
    smtp = mail;
    WebhookChaos webhooks = new WebhookChaos(this::liveWebhookUrl, settings.seed() + 1);
    chaos = webhooks;
    sandbox("PUT", "/_sandbox/webhook", "{\"url\":\"" + webhooks.url() + "\"}");
    merchant = new MerchantReceiver(settings.seed() + 2, HOOK_RESPONSE_TIMEOUT);

    Node a = new Node("a", freePort());
    Node b = new Node("b", freePort());
    nodes.add(a);
    nodes.add(b);
    long started = System.nanoTime();
    a.start();
    b.start(); // both at once: one migrates the database, the other waits for Flyway's lock
    a.awaitUp();
    b.awaitUp();
    log("two nodes up in %.1f s", seconds(started));
    started = System.nanoTime();
    subscribe();
    log("%d subscribers in %.1f s", settings.subscribers(), seconds(started));
  }

  private void subscribe() {
    long plan =
        api(
                "POST",
                "/api/v1/plans",
                """
                {"code":"faults","name":"장애 시험","price":9900,
                 "interval":{"unit":"MONTH","count":1},"trialDays":0,"features":{}}
                """)
            .get("id")
            .asLong();
    for (int i = 0; i < settings.subscribers(); i++) {
      ServerHttp node = nodes.get(i % nodes.size()).http;
      JsonNode customer =
          node.api(
              "POST",
              "/api/v1/customers",
              "{\"name\":\"장애 고객 " + i + "\",\"email\":\"fault" + i + "@example.com\"}");
      String key = customer.get("customerKey").asString();
      String authKey = authorizeCard(key);
      node.api(
          "POST",
          "/api/v1/customers/" + customer.get("id").asLong() + "/cards",
          "{\"authKey\":\"" + authKey + "\",\"customerKey\":\"" + key + "\"}");
      node.api(
          "POST",
          "/api/v1/subscriptions",
          "{\"customerId\":" + customer.get("id").asLong() + ",\"planId\":" + plan + "}");
    }
    awaitTrue(
        "every first period paid",
        Duration.ofMinutes(2),
        () ->
            count("SELECT count(*) FROM subscription WHERE paid_period_no >= 1")
                == settings.subscribers());
    registerWebhookEndpoint();
  }

  /**
   * The merchant's receiver as a webhook endpoint for what billing runs make: renewals, payments
   * succeeded, failed and refunded, subscriptions past due.
   */
  private void registerWebhookEndpoint() {
    MerchantReceiver receiver = merchant();
    JsonNode endpoint =
        api(
            "POST",
            "/api/v1/webhook-endpoints",
            "{\"url\":\""
                + receiver.url()
                + "\",\"eventTypes\":[\"subscription.*\",\"payment.*\"],"
                + "\"description\":\"장애 시험 수신기\"}");
    hookEndpoint = endpoint.get("id").asLong();
    receiver.secret(endpoint.get("secret").asString());
    hookEventsChecked = count("SELECT coalesce(max(id), 0) FROM hook_event");
  }

  /** Runs every trial; calls {@code row} after each with its result. */
  List<TrialResult> run(java.util.function.Consumer<TrialResult> row) throws Exception {
    List<TrialResult> results = new ArrayList<>();
    int no = 0;
    for (Fault fault : settings.trials()) {
      TrialResult result = trial(++no, fault);
      results.add(result);
      row.accept(result);
    }
    return results;
  }

  private TrialResult trial(int no, Fault fault) throws Exception {
    int n = settings.subscribers();
    List<String> problems = new ArrayList<>();
    long period = count("SELECT max(period_no) FROM subscription") + 1;
    long mailBefore = count("SELECT coalesce(max(id), 0) FROM mail_message");
    long refundBefore = count("SELECT coalesce(max(id), 0) FROM refund");
    List<Refunded> refundTargets =
        fault == Fault.TOSS_WEBHOOKS ? refundTargets(period - 1, Math.max(4, n / 10)) : List.of();
    WebhookChaos webhooks = chaos();
    webhooks.reset();
    webhooks.chaos(fault == Fault.TOSS_WEBHOOKS);
    MerchantReceiver receiver = merchant();
    receiver.resetCounts();
    receiver.flaky(fault == Fault.OUTGOING_WEBHOOKS);
    // every charge of the run may hit the sandbox's faults: answer lost after the charge, or 500
    sandbox(
        "PUT",
        "/_sandbox/faults",
        "{\"internalErrorRate\":0.05,\"timeoutAfterChargeRate\":0.05,\"seed\":"
            + (settings.seed() * 1000 + no)
            + "}");
    sandbox(
        "PUT", "/_sandbox/latency", "{\"mode\":\"uniform\",\"minMillis\":100,\"maxMillis\":2500}");

    LocalDate due = LocalDate.parse(query("SELECT min(period_end)::text FROM subscription"));
    Instant at = due.atTime(LocalTime.of(9, 1)).atZone(SEOUL).toInstant();
    sandbox(
        "POST",
        "/_sandbox/clock/set",
        "{\"instant\":\"" + at.atZone(SEOUL).toOffsetDateTime() + "\"}");
    long started = System.nanoTime();
    api("POST", "/api/v1/admin/test-clock", "{\"to\":\"" + at + "\"}"); // the run starts

    String happened =
        switch (fault) {
          case NODE_KILL -> killANode(period);
          case POSTGRES_RESTART -> restartPostgres(period);
          case TOSS_WEBHOOKS -> cancelAtToss(refundTargets);
          case OUTGOING_WEBHOOKS -> "a flaky webhook receiver";
        };

    boolean settled =
        awaitQuietly(
            SETTLE_LIMIT,
            () ->
                count("SELECT count(*) FROM subscription WHERE paid_period_no >= " + period) == n
                    && count("SELECT count(*) FROM payment WHERE status IN ('PENDING','UNKNOWN')")
                        == 0
                    && count(PENDING_HOOKS) == 0);
    Duration settle = Duration.ofNanos(System.nanoTime() - started);
    if (!settled) {
      problems.add("not settled within " + SETTLE_LIMIT.toMinutes() + " min");
    }
    long waited = System.nanoTime();
    for (Node node : nodes) {
      node.awaitUp(); // a restarted node is back before the next trial
    }
    log(
        "trial %d settled in %.1f s, nodes up %.1f s later",
        no, settle.toMillis() / 1e3, seconds(waited));

    String tossWebhooks = "-";
    if (fault == Fault.TOSS_WEBHOOKS) {
      tossWebhooks = checkTossWebhooks(refundTargets, problems);
    }
    sandbox("PUT", "/_sandbox/faults", "{}");
    sandbox("PUT", "/_sandbox/latency", "{\"mode\":\"none\"}");
    // refunds of late approvals, webhooks of this run's cancels: all done before the ledgers
    awaitQuietly(
        Duration.ofMinutes(1),
        () ->
            count("SELECT count(*) FROM refund WHERE status IN ('PENDING','UNKNOWN')") == 0
                && count(
                        "SELECT count(*) FROM toss_webhook_delivery"
                            + " WHERE status IN ('RECEIVED','PENDING_RETRY')")
                    == 0);

    // the ledgers: the server's against the sandbox's
    long charged =
        count(
            "SELECT count(*) FROM payment WHERE purpose = 'PERIOD' AND status = 'APPROVED'"
                + " AND period_no = "
                + period);
    long late =
        count(
            "SELECT count(*) FROM payment WHERE status = 'LATE_APPROVED' AND period_no = "
                + period);
    long recovered =
        count(
            "SELECT count(*) FROM payment WHERE status IN ('APPROVED','LATE_APPROVED')"
                + " AND check_count > 0 AND period_no = "
                + period);
    long unknownLeft = count("SELECT count(*) FROM payment WHERE status IN ('PENDING','UNKNOWN')");
    long twiceHere =
        count(
            "SELECT count(*) FROM (SELECT subscription_id FROM payment WHERE status = 'APPROVED'"
                + " AND purpose = 'PERIOD' GROUP BY subscription_id, period_no"
                + " HAVING count(*) > 1) twice");
    Ledgers ledgers = ledgers(period);
    if (charged != n) {
      problems.add(charged + " of " + n + " periods charged");
    }
    if (ledgers.duplicates() > 0 || twiceHere > 0) {
      problems.add(ledgers.duplicates() + " periods charged twice at Toss");
    }
    if (ledgers.differences() > 0) {
      problems.add(ledgers.differences() + " differences between the ledgers");
    }
    if (unknownLeft > 0) {
      problems.add(unknownLeft + " payments left unknown");
    }

    MailCheck mails = checkMails(period, mailBefore, refundBefore);
    problems.addAll(mails.problems());
    HookCheck hooks = outgoingWebhooks(fault, problems);
    receiver.flaky(false);
    if (fault == Fault.OUTGOING_WEBHOOKS) {
      happened = receiver.summary();
    }

    return new TrialResult(
        no,
        fault,
        happened,
        n,
        count("SELECT count(*) FROM subscription WHERE period_no >= " + period),
        charged,
        ledgers.duplicates(),
        unknownLeft,
        recovered,
        late,
        ledgers.differences(),
        settle,
        mails.summary(),
        mails.lost(),
        mails.unknownNotArrived(),
        mails.twice(),
        tossWebhooks,
        hooks.summary(),
        hooks.lost(),
        hooks.twice(),
        problems);
  }

  // ---- the faults

  /** Waits until a random share of the run is charged, then SIGKILLs a random node. */
  private String killANode(long period) throws Exception {
    long charged = awaitRandomShare(period);
    Node victim = nodes.get(random.nextInt(nodes.size()));
    long inFlight =
        count(
            "SELECT count(*) FROM payment WHERE status IN ('PENDING','UNKNOWN') AND period_no = "
                + period);
    victim.kill();
    long down = 200 + random.nextInt(2800);
    pause(down); // the fault: the node stays down this long
    victim.start();
    return String.format(
        Locale.ROOT,
        "killed %s at %d/%d charged, %d in flight, down %.1f s",
        victim.name,
        charged,
        settings.subscribers(),
        inFlight,
        down / 1000.0);
  }

  /** Waits until a random share of the run is charged, then stops PostgreSQL and starts it. */
  private String restartPostgres(long period) throws Exception {
    long charged = awaitRandomShare(period);
    long down = 1000 + random.nextInt(4000);
    stopPostgres();
    pause(down); // the fault: the database stays down this long
    startPostgres();
    return String.format(
        Locale.ROOT,
        "PostgreSQL stopped at %d/%d charged, down %.1f s",
        charged,
        settings.subscribers(),
        down / 1000.0);
  }

  private long awaitRandomShare(long period) {
    long target = Math.round(random.nextDouble() * 0.9 * settings.subscribers());
    String sql = "SELECT count(*) FROM payment WHERE status = 'APPROVED' AND period_no = " + period;
    awaitQuietly(Duration.ofMinutes(2), () -> count(sql) >= target);
    return count(sql);
  }

  /** A payment of the last period, to be partly canceled at Toss (as in Toss's console). */
  private record Refunded(long paymentId, String paymentKey, String orderId) {}

  private List<Refunded> refundTargets(long period, int how) {
    List<Refunded> targets = new ArrayList<>();
    try (Connection db = DriverManager.getConnection(jdbcUrl);
        PreparedStatement statement =
            db.prepareStatement(
                "SELECT id, payment_key, order_id FROM payment WHERE status = 'APPROVED'"
                    + " AND purpose = 'PERIOD' AND period_no = ? AND refunded_amount = 0"
                    + " ORDER BY random() LIMIT ?")) {
      statement.setLong(1, period);
      statement.setInt(2, how);
      try (ResultSet rs = statement.executeQuery()) {
        while (rs.next()) {
          targets.add(new Refunded(rs.getLong(1), rs.getString(2), rs.getString(3)));
        }
      }
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
    return targets;
  }

  /** Two partial cancels of each target at Toss, back to back, while the run goes on. */
  private String cancelAtToss(List<Refunded> targets) {
    for (Refunded target : targets) {
      for (long amount : new long[] {1000, 2000}) {
        cancelAtToss(target.paymentKey(), amount);
      }
    }
    return targets.size() + " payments canceled twice in part at Toss";
  }

  /** One cancel; a 500 of the sandbox's faults processed nothing, so it is asked again. */
  private void cancelAtToss(String paymentKey, long amount) {
    for (int attempt = 1; ; attempt++) {
      try {
        sandbox(
            "POST",
            "/v1/payments/" + paymentKey + "/cancel",
            "{\"cancelReason\":\"장애 시험 부분 취소\",\"cancelAmount\":" + amount + "}");
        return;
      } catch (IllegalStateException e) {
        if (attempt == 10 || !String.valueOf(e.getMessage()).contains("answered 500")) {
          throw e;
        }
      }
    }
  }

  /**
   * Every cancel made at Toss is in tossbill's ledger exactly once, however its webhook travelled:
   * Toss's own retries (pushed along by moving the sandbox's clock) bring what was dropped.
   */
  private String checkTossWebhooks(List<Refunded> targets, List<String> problems) {
    String ids =
        targets.stream().map(t -> String.valueOf(t.paymentId())).collect(Collectors.joining(","));
    String sql =
        "SELECT count(*) FROM refund WHERE status = 'DONE' AND payment_id IN (" + ids + ")";
    boolean converged =
        awaitQuietly(
            Duration.ofMinutes(3),
            () -> {
              sandbox("POST", "/_sandbox/clock/advance", "{\"seconds\":120}"); // due retries go
              return count(sql) == 2L * targets.size() && pendingDeliveries() == 0;
            });
    long refunds = count(sql);
    long sum =
        count(
            "SELECT coalesce(sum(amount), 0) FROM refund WHERE status = 'DONE'"
                + " AND payment_id IN ("
                + ids
                + ")");
    long onPayments =
        count("SELECT coalesce(sum(refunded_amount), 0) FROM payment WHERE id IN (" + ids + ")");
    if (!converged || refunds != 2L * targets.size() || sum != 3000L * targets.size()) {
      problems.add(
          "Toss cancels: "
              + refunds
              + " refunds for "
              + 2 * targets.size()
              + " cancels ("
              + sum
              + " won of "
              + 3000L * targets.size()
              + ")");
    }
    if (onPayments != 3000L * targets.size()) {
      problems.add("refunded amounts on payments " + onPayments + " won");
    }
    return chaos().summary() + "; refunds " + refunds + "/" + 2 * targets.size();
  }

  private long pendingDeliveries() {
    long pending = 0;
    for (JsonNode delivery : sandbox("GET", "/_sandbox/webhooks/deliveries", null)) {
      String status = delivery.path("status").asString();
      if (!"DELIVERED".equals(status) && !"FAILED".equals(status)) {
        pending++;
      }
    }
    return pending;
  }

  private record HookCheck(String summary, long lost, long twice) {}

  /** One event for the receiver's endpoint, as the server recorded it. */
  private record HookEvent(long id, String publicId, String status, long tries, long delivered) {}

  /**
   * Outgoing webhooks, in every trial: once no delivery is pending at the server, every event the
   * server made for the receiver's endpoint since the last check was accepted (answered 2xx in
   * time) by the receiver at least once (none lost), and none twice. Deliveries after a 5xx or a
   * timeout are expected and counted as redelivered. A second acceptance after a try whose outcome
   * the server never wrote (its node killed, or PostgreSQL away, between the receiver's 2xx and the
   * write) is the at-least-once promise of docs/webhooks-out.md at work: counted apart, and a
   * problem only in a trial with no such fault. Every delivery's signature must check out.
   */
  private HookCheck outgoingWebhooks(Fault fault, List<String> problems) {
    MerchantReceiver receiver = merchant();
    boolean quiet =
        awaitQuietly(
            Duration.ofMinutes(2), () -> count(PENDING_HOOKS) == 0 && receiver.inFlight() == 0);
    if (!quiet) {
      problems.add(count(PENDING_HOOKS) + " outgoing webhooks still pending");
    }
    List<HookEvent> events = new ArrayList<>();
    try (Connection db = DriverManager.getConnection(jdbcUrl);
        PreparedStatement statement =
            db.prepareStatement(
                """
                SELECT ev.id, ev.public_id, d.status,
                       (SELECT count(*) FROM hook_attempt a WHERE a.delivery_id = d.id),
                       (SELECT count(*) FROM hook_attempt a
                        WHERE a.delivery_id = d.id AND a.outcome = 'DELIVERED')
                FROM hook_delivery d JOIN hook_event ev ON ev.id = d.event_id
                WHERE d.endpoint_id = ? AND ev.id > ?
                ORDER BY ev.id
                """)) {
      statement.setLong(1, hookEndpoint);
      statement.setLong(2, hookEventsChecked);
      try (ResultSet rs = statement.executeQuery()) {
        while (rs.next()) {
          events.add(
              new HookEvent(
                  rs.getLong(1), rs.getString(2), rs.getString(3), rs.getLong(4), rs.getLong(5)));
        }
      }
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
    List<MerchantReceiver.Receipt> receipts = receiver.receipts();
    Map<String, Long> received = new HashMap<>();
    Map<String, Long> accepted = new HashMap<>();
    for (MerchantReceiver.Receipt receipt : receipts) {
      received.merge(receipt.eventId(), 1L, Long::sum);
      if (receipt.accepted()) {
        accepted.merge(receipt.eventId(), 1L, Long::sum);
      }
    }
    long badSignatures =
        receipts.subList(receiptsChecked, receipts.size()).stream()
            .filter(r -> !r.signatureValid())
            .count();
    receiptsChecked = receipts.size();

    long acceptedEvents = 0;
    long redelivered = 0;
    long lost = 0;
    long twice = 0;
    long unrecorded = 0;
    long notDelivered = 0;
    List<String> twiceSeen = new ArrayList<>();
    List<String> undelivered = new ArrayList<>();
    for (HookEvent event : events) {
      long times = accepted.getOrDefault(event.publicId(), 0L);
      long arrived = received.getOrDefault(event.publicId(), 0L);
      redelivered += Math.max(0, arrived - 1);
      if (!"DELIVERED".equals(event.status())) {
        notDelivered++;
        // FAILED after every try of the schedule is the delivery policy; anything else is not
        undelivered.add(
            event.publicId()
                + " ("
                + event.status()
                + ", "
                + event.tries()
                + " tries logged, "
                + arrived
                + " arrived at the receiver)");
      }
      if (times == 0) {
        lost++;
        continue;
      }
      acceptedEvents++;
      if (times > 1) {
        // tries the receiver saw that the server has no record of: outcome never written
        long unwritten = Math.max(0, arrived - event.tries());
        if (times - 1 <= unwritten) {
          unrecorded++;
        } else {
          twice++;
          twiceSeen.add(
              event.publicId()
                  + " (accepted "
                  + times
                  + "x, "
                  + event.tries()
                  + " tries logged, "
                  + event.delivered()
                  + " as delivered)");
        }
      }
      acceptedWhenChecked.put(event.publicId(), times);
    }
    // an event checked in an earlier trial must not come again
    long lateCopies = 0;
    for (Map.Entry<String, Long> earlier : acceptedWhenChecked.entrySet()) {
      long now = accepted.getOrDefault(earlier.getKey(), 0L);
      if (now > earlier.getValue()) {
        lateCopies++;
        earlier.setValue(now);
      }
    }
    twice += lateCopies;
    if (!events.isEmpty()) {
      hookEventsChecked = events.getLast().id();
    }

    if (events.size() < settings.subscribers()) { // a renewal makes one at least
      problems.add(
          "only "
              + events.size()
              + " outgoing webhooks for "
              + settings.subscribers()
              + " renewals");
    }
    if (lost > 0) {
      problems.add(lost + " outgoing webhooks never accepted by the receiver");
    }
    if (notDelivered > 0) {
      problems.add(notDelivered + " outgoing webhooks not DELIVERED at the server: " + undelivered);
    }
    if (twice > 0) {
      problems.add(
          twice
              + " outgoing webhooks accepted twice"
              + (lateCopies > 0 ? " (" + lateCopies + " after an earlier trial's check)" : "")
              + ": "
              + String.join(", ", twiceSeen.subList(0, Math.min(5, twiceSeen.size()))));
    }
    if (unrecorded > 0 && fault != Fault.NODE_KILL && fault != Fault.POSTGRES_RESTART) {
      problems.add(
          unrecorded + " outgoing webhooks sent again after an unrecorded try, with no fault");
    }
    if (badSignatures > 0) {
      problems.add(badSignatures + " outgoing webhooks with a bad signature or id");
    }
    String summary =
        String.format(
            Locale.ROOT,
            "events=%d accepted=%d redelivered=%d lost=%d twice=%d",
            events.size(),
            acceptedEvents,
            redelivered,
            lost,
            twice);
    if (unrecorded > 0) {
      summary += " again-after-unrecorded-try=" + unrecorded;
    }
    if (badSignatures > 0) {
      summary += " bad-signatures=" + badSignatures;
    }
    return new HookCheck(summary, lost, twice);
  }

  // ---- the checks

  private record Ledgers(long duplicates, long differences) {}

  /**
   * The sandbox's ledger against the server's: every charge Toss made is a payment tossbill knows
   * as approved (or approved late and refunded in full), and the other way round; a period charged
   * twice at Toss without the second charge refunded in full is a duplicate.
   */
  private Ledgers ledgers(long period) {
    Map<String, Long> charges = new HashMap<>();
    Map<String, Long> amounts = new HashMap<>();
    Map<String, Long> canceled = new HashMap<>();
    for (JsonNode entry : sandbox("GET", "/_sandbox/ledger", null)) {
      String orderId = entry.get("orderId").asString();
      String type = entry.get("type").asString();
      if ("CHARGE".equals(type) && "DONE".equals(entry.get("status").asString())) {
        charges.merge(orderId, 1L, Long::sum);
        amounts.put(orderId, entry.get("amount").asLong());
      } else if ("CANCEL".equals(type)) {
        canceled.merge(orderId, entry.get("amount").asLong(), Long::sum);
      }
    }
    Map<String, String> here = new HashMap<>(); // orderId -> status
    Map<String, Long> subscriptionOf = new HashMap<>();
    try (Connection db = DriverManager.getConnection(jdbcUrl);
        ResultSet rs =
            db.createStatement()
                .executeQuery("SELECT order_id, status, subscription_id, period_no FROM payment")) {
      while (rs.next()) {
        here.put(rs.getString(1), rs.getString(2));
        if (rs.getLong(4) == period) {
          subscriptionOf.put(rs.getString(1), rs.getLong(3));
        }
      }
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
    long differences = 0;
    for (Map.Entry<String, Long> charge : charges.entrySet()) {
      String status = here.get(charge.getKey());
      if (charge.getValue() != 1 || !"APPROVED".equals(status) && !"LATE_APPROVED".equals(status)) {
        differences++; // charged twice under one orderId, or a charge tossbill does not know of
      }
    }
    for (Map.Entry<String, String> payment : here.entrySet()) {
      boolean movedMoney =
          "APPROVED".equals(payment.getValue()) || "LATE_APPROVED".equals(payment.getValue());
      if (movedMoney != charges.containsKey(payment.getKey())) {
        differences++; // approved here but not at Toss, or the other way round
      }
    }
    Map<Long, Long> keptPerSubscription = new HashMap<>();
    for (Map.Entry<String, Long> payment : subscriptionOf.entrySet()) {
      String orderId = payment.getKey();
      if (charges.containsKey(orderId)
          && canceled.getOrDefault(orderId, 0L) < amounts.getOrDefault(orderId, 0L)) {
        keptPerSubscription.merge(payment.getValue(), 1L, Long::sum);
      }
    }
    long duplicates =
        keptPerSubscription.values().stream().mapToLong(kept -> Math.max(0, kept - 1)).sum();
    return new Ledgers(duplicates, differences);
  }

  private record MailCheck(
      String summary, long lost, long unknownNotArrived, long twice, List<String> problems) {}

  /**
   * The mails of this trial: a receipt for every period paid, a notice for every refund; each one
   * sent and received exactly once (by its Message-ID, the same on every send). A mail whose node
   * died while talking to the SMTP server is UNKNOWN (it may have left) and waits in the admin
   * outbox for a person to resend it, by design never resent by itself: counted apart, by whether
   * it arrived. Lost means silently lost: never asked for, failed, or recorded SENT but not
   * received.
   */
  private MailCheck checkMails(long period, long mailBefore, long refundBefore) {
    String receipts =
        "SELECT count(*) FROM payment p WHERE p.status = 'APPROVED' AND p.period_no = "
            + period
            + " AND NOT EXISTS (SELECT 1 FROM mail_message m"
            + " WHERE m.dedupe_key LIKE '%:payment-' || p.id)";
    String refundNotices =
        "SELECT count(*) FROM refund r WHERE r.status = 'DONE' AND r.id > "
            + refundBefore
            + " AND NOT EXISTS (SELECT 1 FROM mail_message m"
            + " WHERE m.dedupe_key LIKE '%:refund-' || r.id)";
    // within the window: a listener that failed is handed its event again (tossbill.events.*)
    awaitQuietly(
        Duration.ofSeconds(90),
        () ->
            count(
                        "SELECT count(*) FROM mail_message"
                            + " WHERE status IN ('QUEUED','SENDING','RETRY') AND id > "
                            + mailBefore)
                    == 0
                && count(receipts) == 0
                && count(refundNotices) == 0);
    long missingReceipts = count(receipts);
    long missingRefundNotices = count(refundNotices);
    Map<String, String> statusById = new LinkedHashMap<>();
    try (Connection db = DriverManager.getConnection(jdbcUrl);
        ResultSet rs =
            db.createStatement()
                .executeQuery(
                    "SELECT message_id, status FROM mail_message WHERE id > " + mailBefore)) {
      while (rs.next()) {
        statusById.put(rs.getString(1), rs.getString(2));
      }
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
    Map<String, Long> received = new HashMap<>();
    for (MimeMessage message : smtp().getReceivedMessages()) {
      try {
        String id = message.getMessageID();
        if (id != null && statusById.containsKey(id)) {
          received.merge(id, 1L, Long::sum);
        }
      } catch (MessagingException e) {
        throw new IllegalStateException(e);
      }
    }
    long sent = 0;
    long unknown = 0;
    long unknownNotArrived = 0;
    long lost = missingReceipts + missingRefundNotices;
    for (Map.Entry<String, String> mail : statusById.entrySet()) {
      long arrived = received.getOrDefault(mail.getKey(), 0L);
      switch (mail.getValue()) {
        case "SENT" -> {
          sent++;
          if (arrived == 0) {
            lost++;
          }
        }
        case "UNKNOWN" -> {
          unknown++;
          if (arrived == 0) {
            unknownNotArrived++;
          }
        }
        default -> lost++; // FAILED, HELD, or never sent
      }
    }
    long twice = received.values().stream().filter(times -> times > 1).count();
    List<String> problems = new ArrayList<>();
    if (lost > 0) {
      problems.add(
          lost
              + " mails lost ("
              + missingReceipts
              + " receipts and "
              + missingRefundNotices
              + " refund notices never asked for)");
    }
    if (twice > 0) {
      problems.add(twice + " mails received twice");
    }
    String summary =
        statusById.size()
            + " made, "
            + sent
            + " sent"
            + (unknown > 0 ? ", " + unknown + " unknown" : "");
    return new MailCheck(summary, lost, unknownNotArrived, twice, problems);
  }

  // ---- the parts

  private void startPostgres() throws IOException {
    Files.createDirectories(postgresData.getParent());
    postgres =
        EmbeddedPostgres.builder()
            .setRegisterShutdownHook(false)
            .setPort(postgresPort)
            .setDataDirectory(postgresData)
            .setCleanDataDirectory(false)
            // durable, as in production: a stop must not lose a committed payment
            .setServerConfig("fsync", "on")
            .setServerConfig("synchronous_commit", "on")
            .setServerConfig("full_page_writes", "on")
            .setServerConfig("max_connections", "100")
            .start();
  }

  private void stopPostgres() throws IOException {
    EmbeddedPostgres running = postgres;
    postgres = null;
    if (running != null) {
      running.close();
    }
  }

  private final class Node {
    final String name;
    final int port;
    final ServerHttp http;
    @Nullable Process process;

    Node(String name, int port) {
      this.name = name;
      this.port = port;
      this.http = new ServerHttp(port);
    }

    void start() throws IOException {
      List<String> command = new ArrayList<>();
      command.add(ProcessHandle.current().info().command().orElse("java"));
      command.add("-Xmx384m");
      command.add("-XX:+UseSerialGC");
      command.add("-XX:TieredStopAtLevel=1");
      command.add("-cp");
      command.add(System.getProperty("java.class.path"));
      command.add("io.tossbill.TossbillApplication");
      command.add("--server.port=" + port);
      command.add("--spring.datasource.url=" + jdbcUrl);
      command.add("--toss-sandbox.enabled=false");
      command.add("--tossbill.toss.sandbox-url=" + toss().baseUrl());
      command.add("--tossbill.toss.secret-key=" + TestSandbox.SECRET_KEY);
      command.add("--tossbill.toss.client-key=" + TestSandbox.CLIENT_KEY);
      command.add("--tossbill.toss.charge-read-timeout=3s");
      // the janitor's window, short: read back a second after an unknown outcome, take over a
      // pending attempt of a dead node after 5 s
      command.add("--tossbill.payment.janitor.poll-interval=1s");
      command.add("--tossbill.payment.janitor.first-check-after=1s");
      command.add("--tossbill.payment.janitor.max-backoff=5s");
      command.add("--tossbill.payment.janitor.pending-stale-after=5s");
      command.add("--tossbill.billing.worker.poll-interval=500ms");
      command.add("--tossbill.billing.worker.recheck-after=5s");
      command.add("--db-scheduler.polling-interval=500ms");
      command.add("--spring.mail.host=127.0.0.1");
      command.add("--spring.mail.port=" + smtp().getSmtp().getPort());
      command.add("--spring.mail.properties.mail.smtp.starttls.enable=false");
      command.add("--tossbill.mail.first-retry-after=1s");
      command.add("--tossbill.mail.max-backoff=2s");
      command.add("--tossbill.mail.poll-interval=1s");
      command.add("--tossbill.mail.sending-stale-after=5s");
      // an event whose listener failed is handed to it again 10 s later (default 5 min)
      command.add("--tossbill.events.resubmit-interval=2s");
      command.add("--tossbill.events.resubmit-after=10s");
      // outgoing webhooks: short timeouts and retries, so redeliveries come within the trial; a
      // claim of a killed node expires after 10 s. The test clock jumps a month between trials,
      // which would count as "failing for 3 days": no automatic disabling here.
      command.add("--tossbill.hooks.retry-schedule=" + HOOK_RETRY_SCHEDULE);
      command.add("--tossbill.hooks.connect-timeout=1s");
      command.add("--tossbill.hooks.response-timeout=" + HOOK_RESPONSE_TIMEOUT.toSeconds() + "s");
      command.add("--tossbill.hooks.poll-interval=1s");
      command.add("--tossbill.hooks.claim-lease=10s");
      command.add("--tossbill.hooks.disable-after-failures=10000");
      command.add("--logging.level.root=WARN");
      Path log = settings.workDir().resolve("node-" + name + ".log");
      process =
          new ProcessBuilder(command)
              .redirectErrorStream(true)
              .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
              .start();
    }

    /** SIGKILL: no shutdown hook, nothing written for what was in flight. */
    void kill() throws InterruptedException {
      Process running = process;
      if (running != null) {
        running.destroyForcibly();
        running.waitFor();
      }
    }

    boolean alive() {
      Process running = process;
      return running != null && running.isAlive();
    }

    void awaitUp() {
      try {
        await("node " + name)
            .atMost(Duration.ofSeconds(120))
            .pollInterval(Duration.ofMillis(250))
            .ignoreExceptions()
            .until(() -> alive() && http.api("GET", "/api/v1/plans", null) != null);
      } catch (ConditionTimeoutException e) {
        throw new IllegalStateException("node " + name + " did not start:\n" + logTail(), e);
      }
    }

    private String logTail() {
      try {
        List<String> lines =
            Files.readAllLines(settings.workDir().resolve("node-" + name + ".log"));
        return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
      } catch (IOException e) {
        return "(no log: " + e + ")";
      }
    }
  }

  /**
   * The Toss sandbox in a process of its own, as a real gateway is: its standalone jar, built by
   * the toss-sandbox module ({@code -exec.jar}), with the nodes' merchant keys.
   */
  private final class Sandbox {
    final int port;
    @Nullable Process process;

    Sandbox(int port) {
      this.port = port;
    }

    String baseUrl() {
      return "http://127.0.0.1:" + port;
    }

    void start() throws IOException {
      Path jar;
      try (var jars = Files.list(Path.of("..", "toss-sandbox", "target"))) {
        jar =
            jars.filter(f -> f.getFileName().toString().endsWith("-exec.jar"))
                .findFirst()
                .orElseThrow(
                    () ->
                        new IllegalStateException(
                            "toss-sandbox/target/*-exec.jar is missing: build with -pl server -am"));
      } catch (java.nio.file.NoSuchFileException e) {
        throw new IllegalStateException("toss-sandbox is not built: build with -pl server -am", e);
      }
      List<String> command =
          List.of(
              ProcessHandle.current().info().command().orElse("java"),
              "-Xmx256m",
              "-XX:+UseSerialGC",
              "-jar",
              jar.toAbsolutePath().toString(),
              "--server.port=" + port,
              "--server.address=127.0.0.1",
              "--toss-sandbox.secret-key=" + TestSandbox.SECRET_KEY,
              "--toss-sandbox.client-key=" + TestSandbox.CLIENT_KEY,
              // longer than the nodes' charge read timeout (3 s): charged, and the answer lost
              "--toss-sandbox.hang-duration=5s",
              "--toss-sandbox.webhook-poll-interval=100ms",
              "--logging.level.root=WARN");
      process =
          new ProcessBuilder(command)
              .redirectErrorStream(true)
              .redirectOutput(
                  ProcessBuilder.Redirect.appendTo(
                      settings.workDir().resolve("toss-sandbox.log").toFile()))
              .start();
      await("the sandbox")
          .atMost(Duration.ofSeconds(90))
          .pollInterval(Duration.ofMillis(250))
          .ignoreExceptions()
          .until(() -> sandbox("GET", "/_sandbox", null) != null);
    }

    void stop() {
      Process running = process;
      if (running != null) {
        running.destroy();
        try {
          if (!running.waitFor(20, java.util.concurrent.TimeUnit.SECONDS)) {
            running.destroyForcibly();
          }
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          running.destroyForcibly();
        }
      }
    }
  }

  // ---- calls

  /** An admin API call on a node that is up. */
  private JsonNode api(String method, String path, @Nullable String body) {
    RuntimeException last = null;
    for (Node node : nodes) {
      if (node.alive()) {
        try {
          return node.http.api(method, path, body);
        } catch (RuntimeException e) {
          last = e;
        }
      }
    }
    throw last != null ? last : new IllegalStateException("no node is up");
  }

  private String liveWebhookUrl() {
    List<Node> up = nodes.stream().filter(Node::alive).toList();
    Node node = up.isEmpty() ? nodes.getFirst() : up.get(random.nextInt(up.size()));
    return "http://127.0.0.1:" + node.port + "/webhooks/toss";
  }

  /**
   * A control of the sandbox, or Toss's API at the sandbox (a cancel as made in Toss's console),
   * with the installation's key, which is also the nodes' merchant key; the JSON answer.
   */
  private JsonNode sandbox(String method, String path, @Nullable String body) {
    return call(toss().baseUrl() + path, method, body, "application/json");
  }

  private JsonNode call(String url, String method, @Nullable String body, String type) {
    HttpRequest request =
        HttpRequest.newBuilder(URI.create(url))
            .timeout(Duration.ofSeconds(30))
            .header("Authorization", TestSandbox.basicAuth())
            .header("Content-Type", type)
            .method(
                method,
                body == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(body))
            .build();
    HttpResponse<String> response = send(request);
    if (response.statusCode() != 200) {
      throw new IllegalStateException(
          method + " " + url + " answered " + response.statusCode() + ": " + response.body());
    }
    return response.body().isBlank() ? JSON.nullNode() : JSON.readTree(response.body());
  }

  /** The sandbox's card window, as a subscriber's browser fills it in; the authKey. */
  private String authorizeCard(String customerKey) {
    String back = "http://127.0.0.1:" + nodes.getFirst().port;
    String query =
        form(
            Map.of(
                "clientKey",
                TestSandbox.CLIENT_KEY,
                "customerKey",
                customerKey,
                "successUrl",
                back + "/billing/success",
                "failUrl",
                back + "/billing/fail"));
    HttpResponse<String> page =
        send(
            HttpRequest.newBuilder(URI.create(toss().baseUrl() + "/_sandbox/billing-auth?" + query))
                .timeout(Duration.ofSeconds(30))
                .build());
    Map<String, String> fields = new LinkedHashMap<>();
    Matcher hidden = HIDDEN.matcher(page.body());
    while (hidden.find()) {
      fields.put(hidden.group(1), unescape(hidden.group(2)));
    }
    Matcher action = ACTION.matcher(page.body());
    if (page.statusCode() != 200 || !action.find()) {
      throw new IllegalStateException("card window answered " + page.statusCode());
    }
    fields.put("cardNumber", CARD);
    fields.put("expiry", "12/45");
    fields.put("identity", "900101");
    fields.put("agree", "true");
    fields.put("action", "register");
    String target = unescape(action.group(1));
    URI post = URI.create(toss().baseUrl()).resolve(target);
    HttpResponse<String> submitted =
        send(
            HttpRequest.newBuilder(post)
                .timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form(fields)))
                .build());
    if (submitted.statusCode() != 303) {
      throw new IllegalStateException("card window submit answered " + submitted.statusCode());
    }
    URI success = URI.create(submitted.headers().firstValue("Location").orElseThrow());
    Map<String, String> params =
        Arrays.stream(success.getRawQuery().split("&"))
            .map(p -> p.split("=", 2))
            .collect(
                Collectors.toMap(p -> p[0], p -> URLDecoder.decode(p[1], StandardCharsets.UTF_8)));
    return params.get("authKey");
  }

  private HttpResponse<String> send(HttpRequest request) {
    try {
      return http.send(request, HttpResponse.BodyHandlers.ofString());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    } catch (IOException e) {
      throw new IllegalStateException(request.method() + " " + request.uri() + " failed", e);
    }
  }

  private long count(String sql) {
    return Long.parseLong(query(sql));
  }

  private String query(String sql) {
    try (Connection db = DriverManager.getConnection(jdbcUrl);
        ResultSet rs = db.createStatement().executeQuery(sql)) {
      rs.next();
      return rs.getString(1);
    } catch (SQLException e) {
      throw new IllegalStateException(sql, e);
    }
  }

  private static void awaitTrue(String what, Duration limit, BooleanSupplier condition) {
    await(what)
        .atMost(limit)
        .pollInterval(Duration.ofMillis(250))
        .ignoreExceptions()
        .until(condition::getAsBoolean);
  }

  /** Whether the condition came true within the limit (database hiccups count as not yet). */
  private static boolean awaitQuietly(Duration limit, BooleanSupplier condition) {
    try {
      await()
          .atMost(limit)
          .pollInterval(Duration.ofMillis(250))
          .ignoreExceptions()
          .until(condition::getAsBoolean);
      return true;
    } catch (ConditionTimeoutException e) {
      return false;
    }
  }

  private static double seconds(long sinceNanos) {
    return (System.nanoTime() - sinceNanos) / 1e9;
  }

  private static void log(String format, Object... args) {
    LOG.info(String.format(Locale.ROOT, format, args));
  }

  private static void pause(long millis) throws InterruptedException {
    Thread.sleep(millis);
  }

  private static String form(Map<String, String> fields) {
    return fields.entrySet().stream()
        .map(
            e ->
                URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8)
                    + "="
                    + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
        .collect(Collectors.joining("&"));
  }

  private static String unescape(String html) {
    return html.replace("&amp;", "&")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&lt;", "<")
        .replace("&gt;", ">");
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  private Sandbox toss() {
    if (toss == null) {
      throw new IllegalStateException("the sandbox is not running");
    }
    return toss;
  }

  private GreenMail smtp() {
    if (smtp == null) {
      throw new IllegalStateException("the SMTP server is not running");
    }
    return smtp;
  }

  private MerchantReceiver merchant() {
    if (merchant == null) {
      throw new IllegalStateException("the webhook receiver is not running");
    }
    return merchant;
  }

  private WebhookChaos chaos() {
    if (chaos == null) {
      throw new IllegalStateException("the webhook network is not running");
    }
    return chaos;
  }

  // ---- the table

  static String table(List<TrialResult> results) {
    StringBuilder out = new StringBuilder();
    out.append(
        "| # | fault | what happened | subscribers | periods due | charged | duplicates |"
            + " unknown left | recovered by janitor | late, refunded | ledger diff | settled in |"
            + " mails | mails lost | mails unknown, not arrived | mails twice | Toss webhooks |"
            + " outgoing webhooks | ok |\n");
    out.append("|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|\n");
    for (TrialResult r : results) {
      out.append(
          String.format(
              Locale.ROOT,
              "| %d | %s | %s | %d | %d | %d | %d | %d | %d | %d | %d | %.1f s | %s | %d | %d | %d | %s"
                  + " | %s | %s |%n",
              r.trial(),
              r.fault().name().toLowerCase(Locale.ROOT).replace('_', ' '),
              r.happened(),
              r.subscribers(),
              r.periodsDue(),
              r.charged(),
              r.duplicates(),
              r.unknownLeft(),
              r.recoveredByJanitor(),
              r.lateApprovedRefunded(),
              r.ledgerDifferences(),
              r.settle().toMillis() / 1000.0,
              r.mails(),
              r.mailsLost(),
              r.mailsUnknownNotArrived(),
              r.mailsTwice(),
              r.tossWebhooks(),
              r.outgoingWebhooks(),
              r.ok() ? "yes" : "NO: " + String.join("; ", r.problems())));
    }
    return out.toString();
  }

  /** One line: the totals of a run. */
  static String summary(List<TrialResult> results) {
    return String.format(
        Locale.ROOT,
        "trials=%d failed=%d charged=%d duplicates=%d unknown-left=%d recovered-by-janitor=%d"
            + " mails-lost=%d mails-unknown-not-arrived=%d mails-twice=%d"
            + " outgoing-webhooks-lost=%d outgoing-webhooks-twice=%d",
        results.size(),
        results.stream().filter(r -> !r.ok()).count(),
        results.stream().mapToLong(TrialResult::charged).sum(),
        results.stream().mapToLong(TrialResult::duplicates).sum(),
        results.stream().mapToLong(TrialResult::unknownLeft).sum(),
        results.stream().mapToLong(TrialResult::recoveredByJanitor).sum(),
        results.stream().mapToLong(TrialResult::mailsLost).sum(),
        results.stream().mapToLong(TrialResult::mailsUnknownNotArrived).sum(),
        results.stream().mapToLong(TrialResult::mailsTwice).sum(),
        results.stream().mapToLong(TrialResult::hooksLost).sum(),
        results.stream().mapToLong(TrialResult::hooksTwice).sum());
  }

  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    for (Node node : nodes) {
      try {
        node.kill();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    if (chaos != null) {
      chaos.close();
    }
    if (merchant != null) {
      merchant.close();
    }
    if (toss != null) {
      toss.stop();
    }
    if (smtp != null) {
      smtp.stop();
    }
    try {
      stopPostgres();
      // the logs stay; the database is of no use after the run
      if (Files.isDirectory(postgresData)) {
        try (var files = Files.walk(postgresData)) {
          for (Path file : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
            Files.deleteIfExists(file);
          }
        }
      }
    } catch (IOException e) {
      // the folder is temporary; nothing more to do
    }
  }
}
