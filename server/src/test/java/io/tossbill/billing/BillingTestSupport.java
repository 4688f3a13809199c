package io.tossbill.billing;

import io.tossbill.customer.Cards;
import io.tossbill.customer.CustomerId;
import io.tossbill.customer.Customers;
import io.tossbill.testclock.TestClock;
import java.net.http.HttpResponse;
import java.util.Collection;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.springframework.context.ApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

/**
 * The billing test fixture and a billing pass for other modules' tests (consent): plans, customers
 * with a card through the sandbox window, their test clocks, HTTP with the admin key, the sandbox
 * ledger.
 */
public final class BillingTestSupport {

  public static final String GOOD_CARD = BillingFixture.GOOD_CARD;
  public static final String SOFT_DECLINE_CARD = BillingFixture.SOFT_DECLINE_CARD;

  private final BillingFixture fixture;
  private final BillingPasses engine;

  public BillingTestSupport(int port, ApplicationContext context) {
    this.fixture =
        new BillingFixture(
            port,
            context.getBean(Customers.class),
            context.getBean(Cards.class),
            context.getBean(TestClock.class),
            context.getBean(JdbcClient.class));
    this.engine = context.getBean(BillingPasses.class);
  }

  /** Runs one billing pass now, as the engine's loop would. */
  public int runDuePass() {
    return engine.runDuePass();
  }

  public long plan(String name, long price, String unit, int count, int trialDays) {
    return fixture.plan(name, price, unit, count, trialDays, false);
  }

  public CustomerId customerAt(String now, String cardNumber) {
    return fixture.customerAt(now, cardNumber);
  }

  public void moveTo(CustomerId id, String instant) {
    fixture.moveTo(id, instant);
  }

  /** Registers another card as the customer's current one (through the sandbox's window). */
  public void registerCard(CustomerId id, String cardNumber) {
    fixture.registerCard(id, cardNumber);
  }

  public HttpResponse<String> send(String method, String path, @Nullable String body) {
    return fixture.send(method, path, body);
  }

  public JsonNode ok(String method, String path, @Nullable String body) {
    return fixture.ok(method, path, body);
  }

  public List<JsonNode> ledger(Collection<String> orderIds) {
    return fixture.ledger(orderIds);
  }

  public static void assertRefused(HttpResponse<String> response, int status, String code) {
    BillingFixture.assertRefused(response, status, code);
  }

  public static JsonNode json(HttpResponse<String> response) {
    return BillingFixture.json(response);
  }
}
