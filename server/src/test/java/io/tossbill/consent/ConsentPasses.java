package io.tossbill.consent;

import org.springframework.context.ApplicationContext;

/**
 * The consent sending pass, for tests of other modules in a context where the sending loop is off
 * (as in every test context): what the db-scheduler job would run.
 */
public final class ConsentPasses {

  private ConsentPasses() {}

  /** Sends the requests (and reminders) due now; returns how many were sent. */
  public static int sendDue(ApplicationContext context) {
    return context.getBean(ConsentSender.class).sendDue();
  }
}
