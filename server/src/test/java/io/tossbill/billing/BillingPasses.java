package io.tossbill.billing;

import io.tossbill.payment.ChargeAttempt;
import io.tossbill.payment.ChargeJanitor;
import io.tossbill.payment.RefundJanitor;
import io.tossbill.testclock.TestClock;
import java.time.Instant;
import java.util.List;

/**
 * The background work of the billing tests, run by hand: a renewal pass (claims, sends, waits for
 * every outcome), a janitor pass (charges, then refunds), and the claim alone (the crash seam).
 */
public class BillingPasses {

  private final RenewalWorker worker;
  private final ChargeJanitor charges;
  private final RefundJanitor refunds;
  private final TestClock clock;

  BillingPasses(
      RenewalWorker worker, ChargeJanitor charges, RefundJanitor refunds, TestClock clock) {
    this.worker = worker;
    this.charges = charges;
    this.refunds = refunds;
    this.clock = clock;
  }

  /** Renews everything due now. */
  public int runDuePass() {
    return worker.runDuePass(clock.now());
  }

  /** Renews everything due at the server's {@code now}. */
  public int runDuePass(Instant now) {
    return worker.runDuePass(now);
  }

  /** The janitors' pass at the server's {@code now}: unknown charges, then open refunds. */
  public void settleUnsettled(Instant now) {
    charges.runPass(now);
    refunds.runPass(now);
  }

  /** Claims and commits attempts without sending them. */
  public List<ChargeAttempt> claimOnly(Instant now) {
    return worker.claimOnly(now);
  }
}
