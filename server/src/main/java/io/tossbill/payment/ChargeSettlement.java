package io.tossbill.payment;

import io.tossbill.toss.DeclineKind;
import io.tossbill.toss.TossError;
import java.util.List;

/**
 * What a charge paid for reacts to its outcome. The billing module implements it; the payment
 * module calls it in the very transaction that records the outcomes (the implementation requires
 * one: {@code Propagation.MANDATORY}), so the ledger and the subscription change together or not at
 * all.
 */
public interface ChargeSettlement {

  /** A settled attempt, as the ledger is about to record it. */
  sealed interface Outcome {
    ChargeAttempt attempt();
  }

  /** Toss approved it: does it pay what it was made for? Answered by a {@link Use}. */
  record Approved(ChargeAttempt attempt) implements Outcome {}

  /**
   * Toss declined it. {@code countedDeclines} is how many of this period's attempts the customer's
   * card declined, this one included (the retries dunning has used).
   */
  record Declined(ChargeAttempt attempt, TossError error, DeclineKind kind, int countedDeclines)
      implements Outcome {}

  /** Given up because the customer's card changed after it was sent: retry on the new card. */
  record Abandoned(ChargeAttempt attempt, TossError reason) implements Outcome {}

  /**
   * Toss approved an attempt already settled otherwise, or a read-back shows the payment canceled
   * at Toss: it pays nothing and its money goes back. Noted only.
   */
  record Late(ChargeAttempt attempt, String why) implements Outcome {}

  /** What an approval is used for. */
  enum Use {
    /** It pays its period or its upgrade. */
    PAID,
    /** It pays nothing any more (the period was paid, the subscription ended): refund it. */
    NOT_NEEDED
  }

  /**
   * Applies the outcomes, in order, and answers for each one whether it is used: {@link Use#PAID}
   * for an approval that pays, {@link Use#NOT_NEEDED} for one that does not (and for every outcome
   * that is not an approval).
   */
  List<Use> settle(List<Outcome> outcomes);
}
