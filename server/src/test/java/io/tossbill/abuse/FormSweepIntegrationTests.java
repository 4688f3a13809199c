package io.tossbill.abuse;

import static org.assertj.core.api.Assertions.assertThat;

import io.tossbill.abuse.AbuseFixture.Principal;
import io.tossbill.abuse.Routes.Route;
import io.tossbill.billing.Subscriptions;
import io.tossbill.catalog.CatalogService;
import io.tossbill.consent.Consents;
import io.tossbill.coupon.Coupons;
import io.tossbill.customer.Customers;
import io.tossbill.hooks.HookEndpoints;
import io.tossbill.portal.HostedSession;
import io.tossbill.portal.HostedSessions;
import io.tossbill.security.ApiKeys;
import io.tossbill.security.Staff;
import io.tossbill.testing.DatabaseSnapshot;
import io.tossbill.testing.PageClient;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.assertj.core.api.SoftAssertions;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.web.servlet.mvc.method.RequestMappingInfoHandlerMapping;

/**
 * Every HTML form of the server (the POST routes of the pages, from the handler mappings), sent by
 * the principal it is for (A for /my, an ADMIN for /admin, A's checkout link for /checkout, nobody
 * for the public pages), with a valid session and CSRF token, and fed hostile values in each field
 * in turn (the others plausible): wrong types, negative and overflowing amounts, NUL, RTL
 * overrides, lone surrogates and bad UTF-8 in percent-encoding, emoji, SQL, HTML and header
 * injection, huge values, missing fields, a field given twice. Never a 5xx or a stack trace; a
 * refusal is a page with a message (or a redirect to one) and leaves the database as it was; an
 * amount or id that is negative, overflowing or not a number, and a NUL in free text, are always
 * refused; no value comes back unescaped or lands in a redirect's address. Also: Toss webhooks
 * replayed and forged, and checkout and portal links tampered with or expired.
 *
 * <p>The build sends a representative set of values; {@code -Dtossbill.abuse.full=true}
 * (bench/abuse.sh) sends them all.
 */
@AbuseIntegrationTest
class FormSweepIntegrationTests {

  static final boolean FULL = Boolean.getBoolean("tossbill.abuse.full");
  static final Path SUMMARY = Path.of("target/abuse/form-sweep.txt");
  static final String SCRIPT = "<script>alert(1)</script>";

  /** Values sent as they are, already percent-encoded (what a form encoder would never send). */
  static final String RAW = "raw:";

  static final List<String> REPRESENTATIVE =
      List.of(
          "",
          "abc",
          "-1",
          "9223372036854775808",
          "\u0000",
          "' OR '1'='1' --",
          SCRIPT,
          "x\r\nX-Injected: 1",
          "\u202Eevil\u202C 😀",
          RAW + "%ED%A0%80",
          "x".repeat(100_000));

  static final List<String> MORE =
      List.of(
          "1.5",
          "1e3",
          "0x10",
          " 1 ",
          "１２３",
          "-9223372036854775809",
          "99999999999999999999999999",
          "NaN",
          "Infinity",
          "a\u0000b",
          "a\u0008b",
          "\u200B",
          "\uFEFF",
          "👩‍👩‍👧‍👦".repeat(50),
          "한".repeat(20_000),
          RAW + "%C0%AF",
          RAW + "%FF%FE",
          RAW + "%zz",
          RAW + "%00",
          "'; drop table customer; --",
          "\"><img src=x onerror=alert(1)>",
          "javascript:alert(1)",
          "https://evil.example/",
          "//evil.example",
          "${7*7}",
          "{{7*7}}",
          "../../../etc/passwd",
          "x".repeat(1_000_000));

  /** Whole numbers the forms read: a bad one is always refused. */
  static final Set<String> NUMBERS =
      Set.of(
          "price",
          "amount",
          "days",
          "trialDays",
          "intervalCount",
          "planId",
          "expectedDueNow",
          "percentOff",
          "amountOff",
          "durationPeriods",
          "maxRedemptions");

  /** Fields a form has but the route does not read: the plan edit page changes no price. */
  static final Map<String, Set<String>> IGNORED =
      Map.of("/admin/plans/{id}", Set.of("code", "price", "intervalUnit", "intervalCount"));

  /** A form: its path pattern, its fields, and its handler (none for the logins). */
  record Form(String pattern, List<String> fields, @Nullable Route route) {
    String path(java.util.function.Function<String, String> fill) {
      return route == null ? pattern : route.path(fill);
    }
  }

  /** Free text the server stores: a NUL in it is always refused. */
  static final Set<String> TEXT =
      Set.of("name", "email", "code", "username", "description", "features");

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
  @Autowired JdbcClient jdbc;

  /** Made once for the class: two subscribers with their subscriptions take a while. */
  static AbuseFixture shared;

  AbuseFixture fixture;
  DatabaseSnapshot database;
  String openedCheckout = "";
  static final AtomicInteger serial = new AtomicInteger();

  @BeforeEach
  void setUp() {
    if (shared == null || shared.port != port) {
      shared =
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
    }
    fixture = shared;
    database = new DatabaseSnapshot(jdbc);
  }

  record Tally(int requests, int clientErrors, int serverErrors, int refused, int changed) {}

  @Test
  void everyFormRefusesHostileInputWithAMessageAndChangesNothing() throws IOException {
    List<Form> forms = new ArrayList<>();
    for (Route route : Routes.all(mappings)) {
      if (route.isPage() && !route.reads()) {
        forms.add(new Form(route.pattern(), route.fields(), route));
      }
    }
    assertThat(forms).as("forms in the handler mappings").hasSizeGreaterThan(30);
    // the two logins are Spring Security's filters, not handlers
    forms.add(new Form("/login", List.of("email", "password"), null));
    forms.add(new Form("/admin/login", List.of("username", "password"), null));
    List<String> values = new ArrayList<>(REPRESENTATIVE);
    if (FULL) {
      values.addAll(MORE);
    }
    SoftAssertions softly = new SoftAssertions();
    int requests = 0;
    int clientErrors = 0;
    int serverErrors = 0;
    int refused = 0;
    int changed = 0;
    for (Form route : forms) {
      Map<String, String> baseline = baseline(route);
      Map<String, List<String>> variants = new LinkedHashMap<>();
      variants.put("no fields", List.of());
      for (String field : route.fields()) {
        List<String> without = new ArrayList<>();
        baseline.forEach(
            (name, value) -> {
              if (!name.equals(field)) {
                without.add(encode(name, value));
              }
            });
        variants.put("without " + field, without);
        for (String value : values) {
          List<String> body = new ArrayList<>();
          baseline.forEach(
              (name, v) -> body.add(name.equals(field) ? encode(name, value) : encode(name, v)));
          if (!baseline.containsKey(field)) {
            body.add(encode(field, value));
          }
          variants.put(field + "=" + shortly(value), body);
        }
        variants.put(field + " twice", List.of(encode(field, "1"), encode(field, "2")));
      }
      for (Map.Entry<String, List<String>> variant : variants.entrySet()) {
        String what = "POST " + route.pattern() + " with " + variant.getKey();
        PageClient client = client(route);
        String path = path(route, client);
        List<String> fields = new ArrayList<>(variant.getValue());
        fields.add(encode("_csrf", client.csrf()));
        Map<String, String> before = database.take();
        long pending = Quiet.pending(jdbc);
        PageClient.Page answer =
            client.request(
                "POST",
                path,
                "text/html",
                "application/x-www-form-urlencoded",
                String.join("&", fields),
                Map.of());
        requests++;
        int status = answer.status();
        if (status >= 500) {
          serverErrors++;
        } else if (status >= 400) {
          clientErrors++;
        }
        softly.assertThat(status).as(what + ": " + answer.body()).isLessThan(500);
        softly
            .assertThat(answer.body())
            .as(what)
            .doesNotContain("Exception", "at io.tossbill", "Whitelabel")
            .doesNotContain(SCRIPT);
        boolean refusal;
        if (status / 100 == 3) {
          String location = answer.location();
          softly
              .assertThat(location)
              .as(what + ": redirected within the server or to the shop")
              .matches("(/|http://127\\.0\\.0\\.1:" + port + "/|" + AbuseFixture.SHOP + ").*")
              .doesNotContain("\r", "\n", "X-Injected", "evil.example");
          if (location.startsWith(AbuseFixture.SHOP)) {
            refusal = false; // a checkout done: back to the shop
          } else {
            PageClient.Page next = client.get(location);
            softly.assertThat(next.status()).as(what + " then " + location).isLessThan(500);
            softly.assertThat(next.body()).as(what + " then " + location).doesNotContain(SCRIPT);
            refusal = next.has(".alert") && !next.has(".notice");
          }
        } else {
          refusal = true;
          softly
              .assertThat(answer.has("h1") && (status >= 400 || answer.has(".alert, .field-error")))
              .as(what + ": a page saying what is wrong: " + answer.body())
              .isTrue();
        }
        boolean mustRefuse =
            mustRefuse(variant.getKey())
                && !IGNORED
                    .getOrDefault(route.pattern(), Set.of())
                    .contains(variant.getKey().replaceAll("=.*", ""));
        if (refusal || mustRefuse) {
          Quiet.afterEvents(jdbc, pending);
          Set<String> tables = DatabaseSnapshot.changed(before, database.take());
          // a failed login is counted, by design (LoginThrottle)
          tables.remove("login_failure");
          if (refusal) {
            refused++;
          }
          if (!tables.isEmpty()) {
            changed++;
            softly.fail(
                what + " was " + (refusal ? "refused" : "not refused") + " but changed " + tables);
          }
        } else {
          Quiet.afterEvents(jdbc, pending);
        }
        if (route.pattern().startsWith("/admin/webhook-endpoints")) {
          fixture.keepHooksAtHome();
        }
      }
    }
    softly.assertAll();
    write(new Tally(requests, clientErrors, serverErrors, refused, changed));
    assertThat(requests).isGreaterThan(forms.size() * 5);
  }

  @Test
  void aReplayedOrForgedTossWebhookChangesNoPaymentOrSubscription() throws IOException {
    PageClient anonymous = new PageClient(port);
    var payment =
        subscriptions
            .payments(new io.tossbill.billing.SubscriptionId(fixture.a.subscriptionId()))
            .getFirst();
    Set<String> business = Set.of("payment", "payment_history", "refund", "subscription", "card");
    String transmission = "whtrans_abuse_" + serial.incrementAndGet() + "_" + payment.id();
    String canceled =
        """
        {"eventType":"PAYMENT_STATUS_CHANGED","createdAt":"2026-01-01T00:00:00.000000",
         "data":{"paymentKey":"%s","orderId":"%s","status":"CANCELED"}}
        """
            .formatted(payment.paymentKey(), payment.orderId());
    Map<String, String> before = database.take();
    PageClient.Page first = webhook(anonymous, transmission, canceled);
    assertThat(first.status()).as(first.body()).isEqualTo(200);
    // processed by reading the payment back from Toss, which says it is paid: nothing changes
    Quiet.afterEvents(jdbc, 0);
    org.awaitility.Awaitility.await()
        .atMost(Duration.ofSeconds(20))
        .until(
            () ->
                !"RECEIVED"
                    .equals(
                        jdbc.sql(
                                "select status from toss_webhook_delivery where transmission_id = :t")
                            .param("t", transmission)
                            .query(String.class)
                            .single()));
    Map<String, String> processed = database.take();
    assertThat(DatabaseSnapshot.changed(before, processed)).doesNotContainAnyElementsOf(business);

    // the same delivery again: a duplicate, nothing at all changes
    PageClient.Page replay = webhook(anonymous, transmission, canceled);
    assertThat(replay.body()).contains("\"duplicate\":true");
    Quiet.afterEvents(jdbc, 0);
    assertThat(DatabaseSnapshot.changed(processed, database.take())).isEmpty();

    // forged: a payment Toss does not know, a signature header Toss never sends for it
    for (String forged :
        List.of(
            canceled.replace(payment.paymentKey(), "tgen_forged_" + serial.incrementAndGet()),
            canceled.replace(payment.paymentKey(), "x".repeat(300)),
            """
            {"eventType":"BILLING_DELETED","createdAt":"2026-01-01T00:00:00.000000",
             "data":{"billingKey":"forged-billing-key","customerKey":"nobody","reason":"x"}}
            """)) {
      Map<String, String> start = database.take();
      PageClient.Page answer =
          anonymous.request(
              "POST",
              "/webhooks/toss",
              "application/json",
              "application/json",
              forged,
              Map.of(
                  "tosspayments-webhook-transmission-id",
                  "whtrans_forged_" + serial.incrementAndGet(),
                  "tosspayments-webhook-signature",
                  "v1:forged,v1:alsoForged"));
      assertThat(answer.status()).as(answer.body()).isLessThan(500);
      Quiet.afterEvents(jdbc, 0);
      assertThat(DatabaseSnapshot.changed(start, database.take()))
          .as(forged)
          .doesNotContainAnyElementsOf(business);
    }
  }

  @Test
  void aTamperedExpiredOrSpentLinkOpensNothingAndChangesNothing() {
    String checkout = fixture.checkoutLinkOfA();
    String portal = fixture.portalLinkOfA();
    HostedSession expiring =
        sessions.createPortal(
            fixture.a.customerId(), AbuseFixture.SHOP, "/my", Duration.ofMillis(1), "test");
    org.awaitility.Awaitility.await()
        .atMost(Duration.ofSeconds(5))
        .until(() -> "EXPIRED".equals(sessions.find(expiring.id()).status()));
    String expired = expiring.url();
    assertThat(expired).isNotNull();
    List<String> bad = new ArrayList<>();
    for (String link : List.of(checkout, portal)) {
      String token = link.substring(link.lastIndexOf('/') + 1);
      String prefix = link.substring(0, link.lastIndexOf('/') + 1);
      char last = token.charAt(token.length() - 1);
      bad.add(prefix + token.substring(0, token.length() - 1) + (last == 'A' ? 'B' : 'A'));
      bad.add(prefix + token.substring(0, token.length() - 1));
      bad.add(prefix + token + "A");
      bad.add(prefix + token.toUpperCase(java.util.Locale.ROOT));
      bad.add(prefix + token + "%00");
      bad.add(prefix + token + "/../" + token);
    }
    bad.add(expired.substring(expired.indexOf('/', "http://".length())));
    SoftAssertions softly = new SoftAssertions();
    for (String path : bad) {
      PageClient browser = new PageClient(port);
      Map<String, String> before = database.take();
      PageClient.Page page = browser.get(path);
      softly.assertThat(page.status()).as(path).isBetween(400, 499);
      softly.assertThat(page.has("h1")).as(path + ": " + page.body()).isTrue();
      softly.assertThat(DatabaseSnapshot.changed(before, database.take())).as(path).isEmpty();
      softly.assertThat(browser.get("/my").status()).as(path + " then /my").isEqualTo(302);
    }
    softly.assertAll();
    // the real links still open (the tampering spent nothing)
    assertThat(new PageClient(port).open(checkout).status()).isEqualTo(200);
    assertThat(new PageClient(port).open(portal).status()).isEqualTo(200);
  }

  // ---- helpers -------------------------------------------------------------------------

  private PageClient.Page webhook(PageClient client, String transmission, String body) {
    return client.request(
        "POST",
        "/webhooks/toss",
        "application/json",
        "application/json",
        body,
        Map.of("tosspayments-webhook-transmission-id", transmission));
  }

  /** Plausible values for the fields a form has, so that each hostile value meets its check. */
  private Map<String, String> baseline(Form route) {
    Map<String, String> plausible = new LinkedHashMap<>();
    int n = serial.incrementAndGet();
    for (String field : route.fields()) {
      String value =
          switch (field) {
            case "email" -> "sweep-" + n + "-" + System.nanoTime() % 100_000 + "@example.com";
            case "name" -> "스윕 " + n;
            case "password", "passwordAgain" -> "long enough 123";
            // wrong on purpose: no sweep may change a password that logs a principal in
            case "current" -> "not the password";
            case "token" -> "not-a-token";
            case "code" -> "sweep-" + n + "-" + System.nanoTime() % 100_000;
            case "username" -> "sweep" + n + "-" + System.nanoTime() % 100_000;
            case "role" -> "SUPPORT";
            case "price" -> "5000";
            case "amount" -> "100";
            case "reason" -> "스윕";
            case "when" -> "period_end";
            case "refund" -> "none";
            case "days" -> "3";
            case "intervalUnit" -> "MONTH";
            case "intervalCount" -> "1";
            case "trialDays" -> "0";
            case "description" -> "설명";
            case "features" -> "seats=1";
            case "planId" -> String.valueOf(fixture.trialPlan.id().value());
            // a coupon: 10% off for three periods
            case "percentOff" -> "10";
            case "duration" -> "REPEATING";
            case "durationPeriods" -> "3";
            // a webhook endpoint on the loopback (where the sweep points one elsewhere, it is put
            // back after the request: AbuseFixture.keepHooksAtHome)
            case "url" -> AbuseFixture.HOOK_URL;
            case "agree" -> "yes";
            case "textHash" -> "0".repeat(64);
            // moving a clock would set renewals going: no plausible value, only hostile ones
            default -> null;
          };
      if (value != null) {
        plausible.put(field, value);
      }
    }
    return plausible;
  }

  private PageClient client(Form route) {
    String pattern = route.pattern();
    if (pattern.startsWith("/admin") && !pattern.equals("/admin/login")) {
      return fixture.clients.get(Principal.ADMIN);
    }
    if (pattern.startsWith("/my") || pattern.startsWith("/subscribe")) {
      return fixture.clients.get(Principal.SUBSCRIBER_A);
    }
    PageClient fresh = new PageClient(port);
    if (pattern.startsWith("/checkout")) {
      String url = fresh.open(fixture.checkoutLinkOfA()).url();
      openedCheckout = url.substring(url.lastIndexOf('/') + 1);
    }
    fresh.get("/password-reset");
    return fresh;
  }

  private String path(Form route, PageClient client) {
    if (route.pattern().startsWith("/checkout/")) {
      // the checkout this browser opened
      return route.pattern().replace("{sessionId}", openedCheckout);
    }
    Route handled = route.route();
    return handled == null
        ? route.pattern()
        : handled.path(segment -> fixture.idOfA(handled, segment));
  }

  private static boolean mustRefuse(String variant) {
    int equals = variant.indexOf('=');
    if (equals < 0) {
      return false;
    }
    String field = variant.substring(0, equals);
    String value = variant.substring(equals + 1);
    boolean badNumber =
        value.equals("-1")
            || value.equals("9223372036854775808")
            || value.equals("abc")
            || value.equals("NUL");
    return (NUMBERS.contains(field) && badNumber) || (TEXT.contains(field) && value.equals("NUL"));
  }

  private static String shortly(String value) {
    if (value.equals("\u0000")) {
      return "NUL";
    }
    String printable =
        value
            .chars()
            .mapToObj(
                c -> Character.isISOControl(c) ? "\\u%04x".formatted(c) : String.valueOf((char) c))
            .collect(Collectors.joining());
    return printable.length() > 40
        ? printable.substring(0, 20) + "…(" + value.length() + " chars)"
        : printable;
  }

  private static String encode(String name, String value) {
    return URLEncoder.encode(name, StandardCharsets.UTF_8)
        + "="
        + (value.startsWith(RAW)
            ? value.substring(RAW.length())
            : URLEncoder.encode(value, StandardCharsets.UTF_8));
  }

  private static void write(Tally tally) throws IOException {
    Files.createDirectories(SUMMARY.getParent());
    Files.writeString(
        SUMMARY,
        "form-sweep requests=%d 4xx=%d 5xx=%d refused=%d state-changes-after-refusal=%d full=%s%n"
            .formatted(
                tally.requests(),
                tally.clientErrors(),
                tally.serverErrors(),
                tally.refused(),
                tally.changed(),
                FULL));
  }
}
