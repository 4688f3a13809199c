package io.tossbill.abuse;

import static org.assertj.core.api.Assertions.assertThat;

import io.tossbill.abuse.AbuseFixture.Principal;
import io.tossbill.abuse.Routes.Route;
import io.tossbill.billing.Subscriptions;
import io.tossbill.catalog.CatalogService;
import io.tossbill.consent.Consents;
import io.tossbill.coupon.Coupons;
import io.tossbill.customer.Cards;
import io.tossbill.customer.CustomerId;
import io.tossbill.customer.Customers;
import io.tossbill.hooks.HookEndpoints;
import io.tossbill.portal.HostedSessions;
import io.tossbill.security.ApiKeys;
import io.tossbill.security.Staff;
import io.tossbill.testing.CardWindow;
import io.tossbill.testing.PageClient;
import io.tossbill.testing.ServerHttp;
import io.tossbill.testing.TestMailServer;
import io.tossbill.testing.TestSandbox;
import jakarta.mail.internet.MimeMessage;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.web.servlet.mvc.method.RequestMappingInfoHandlerMapping;

/**
 * After a lifecycle through the pages (sign-ups, cards registered in the card window, subscriptions
 * charged, consents asked, links opened, keys made, a webhook endpoint's secret rolled), no billing
 * key, Toss secret key, card number, API key or encryption key is in the log of the run, in any
 * page any principal can read, in any mail sent, or in a dump of every table; billing keys are in
 * the database encrypted only. An outgoing webhook signing secret ({@code whsec_…}) is shown once,
 * right after its endpoint is made or its secret rolled, and is then in no log, page or mail, and
 * in the database only in its endpoint's row (it signs the deliveries). (The log of a lifecycle
 * down to DEBUG is SecretsNeverLoggedIntegrationTests' part.)
 */
@AbuseIntegrationTest
@ExtendWith(OutputCaptureExtension.class)
class SecretsNowhereIntegrationTests {

  @LocalServerPort int port;
  @Autowired List<RequestMappingInfoHandlerMapping> mappings;
  @Autowired CatalogService catalog;
  @Autowired Subscriptions subscriptions;
  @Autowired Consents consents;
  @Autowired Customers customers;
  @Autowired HostedSessions sessions;
  @Autowired ApiKeys apiKeys;
  @Autowired Staff staff;
  @Autowired Coupons coupons;
  @Autowired HookEndpoints hooks;
  @Autowired Cards cards;
  @Autowired JdbcClient jdbc;

  /** How every outgoing webhook signing secret begins. */
  static final String WEBHOOK_SECRET = "whsec_";

  @Value("${tossbill.customer.encryption-keys}")
  String encryptionKeys;

  @Test
  void noSecretInAnyLogPageMailOrTableAndBillingKeysEncryptedAtRest(CapturedOutput output)
      throws Exception {
    AbuseFixture fixture =
        new AbuseFixture(
                port,
                catalog,
                subscriptions,
                consents,
                customers,
                sessions,
                apiKeys,
                staff,
                coupons,
                hooks,
                jdbc)
            .build();
    List<String> billingKeys = new ArrayList<>();
    for (long customer : List.of(fixture.a.customerId(), fixture.b.customerId())) {
      billingKeys.add(cards.chargeableCard(new CustomerId(customer)).orElseThrow().billingKey());
    }
    String newKey = apiKeys.create("secrets scan", io.tossbill.security.ApiKeyRole.ADMIN).key();
    List<String> secrets = new ArrayList<>(billingKeys);
    secrets.add(TestSandbox.SECRET_KEY);
    secrets.add(ServerHttp.ADMIN_KEY);
    secrets.add(fixture.merchantKey);
    secrets.add(newKey);
    secrets.add(CardWindow.GOOD_CARD);
    secrets.add(encryptionKeys.substring(encryptionKeys.indexOf(':') + 1));

    // outgoing webhook signing secrets: shown once, right after an endpoint is made or its secret
    // rolled (a page, an API answer), and never again
    List<String> hookSecrets = new ArrayList<>();
    hookSecrets.add(fixture.hookSecret);
    PageClient admin = fixture.clients.get(Principal.ADMIN);
    String endpointPage = "/admin/webhook-endpoints/" + fixture.hookId;
    PageClient.Page rolled = admin.submit(endpointPage + "/roll-secret", Map.of());
    String shown = rolled.text("#new-secret");
    assertThat(shown).startsWith(WEBHOOK_SECRET).isNotEqualTo(fixture.hookSecret);
    assertThat(rolled.body()).containsOnlyOnce(shown);
    hookSecrets.add(shown);
    assertThat(admin.get(endpointPage).body()).as("the page again").doesNotContain(WEBHOOK_SECRET);
    PageClient.Page made =
        fixture
            .clients
            .get(Principal.ADMIN_KEY)
            .request(
                "POST",
                "/api/v1/webhook-endpoints",
                "application/json",
                "application/json",
                "{\"url\":\"" + AbuseFixture.HOOK_URL + "\",\"eventTypes\":[\"customer.deleted\"]}",
                fixture.authorization(Principal.ADMIN_KEY));
    assertThat(made.status()).as(made.body()).isEqualTo(201);
    String answered =
        made.body().replaceAll("(?s).*\"secret\":\"(" + WEBHOOK_SECRET + "[^\"]+)\".*", "$1");
    assertThat(answered).startsWith(WEBHOOK_SECRET);
    assertThat(made.body()).containsOnlyOnce(answered);
    hookSecrets.add(answered);

    // every page every principal can read, with A's ids
    StringBuilder pages = new StringBuilder();
    int read = 0;
    for (Route route : Routes.all(mappings)) {
      if (!route.reads() || route.pattern().contains("/s/{token}")) {
        continue;
      }
      for (Principal who : Principal.values()) {
        PageClient client = fixture.clients.get(who);
        PageClient.Page page =
            client.request(
                "GET",
                route.path(segment -> fixture.idOfA(route, segment)),
                route.isPage() ? "text/html" : "application/json",
                null,
                null,
                fixture.authorization(who));
        pages.append(page.location()).append('\n').append(page.body()).append('\n');
        read++;
      }
    }
    assertThat(read).isGreaterThan(500);

    StringBuilder mails = new StringBuilder();
    for (MimeMessage message : TestMailServer.get().getReceivedMessages()) {
      ByteArrayOutputStream raw = new ByteArrayOutputStream();
      message.writeTo(raw);
      mails.append(raw.toString(java.nio.charset.StandardCharsets.UTF_8)).append('\n');
    }
    assertThat(mails).as("mails were sent").isNotEmpty();

    StringBuilder dump = new StringBuilder();
    for (String table :
        jdbc.sql(
                "select table_name from information_schema.tables where table_schema = 'public'"
                    + " and table_type = 'BASE TABLE' order by table_name")
            .query(String.class)
            .list()) {
      jdbc.sql("select t::text from \"" + table + "\" t")
          .query(String.class)
          .list()
          .forEach(row -> dump.append(table).append(' ').append(row).append('\n'));
    }

    Map<String, String> places =
        Map.of(
            "the log", output.getAll(),
            "a page", pages.toString(),
            "a mail", mails.toString(),
            "the database dump", dump.toString());
    SoftAssertions softly = new SoftAssertions();
    // the signing secrets sign the deliveries, so the endpoint's row holds them; nowhere else
    places.forEach(
        (place, text) -> {
          if (place.equals("the database dump")) {
            softly
                .assertThat(
                    text.lines()
                        .filter(row -> row.contains(WEBHOOK_SECRET))
                        .filter(row -> !row.startsWith("hook_endpoint "))
                        .toList())
                .as("webhook secrets in the database beside the endpoints' own rows")
                .isEmpty();
            return;
          }
          for (String secret : hookSecrets) {
            softly
                .assertThat(text)
                .as("a webhook secret (%s…) in %s", secret.substring(0, 9), place)
                .doesNotContain(secret);
          }
          softly
              .assertThat(text)
              .as("a webhook secret in %s", place)
              .doesNotContain(WEBHOOK_SECRET);
        });
    places.forEach(
        (place, text) -> {
          for (String secret : secrets) {
            softly
                .assertThat(text)
                .as("a secret (%s…) in %s", secret.substring(0, 6), place)
                .doesNotContain(secret);
          }
          softly
              .assertThat(text)
              .as("a card number in %s", place)
              .doesNotContainPattern("4330[ -]?1234[ -]?1234[ -]?1234");
        });
    softly.assertAll();

    List<String> stored = jdbc.sql("select billing_key from card").query(String.class).list();
    assertThat(stored).isNotEmpty();
    assertThat(stored)
        .as("billing keys at rest: keyId:base64(iv‖ciphertext‖tag)")
        .allMatch(value -> value.matches("[A-Za-z0-9_-]+:[A-Za-z0-9+/]+=*"));
    java.nio.file.Files.createDirectories(java.nio.file.Path.of("target/abuse"));
    java.nio.file.Files.writeString(
        java.nio.file.Path.of("target/abuse/secrets.txt"),
        "secrets-scan secrets=%d pages=%d mails=%d dump-rows=%d log-lines=%d found=0 billing-keys-encrypted=%d/%d%n"
            .formatted(
                secrets.size() + hookSecrets.size(),
                read,
                TestMailServer.get().getReceivedMessages().length,
                dump.toString().lines().count(),
                output.getAll().lines().count(),
                stored.size(),
                stored.size()));
  }
}
