package io.tossbill.consent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.tossbill.billing.BillingTestSupport;
import io.tossbill.billing.HistoryEntry;
import io.tossbill.billing.SubscriptionId;
import io.tossbill.billing.SubscriptionView;
import io.tossbill.billing.Subscriptions;
import io.tossbill.catalog.PlanId;
import io.tossbill.customer.Cards;
import io.tossbill.customer.CustomerId;
import java.time.Duration;
import java.util.List;
import java.util.function.Predicate;
import java.util.stream.StreamSupport;
import org.springframework.context.ApplicationContext;
import tools.jackson.databind.JsonNode;

/** Subscriptions, price changes and consent answers through the API, for the consent tests. */
final class ConsentFixture {

  final BillingTestSupport billing;
  private final Subscriptions subscriptions;
  private final Cards cards;
  private final Consents consents;
  private final ConsentSender sender;

  ConsentFixture(int port, ApplicationContext context) {
    this.billing = new BillingTestSupport(port, context);
    this.subscriptions = context.getBean(Subscriptions.class);
    this.cards = context.getBean(Cards.class);
    this.consents = context.getBean(Consents.class);
    this.sender = context.getBean(ConsentSender.class);
  }

  /**
   * A customer at {@code now} subscribed to {@code plan} (charged at once unless the plan has a
   * trial).
   */
  SubscriptionId subscribed(long plan, String now) {
    CustomerId customer = billing.customerAt(now, BillingTestSupport.GOOD_CARD);
    return new SubscriptionId(subscriptions.subscribe(customer, new PlanId(plan)).id());
  }

  SubscriptionView view(SubscriptionId id) {
    return subscriptions.view(id);
  }

  CustomerId customer(SubscriptionId id) {
    return new CustomerId(view(id).customerId());
  }

  void moveTo(SubscriptionId id, String instant) {
    billing.moveTo(customer(id), instant);
  }

  void changePrice(long plan, long price) {
    billing.ok(
        "POST",
        "/api/v1/plans/" + plan + "/price",
        "{\"price\":" + price + ",\"applyToExistingSubscriptions\":true}");
  }

  /** The card as a consent text shows it. */
  String paymentMethod(SubscriptionId id) {
    return cards
        .currentCard(customer(id))
        .map(c -> c.issuerName() + " " + c.maskedNumber())
        .orElseThrow();
  }

  List<JsonNode> requests(SubscriptionId id) {
    JsonNode list = billing.ok("GET", "/api/v1/subscriptions/" + id.value() + "/consents", null);
    return StreamSupport.stream(list.spliterator(), false).toList();
  }

  /**
   * Waits for the asynchronous reaction (outbox) that creates a request matching {@code matching}.
   */
  JsonNode awaitRequest(SubscriptionId id, Predicate<JsonNode> matching) {
    await().atMost(Duration.ofSeconds(10)).until(() -> requests(id).stream().anyMatch(matching));
    return requests(id).stream().filter(matching).reduce((a, b) -> b).orElseThrow();
  }

  JsonNode awaitRequest(SubscriptionId id, String status) {
    return awaitRequest(id, r -> r.get("status").asString().equals(status));
  }

  JsonNode accept(JsonNode request) {
    return billing.ok(
        "POST",
        "/api/v1/consents/" + request.get("id").asLong() + "/accept",
        "{\"textHash\":\""
            + request.get("textHash").asString()
            + "\",\"channel\":\"web\",\"ip\":\"203.0.113.7\"}");
  }

  List<ConsentHistoryEntry> consentHistory(SubscriptionId id) {
    return consents.history(id);
  }

  /** The actions of the subscription's consent history, oldest first. */
  List<String> consentActions(SubscriptionId id) {
    return consentHistory(id).stream().map(ConsentHistoryEntry::action).toList();
  }

  List<String> subscriptionHistory(SubscriptionId id) {
    return subscriptions.history(id).stream().map(HistoryEntry::kind).toList();
  }

  int sendDue() {
    return sender.sendDue();
  }

  static void assertTextHash(JsonNode request) {
    assertThat(request.get("textHash").asString())
        .isEqualTo(ConsentTexts.hash(request.get("shownText").asString()));
  }
}
