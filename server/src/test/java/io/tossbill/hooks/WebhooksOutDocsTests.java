package io.tossbill.hooks;

import static org.assertj.core.api.Assertions.assertThat;

import io.tossbill.billing.ChargeConsentPolicy.ChangeKind;
import io.tossbill.billing.PriceChangeScheduled;
import io.tossbill.billing.SubscriptionCancelScheduled;
import io.tossbill.billing.SubscriptionCanceled;
import io.tossbill.billing.SubscriptionCreated;
import io.tossbill.billing.SubscriptionExpired;
import io.tossbill.billing.SubscriptionId;
import io.tossbill.billing.SubscriptionPastDue;
import io.tossbill.billing.SubscriptionPaused;
import io.tossbill.billing.SubscriptionRenewed;
import io.tossbill.billing.SubscriptionResumed;
import io.tossbill.billing.SubscriptionStatus;
import io.tossbill.catalog.PlanId;
import io.tossbill.consent.ConsentAnswered;
import io.tossbill.consent.ConsentRequestId;
import io.tossbill.consent.ConsentRequested;
import io.tossbill.consent.ConsentStatus;
import io.tossbill.customer.CardBecameUnusable;
import io.tossbill.customer.CardId;
import io.tossbill.customer.CardRegistered;
import io.tossbill.customer.CardSummary;
import io.tossbill.customer.Cards;
import io.tossbill.customer.ChargeableCard;
import io.tossbill.customer.Customer;
import io.tossbill.customer.CustomerCreated;
import io.tossbill.customer.CustomerDeleted;
import io.tossbill.customer.CustomerId;
import io.tossbill.customer.CustomerUpdated;
import io.tossbill.customer.Customers;
import io.tossbill.payment.ChargePurpose;
import io.tossbill.payment.PaymentFailed;
import io.tossbill.payment.PaymentId;
import io.tossbill.payment.PaymentRefunded;
import io.tossbill.payment.PaymentSucceeded;
import io.tossbill.platform.Won;
import io.tossbill.toss.DeclineKind;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * docs/webhooks-out.md says what the code does: its verifier is the tested one, character for
 * character, and each event type has an example whose fields are the fields the server sends for
 * it.
 */
class WebhooksOutDocsTests {

  private static final Path DOC = Path.of("..", "docs", "webhooks-out.md");
  private static final Path VERIFIER =
      Path.of("src", "test", "java", "io", "tossbill", "hooks", "WebhookVerifier.java");
  private static final Pattern JAVA = Pattern.compile("```java\n(.*?)```", Pattern.DOTALL);
  private static final Pattern EXAMPLE =
      Pattern.compile("### `([a-z_.]+)`.*?```json\n(.*?)```", Pattern.DOTALL);
  private static final JsonMapper JSON = JsonMapper.builder().build();

  @Test
  void theVerifierInTheDocsIsTheOneTheTestsRun() throws IOException {
    String doc = Files.readString(DOC);
    String tested = Files.readString(VERIFIER).replaceFirst("(?s)^package [^;]+;\\s*", "");
    Matcher block = JAVA.matcher(doc);
    String shown = null;
    while (block.find()) {
      if (block.group(1).contains("public final class WebhookVerifier")) {
        shown = block.group(1);
      }
    }
    assertThat(shown).as("a java block with the verifier in " + DOC).isNotNull();
    assertThat(shown.strip()).isEqualTo(tested.strip());
  }

  @Test
  void everyEventTypeHasAnExampleWithTheFieldsTheServerSends() throws IOException {
    String doc = Files.readString(DOC);
    Map<String, JsonNode> examples = new LinkedHashMap<>();
    Matcher example = EXAMPLE.matcher(doc);
    while (example.find()) {
      examples.put(example.group(1), JSON.readTree(example.group(2)));
    }
    assertThat(examples.keySet()).containsExactlyInAnyOrderElementsOf(HookEventType.publicNames());

    HookPayloads payloads = new HookPayloads(new OneCustomer(), new OneCard());
    Set<String> checked = new TreeSet<>();
    for (Object event : oneOfEach()) {
      HookPayloads.Outgoing outgoing = payloads.of(event).orElseThrow();
      String type = outgoing.type().publicName();
      JsonNode sent = JSON.valueToTree(outgoing.data());
      JsonNode shown = examples.get(type);
      assertThat(fields(shown)).as(type).isEqualTo(fields(sent));
      for (String field : fields(sent)) {
        if (!shown.get(field).isNull() && !sent.get(field).isNull()) {
          assertThat(shown.get(field).getNodeType())
              .as(type + " " + field + ": shown " + shown.get(field) + ", sent " + sent.get(field))
              .isEqualTo(sent.get(field).getNodeType());
        }
      }
      checked.add(type);
    }
    // every example was compared with a real payload, not only listed
    assertThat(checked).containsExactlyInAnyOrderElementsOf(HookEventType.publicNames());
  }

  @Test
  void theEnvelopeExampleHasTheEnvelopesFields() throws IOException {
    String doc = Files.readString(DOC);
    Matcher envelope =
        Pattern.compile("<!-- envelope -->\\s*```json\n(.*?)```", Pattern.DOTALL).matcher(doc);
    assertThat(envelope.find()).isTrue();
    JsonNode shown = JSON.readTree(envelope.group(1));
    JsonNode real =
        JSON.valueToTree(
            new HookRecorder.Envelope(
                "evt_0", "payment.failed", Instant.EPOCH, 1, 2, 3L, Map.of("a", 1)));
    assertThat(fields(shown)).isEqualTo(fields(real));
  }

  /** One engine event of each kind the hooks send out. */
  private static List<Object> oneOfEach() {
    CustomerId customer = new CustomerId(12);
    SubscriptionId subscription = new SubscriptionId(34);
    PlanId plan = new PlanId(2);
    LocalDate start = LocalDate.of(2026, 3, 1);
    LocalDate end = LocalDate.of(2026, 4, 1);
    Instant at = Instant.parse("2026-03-01T00:00:04Z");
    return List.of(
        new CustomerCreated(customer),
        new CustomerUpdated(customer),
        new CustomerDeleted(customer),
        new CardRegistered(customer, new CardId(5), new CardId(4)),
        new CardBecameUnusable(customer, new CardId(5), "BILLING_DELETED"),
        new SubscriptionCreated(
            subscription, customer, plan, SubscriptionStatus.ACTIVE, start, end, Won.of(9900), at),
        new SubscriptionRenewed(subscription, customer, plan, 3, start, end, Won.of(9900)),
        new SubscriptionPastDue(subscription, customer, plan, 3, "REJECT_CARD_COMPANY", "SOFT", at),
        new SubscriptionPaused(subscription, customer, plan, at),
        new SubscriptionResumed(subscription, customer, plan, start, end, at),
        new SubscriptionCancelScheduled(
            subscription, customer, plan, end, Instant.parse("2026-04-01T00:00:00Z"), at),
        new SubscriptionCanceled(subscription, customer, plan, "REQUESTED", at),
        new SubscriptionExpired(subscription, customer, plan, "DUNNING_EXHAUSTED", at),
        new PriceChangeScheduled(
            subscription, customer, plan, "프로", Won.of(9900), Won.of(12900), end, at, false),
        new PaymentSucceeded(
            new PaymentId(56),
            34,
            customer,
            ChargePurpose.PERIOD,
            3,
            start,
            end,
            "tb1-s34-p3-a1",
            Won.of(9900),
            Won.of(900),
            at,
            "https://example.com/receipt"),
        new PaymentFailed(
            new PaymentId(57),
            34,
            customer,
            ChargePurpose.PERIOD,
            3,
            1,
            "tb1-s34-p3-a1",
            Won.of(9900),
            "REJECT_CARD_COMPANY",
            "카드사에서 거절했습니다.",
            DeclineKind.SOFT),
        new PaymentRefunded(
            new PaymentId(56),
            8,
            34,
            customer,
            Won.of(3300),
            Won.of(3300),
            "PRORATED_CANCEL",
            false),
        new ConsentRequested(
            new ConsentRequestId(9),
            subscription,
            customer,
            ChangeKind.PRICE_INCREASE,
            end,
            at,
            Won.of(9900),
            Won.of(12900),
            "신한카드 1234",
            "text",
            "0".repeat(64),
            false),
        new ConsentAnswered(
            new ConsentRequestId(9),
            subscription,
            customer,
            ChangeKind.PRICE_INCREASE,
            ConsentStatus.ACCEPTED,
            end,
            at),
        new ConsentAnswered(
            new ConsentRequestId(9),
            subscription,
            customer,
            ChangeKind.PRICE_INCREASE,
            ConsentStatus.DECLINED,
            end,
            at),
        new ConsentAnswered(
            new ConsentRequestId(9),
            subscription,
            customer,
            ChangeKind.PRICE_INCREASE,
            ConsentStatus.WITHDRAWN,
            end,
            at));
  }

  private static Set<String> fields(JsonNode node) {
    return new TreeSet<>(node.propertyNames());
  }

  private static final class OneCustomer implements Customers {
    @Override
    public Customer require(CustomerId id) {
      return new Customer(
          id,
          "ck_x",
          "kim@example.com",
          "김토스",
          "user-12",
          Instant.parse("2026-01-01T00:00:00Z"),
          Locale.KOREAN);
    }

    @Override
    public Map<CustomerId, Customer> findLive(Collection<CustomerId> ids) {
      return ids.stream().distinct().collect(Collectors.toMap(id -> id, this::require));
    }

    @Override
    public Optional<Customer> findByCustomerKey(String customerKey) {
      return Optional.empty();
    }

    @Override
    public Optional<Customer> findByExternalId(String externalId) {
      return Optional.empty();
    }

    @Override
    public Customer create(
        @Nullable String email,
        @Nullable String name,
        @Nullable String externalId,
        @Nullable Locale locale) {
      throw new UnsupportedOperationException();
    }
  }

  private static final class OneCard implements Cards {
    @Override
    public Optional<ChargeableCard> chargeableCard(CustomerId id) {
      return Optional.empty();
    }

    @Override
    public Map<CustomerId, ChargeableCard> chargeableCards(Collection<CustomerId> ids) {
      return Map.of();
    }

    @Override
    public Optional<CardSummary> currentCard(CustomerId id) {
      return Optional.of(new CardSummary("4V", "신한", "43301234****123*", "신용", "개인"));
    }

    @Override
    public CardSummary registerCard(CustomerId id, String authKey, String returnedCustomerKey) {
      throw new UnsupportedOperationException();
    }
  }
}
