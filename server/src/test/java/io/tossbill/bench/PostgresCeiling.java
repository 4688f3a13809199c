package io.tossbill.bench;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The machine's PostgreSQL ceiling for the renewal's database work, without any gateway call,
 * measured on the server's own connection pool in the same run.
 *
 * <p>The server's {@code subscription}, {@code subscription_history} and {@code payment} tables are
 * copied into a scratch schema {@code bench} (same columns, checks, indexes and foreign keys; the
 * subscription rows are the ones the benchmark just created), so the real tables are never touched.
 * One renewal is the engine's statement pattern in two transactions:
 *
 * <ol>
 *   <li>claim + attempt: {@code SELECT ... FOR UPDATE SKIP LOCKED} of due subscriptions, and for
 *       each an attempt {@code INSERT}, the subscription {@code UPDATE} (version compare-and-set)
 *       and a history {@code INSERT};
 *   <li>outcome: the subscription locked by id, the attempt {@code UPDATE}d to APPROVED, the
 *       subscription {@code UPDATE}d to paid, and a history {@code INSERT}.
 * </ol>
 *
 * Run in three {@link Variant}s (one renewal per pair of transactions; 100 per transaction row by
 * row; 100 per transaction set-based), by {@code workers} concurrent threads until no row is due.
 */
final class PostgresCeiling {

  /** How the renewals' statements are grouped into transactions. */
  enum Variant {
    /** One renewal per pair of transactions, one statement per row: the engine's outcome write. */
    ONE_PER_TRANSACTION(1, "1 renewal per 2 tx"),
    /** 100 renewals per transaction, still one statement per row: the engine's claim. */
    ROW_BY_ROW_100(100, "100 per tx, row by row"),
    /** 100 renewals per transaction in a few set-based statements (data-modifying CTEs). */
    SET_BASED_100(100, "100 per tx, set-based");

    final int perTransaction;
    final String label;

    Variant(int perTransaction, String label) {
      this.perTransaction = perTransaction;
      this.label = label;
    }
  }

  /** What one run measured. */
  record Result(
      Variant variant, long renewals, long transactions, Duration elapsed, CpuUsage.Split cpu) {

    double renewalsPerSecond() {
      return renewals / seconds();
    }

    double transactionsPerSecond() {
      return transactions / seconds();
    }

    private double seconds() {
      return Math.max(elapsed.toNanos(), 1) / 1e9;
    }
  }

  private static final String CLAIM =
      """
      SELECT id, customer_id, period_no, period_start, period_end, price, version
      FROM bench.subscription
      WHERE due_at <= :now
      ORDER BY due_at
      LIMIT :limit
      FOR UPDATE SKIP LOCKED
      """;

  private static final String INSERT_ATTEMPT =
      """
      INSERT INTO bench.payment (subscription_id, customer_id, purpose, period_no, attempt_no, period_start,
                                 period_end, order_id, idempotency_key, order_name, amount, status, requested_at,
                                 next_check_at)
      VALUES (:subscriptionId, :customerId, 'PERIOD', :periodNo, 1, :periodStart, :periodEnd, :orderId,
              :idempotencyKey, 'bench', :amount, 'PENDING', :now, :nextCheckAt)
      RETURNING id
      """;

  private static final String START_PERIOD =
      """
      UPDATE bench.subscription SET period_no = :periodNo, due_at = :nextActionAt, updated_at = :now,
                                    version = version + 1
      WHERE id = :id AND version = :version
      """;

  private static final String HISTORY =
      """
      INSERT INTO bench.subscription_history (subscription_id, occurred_at, kind, from_status, to_status, period_no, detail)
      VALUES (:subscriptionId, :now, :kind, 'ACTIVE', 'ACTIVE', :periodNo, 'bench')
      """;

  private static final String LOCK =
      "SELECT version FROM bench.subscription WHERE id = :id FOR UPDATE";

  private static final String APPROVE =
      """
      UPDATE bench.payment
      SET status = 'APPROVED', payment_key = :paymentKey, approved_at = :now, receipt_url = 'https://bench',
          vat = 900, supplied_amount = 9000, refunded_amount = 0, settled_at = :now, next_check_at = NULL
      WHERE id = :id AND status IN ('PENDING', 'UNKNOWN')
      """;

  private static final String PAID =
      """
      UPDATE bench.subscription SET paid_period_no = period_no, due_at = NULL, updated_at = :now,
                                    version = version + 1
      WHERE id = :id AND version = :version
      """;

  // The set-based claim + attempt: one statement claims, starts the period, records the attempts
  // and the history of up to :limit subscriptions.
  private static final String CLAIM_SET =
      """
      WITH due AS (
        SELECT id FROM bench.subscription
        WHERE due_at <= :now
        ORDER BY due_at
        LIMIT :limit
        FOR UPDATE SKIP LOCKED
      ), started AS (
        UPDATE bench.subscription s
        SET period_no = s.period_no + 1, due_at = :later, updated_at = :now, version = s.version + 1
        FROM due WHERE s.id = due.id
        RETURNING s.id, s.customer_id, s.period_no, s.period_start, s.period_end, s.price
      ), attempts AS (
        INSERT INTO bench.payment (subscription_id, customer_id, purpose, period_no, attempt_no, period_start,
                                   period_end, order_id, idempotency_key, order_name, amount, status,
                                   requested_at, next_check_at)
        SELECT id, customer_id, 'PERIOD', period_no, 1, period_start, period_end,
               'bench-s' || id || '-p' || period_no || '-a1', 'tossbill-charge-bench-s' || id || '-p' || period_no || '-a1',
               'bench', price, 'PENDING', :now, :later
        FROM started
        RETURNING id, subscription_id, period_no
      ), history AS (
        INSERT INTO bench.subscription_history (subscription_id, occurred_at, kind, from_status, to_status,
                                                period_no, detail)
        SELECT id, :now, 'PERIOD_STARTED', 'ACTIVE', 'ACTIVE', period_no, 'bench' FROM started
      )
      SELECT id, subscription_id, period_no FROM attempts
      """;

  private static final String LOCK_SET =
      "SELECT id FROM bench.subscription WHERE id IN (:ids) ORDER BY id FOR UPDATE";

  private static final String APPROVE_SET =
      """
      UPDATE bench.payment
      SET status = 'APPROVED', payment_key = 'bench-' || id, approved_at = :now, receipt_url = 'https://bench',
          vat = 900, supplied_amount = 9000, refunded_amount = 0, settled_at = :now, next_check_at = NULL
      WHERE id IN (:ids) AND status IN ('PENDING', 'UNKNOWN')
      """;

  private static final String PAID_SET =
      """
      WITH paid AS (
        UPDATE bench.subscription SET paid_period_no = period_no, due_at = NULL, updated_at = :now,
                                      version = version + 1
        WHERE id IN (:ids)
        RETURNING id, period_no
      )
      INSERT INTO bench.subscription_history (subscription_id, occurred_at, kind, from_status, to_status,
                                              period_no, detail)
      SELECT id, :now, 'PERIOD_PAID', 'ACTIVE', 'ACTIVE', period_no, 'bench' FROM paid
      """;

  // wall time of the scratch rows: the ceiling is measured outside any test clock
  private final Clock clock = Clock.systemUTC();
  private final JdbcClient jdbc;
  private final TransactionTemplate transactions;
  private final int workers;
  private final Duration timeout;
  private final CpuUsage cpu;

  PostgresCeiling(
      JdbcClient jdbc,
      TransactionTemplate transactions,
      int workers,
      Duration timeout,
      CpuUsage cpu) {
    this.jdbc = jdbc;
    this.transactions = transactions;
    this.workers = workers;
    this.timeout = timeout;
    this.cpu = cpu;
  }

  /** Copies the tables, runs every variant over every subscription, drops the copies. */
  List<Result> measure() {
    createScratchTables();
    try {
      List<Result> results = new ArrayList<>();
      for (Variant variant : Variant.values()) {
        makeAllDue();
        results.add(run(variant));
      }
      return results;
    } finally {
      jdbc.sql("DROP SCHEMA IF EXISTS bench CASCADE").update();
    }
  }

  private void createScratchTables() {
    jdbc.sql("DROP SCHEMA IF EXISTS bench CASCADE").update();
    jdbc.sql("CREATE SCHEMA bench").update();
    for (String table : List.of("subscription", "subscription_history", "payment")) {
      jdbc.sql("CREATE TABLE bench." + table + " (LIKE public." + table + " INCLUDING ALL)")
          .update();
    }
    jdbc.sql(
            "ALTER TABLE bench.subscription_history ADD FOREIGN KEY (subscription_id)"
                + " REFERENCES bench.subscription (id)")
        .update();
    jdbc.sql(
            "ALTER TABLE bench.payment ADD FOREIGN KEY (subscription_id)"
                + " REFERENCES bench.subscription (id)")
        .update();
    jdbc.sql("INSERT INTO bench.subscription OVERRIDING SYSTEM VALUE SELECT * FROM subscription")
        .update();
    jdbc.sql(
            "INSERT INTO bench.subscription_history OVERRIDING SYSTEM VALUE"
                + " SELECT * FROM subscription_history")
        .update();
    jdbc.sql("INSERT INTO bench.payment OVERRIDING SYSTEM VALUE SELECT * FROM payment").update();
    for (String table : List.of("subscription", "subscription_history", "payment")) {
      // The copies' identity sequences start at 1: move them past the copied ids.
      jdbc.sql(
              "SELECT setval(pg_get_serial_sequence('bench."
                  + table
                  + "', 'id'), (SELECT coalesce(max(id), 0) + 1 FROM bench."
                  + table
                  + "), false)")
          .query(Long.class)
          .single();
    }
  }

  private void makeAllDue() {
    jdbc.sql("UPDATE bench.subscription SET due_at = :due")
        .param("due", Timestamp.from(clock.instant().minusSeconds(60)))
        .update();
    jdbc.sql("VACUUM ANALYZE bench.subscription").update();
    jdbc.sql("VACUUM ANALYZE bench.payment").update();
    jdbc.sql("VACUUM ANALYZE bench.subscription_history").update();
  }

  private record Claimed(long id, long paymentId, int periodNo) {}

  private Result run(Variant variant) {
    int perTransaction = variant.perTransaction;
    boolean setBased = variant == Variant.SET_BASED_100;
    long rows = jdbc.sql("SELECT count(*) FROM bench.subscription").query(Long.class).single();
    // Bounded: every worker stops when nothing is due, after this many rounds, or at the deadline.
    long maxRounds = rows / perTransaction + 2;
    long deadline = System.nanoTime() + timeout.toNanos();
    AtomicLong renewals = new AtomicLong();
    AtomicLong commits = new AtomicLong();
    CpuUsage.Sample cpuBefore = cpu.sample();
    long start = System.nanoTime();
    try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
      List<Future<?>> futures = new ArrayList<>();
      for (int w = 0; w < workers; w++) {
        futures.add(
            threads.submit(
                () -> {
                  for (long round = 0; round < maxRounds && System.nanoTime() < deadline; round++) {
                    List<Claimed> claimed =
                        transactions.execute(
                            s -> setBased ? claimSet(perTransaction) : claim(perTransaction));
                    commits.incrementAndGet();
                    if (claimed == null || claimed.isEmpty()) {
                      return;
                    }
                    transactions.executeWithoutResult(
                        s -> {
                          if (setBased) {
                            outcomeSet(claimed);
                          } else {
                            claimed.forEach(this::outcome);
                          }
                        });
                    commits.incrementAndGet();
                    renewals.addAndGet(claimed.size());
                  }
                }));
      }
      for (Future<?> future : futures) {
        future.get(timeout.toMillis() + 10_000, TimeUnit.MILLISECONDS);
      }
    } catch (Exception e) {
      throw new IllegalStateException("PostgreSQL ceiling run failed", e);
    }
    Duration elapsed = Duration.ofNanos(System.nanoTime() - start);
    CpuUsage.Split used = CpuUsage.between(cpuBefore, cpu.sample());
    if (renewals.get() != rows) {
      throw new IllegalStateException(
          "PostgreSQL ceiling renewed " + renewals.get() + " of " + rows + " rows");
    }
    // The last empty claim of each worker is a transaction too, but no renewal's work: not counted.
    return new Result(variant, renewals.get(), commits.get() - workers, elapsed, used);
  }

  private List<Claimed> claimSet(int limit) {
    Timestamp now = Timestamp.from(clock.instant());
    return jdbc.sql(CLAIM_SET)
        .param("now", now)
        .param("later", Timestamp.from(now.toInstant().plusSeconds(30)))
        .param("limit", limit)
        .query(
            (rs, n) ->
                new Claimed(
                    rs.getLong("subscription_id"), rs.getLong("id"), rs.getInt("period_no")))
        .list();
  }

  private void outcomeSet(List<Claimed> claimed) {
    Timestamp now = Timestamp.from(clock.instant());
    List<Long> ids = claimed.stream().map(Claimed::id).toList();
    List<Long> paymentIds = claimed.stream().map(Claimed::paymentId).toList();
    int locked = jdbc.sql(LOCK_SET).param("ids", ids).query(Long.class).list().size();
    int approved = jdbc.sql(APPROVE_SET).param("now", now).param("ids", paymentIds).update();
    int paid = jdbc.sql(PAID_SET).param("now", now).param("ids", ids).update();
    if (locked != claimed.size() || approved != claimed.size() || paid != claimed.size()) {
      throw new IllegalStateException("bench renewals were not applied once");
    }
  }

  private List<Claimed> claim(int limit) {
    Timestamp now = Timestamp.from(clock.instant());
    Timestamp later = Timestamp.from(clock.instant().plusSeconds(30));
    List<Object[]> due =
        jdbc.sql(CLAIM)
            .param("now", now)
            .param("limit", limit)
            .query(
                (rs, n) ->
                    new Object[] {
                      rs.getLong("id"),
                      rs.getLong("customer_id"),
                      rs.getInt("period_no"),
                      rs.getObject("period_start"),
                      rs.getObject("period_end"),
                      rs.getLong("price"),
                      rs.getLong("version")
                    })
            .list();
    List<Claimed> claimed = new ArrayList<>(due.size());
    for (Object[] row : due) {
      long id = (Long) row[0];
      int periodNo = (Integer) row[2] + 1;
      String orderId = "bench-s" + id + "-p" + periodNo + "-a1";
      long paymentId =
          jdbc.sql(INSERT_ATTEMPT)
              .param("subscriptionId", id)
              .param("customerId", row[1])
              .param("periodNo", periodNo)
              .param("periodStart", row[3])
              .param("periodEnd", row[4])
              .param("orderId", orderId)
              .param("idempotencyKey", "tossbill-charge-" + orderId)
              .param("amount", row[5])
              .param("now", now)
              .param("nextCheckAt", later)
              .query(Long.class)
              .single();
      int updated =
          jdbc.sql(START_PERIOD)
              .param("periodNo", periodNo)
              .param("nextActionAt", later)
              .param("now", now)
              .param("id", id)
              .param("version", row[6])
              .update();
      if (updated != 1) {
        throw new IllegalStateException("bench subscription " + id + " changed concurrently");
      }
      history(id, "PERIOD_STARTED", periodNo, now);
      claimed.add(new Claimed(id, paymentId, periodNo));
    }
    return claimed;
  }

  private void outcome(Claimed claimed) {
    Timestamp now = Timestamp.from(clock.instant());
    long version =
        jdbc.sql(LOCK).param("id", claimed.id()).query(Long.class).optional().orElseThrow();
    int approved =
        jdbc.sql(APPROVE)
            .param("paymentKey", "bench-" + claimed.paymentId())
            .param("now", now)
            .param("id", claimed.paymentId())
            .update();
    int paid =
        jdbc.sql(PAID)
            .param("now", now)
            .param("id", claimed.id())
            .param("version", version)
            .update();
    if (approved != 1 || paid != 1) {
      throw new IllegalStateException("bench renewal " + claimed + " was not applied once");
    }
    history(claimed.id(), "PERIOD_PAID", claimed.periodNo(), now);
  }

  private void history(long subscriptionId, String kind, int periodNo, Timestamp now) {
    jdbc.sql(HISTORY)
        .param("subscriptionId", subscriptionId)
        .param("now", now)
        .param("kind", kind)
        .param("periodNo", periodNo)
        .update();
  }
}
