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
import io.tossbill.portal.HostedSessions;
import io.tossbill.security.ApiKeys;
import io.tossbill.security.Staff;
import io.tossbill.testing.DatabaseSnapshot;
import io.tossbill.testing.PageClient;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.web.servlet.mvc.method.RequestMappingInfoHandlerMapping;

/**
 * Who reaches what: every route of the handler mappings, with its path variables filled with
 * subscriber A's real ids, sent by every kind of principal. Each answer is classed (reached, 401,
 * 403, 404, a redirect to a login), compared with the policy written once below, and the table is
 * the generated docs/authorization-matrix.md: the build fails when the file differs from what this
 * test computes (write it with {@code -Dtossbill.docs.write=true}). A refused request that could
 * change something must change nothing in the database.
 */
@AbuseIntegrationTest
class AuthorizationMatrixIntegrationTests {

  static final Path DOC = Path.of("../docs/authorization-matrix.md");

  /** Reached the handler: any answer but a refusal of access (a 400 for the empty form, too). */
  static final String REACHED = "✓";

  static final String LOGIN = "→ login";
  static final String STAFF_LOGIN = "→ staff login";

  /** Routes only an ADMIN staff member may use; SUPPORT gets 403 (SecurityConfiguration). */
  private static final List<Pattern> ADMIN_ONLY_PAGES =
      List.of(
          Pattern.compile("(GET|POST) /admin/api-keys.*"),
          Pattern.compile("(GET|POST) /admin/staff.*"),
          Pattern.compile("GET /admin/plans/new"),
          Pattern.compile("POST /admin/plans.*"),
          Pattern.compile("POST /admin/payments/\\{id}/refund"),
          Pattern.compile(
              "POST /admin/subscriptions/\\{id}/(change-plan|pause|resume|extend-trial)"),
          Pattern.compile("POST /admin/(test-clock|customers/\\{id}/test-clock)"),
          // outgoing webhooks: ADMIN only, pages too (secrets, replays)
          Pattern.compile("(GET|POST) /admin/webhook-endpoints.*"),
          // coupons: SUPPORT sees them, only ADMIN makes, stops or gives one
          Pattern.compile("GET /admin/coupons/new"),
          Pattern.compile("POST /admin/(coupons|promotion-codes).*"),
          Pattern.compile("POST /admin/subscriptions/\\{id}/discount.*"));

  /** Subscriber routes naming one of A's things: another subscriber gets 404, as if none. */
  private static final Pattern OWN_THING =
      Pattern.compile("/my/(subscriptions|payments|consents)/.*");

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

  /**
   * The policy, written once: what each principal must get on each route (the path variables being
   * A's).
   */
  static String expected(Route route, Principal who) {
    String path = route.pattern();
    String call = route.method() + " " + path;
    if (path.startsWith("/actuator/health")) {
      return REACHED;
    }
    if (path.startsWith("/api/v1/admin/")
        || path.startsWith("/api/v1/webhook-endpoints")
        || path.startsWith("/actuator")) {
      return who == Principal.ADMIN_KEY ? REACHED : who == Principal.MERCHANT_KEY ? "403" : "401";
    }
    if (path.startsWith("/api/")) {
      return who.isKey() ? REACHED : "401";
    }
    if (path.equals("/admin/login")) {
      return REACHED;
    }
    if (path.equals("/admin") || path.startsWith("/admin/")) {
      return switch (who) {
        case ADMIN -> REACHED;
        case SUPPORT ->
            ADMIN_ONLY_PAGES.stream().anyMatch(p -> p.matcher(call).matches()) ? "403" : REACHED;
        default -> STAFF_LOGIN;
      };
    }
    if (path.startsWith("/checkout/s/") || path.startsWith("/portal/s/")) {
      // a link is a bearer credential: whoever holds it opens it
      return REACHED;
    }
    if (path.startsWith("/checkout/")) {
      return switch (who) {
        case CHECKOUT_LINK_B -> "404"; // another customer's checkout
        case SUBSCRIBER_A, SUBSCRIBER_B, PORTAL_LINK_B -> "403";
        default -> LOGIN;
      };
    }
    if (path.equals("/my") || path.startsWith("/my/") || path.startsWith("/subscribe/")) {
      return switch (who) {
        case SUBSCRIBER_A -> REACHED;
        case SUBSCRIBER_B -> OWN_THING.matcher(path).matches() ? "404" : REACHED;
        // a link signs in a customer, not an account: there is no password to change
        case PORTAL_LINK_B ->
            OWN_THING.matcher(path).matches() || path.equals("/my/account/password")
                ? "404"
                : REACHED;
        case CHECKOUT_LINK_B -> "403";
        default -> LOGIN;
      };
    }
    // the public pages, the webhook receiver, the API description
    return REACHED;
  }

  @Test
  void everyPrincipalReachesWhatItsRoleAllowsAndNothingElse() throws IOException {
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
    List<Route> routes = Routes.all(mappings);
    assertThat(routes).as("routes in the handler mappings").hasSizeGreaterThan(100);
    // reads first, then writes; the link routes last: opening a link changes whose session it is
    List<Route> ordered = new ArrayList<>();
    routes.stream().filter(r -> r.reads() && !isLink(r)).forEach(ordered::add);
    routes.stream().filter(r -> !r.reads() && !isLink(r)).forEach(ordered::add);
    routes.stream().filter(AuthorizationMatrixIntegrationTests::isLink).forEach(ordered::add);

    DatabaseSnapshot database = new DatabaseSnapshot(jdbc);
    Map<Route, Map<Principal, String>> actual = new TreeMap<>();
    List<String> wrong = new ArrayList<>();
    int requests = 0;
    for (Route route : ordered) {
      for (Principal who : Principal.values()) {
        Map<String, String> before = route.reads() ? Map.of() : database.take();
        long pending = route.reads() ? 0 : Quiet.pending(jdbc);
        PageClient.Page answer = send(fixture, route, who);
        requests++;
        String got = classify(answer);
        actual.computeIfAbsent(route, r -> new EnumMap<>(Principal.class)).put(who, got);
        String want = expected(route, who);
        if (answer.status() >= 500) {
          wrong.add(route + " as " + who.title + ": " + answer.status() + " " + answer.body());
        } else if (!got.equals(want)) {
          wrong.add(route + " as " + who.title + ": expected " + want + ", got " + got);
        }
        if (!route.reads() && got.equals(REACHED)) {
          Quiet.afterEvents(jdbc, pending);
        }
        if (!route.reads() && !got.equals(REACHED)) {
          Set<String> changed = DatabaseSnapshot.changed(before, database.take());
          if (!changed.isEmpty()) {
            wrong.add(route + " as " + who.title + " was refused but changed " + changed);
          }
        }
      }
    }
    String doc = document(actual);
    if (Boolean.getBoolean("tossbill.docs.write")) {
      Files.writeString(DOC, doc, StandardCharsets.UTF_8);
    }
    long refusedWrites =
        actual.entrySet().stream()
            .filter(row -> !row.getKey().reads())
            .flatMap(row -> row.getValue().values().stream())
            .filter(cell -> !cell.equals(REACHED))
            .count();
    Files.createDirectories(Path.of("target/abuse"));
    Files.writeString(
        Path.of("target/abuse/matrix.txt"),
        "authorization-matrix routes=%d principals=%d requests=%d off-policy=%d refused-writes=%d state-changes-after-refusal=%d%n%s%n"
            .formatted(
                actual.size(),
                Principal.values().length,
                requests,
                wrong.stream().filter(w -> !w.contains(" but changed ")).count(),
                refusedWrites,
                wrong.stream().filter(w -> w.contains(" but changed ")).count(),
                doc.substring(doc.indexOf("## Totals") + "## Totals".length()).strip()));
    assertThat(wrong).as("cells off the policy (%d requests)", requests).isEmpty();
    assertThat(Files.exists(DOC))
        .as("%s is missing: run this test with -Dtossbill.docs.write=true", DOC)
        .isTrue();
    assertThat(Files.readString(DOC, StandardCharsets.UTF_8))
        .as("%s is out of date: run this test with -Dtossbill.docs.write=true", DOC)
        .isEqualTo(doc);
  }

  private static boolean isLink(Route route) {
    return route.pattern().startsWith("/checkout/s/") || route.pattern().startsWith("/portal/s/");
  }

  private static PageClient.Page send(AbuseFixture fixture, Route route, Principal who) {
    PageClient client = fixture.clients.get(who);
    String path =
        isLink(route)
            ? (route.pattern().startsWith("/checkout/")
                ? fixture.checkoutLinkOfA()
                : fixture.portalLinkOfA())
            : route.path(segment -> fixture.idOfA(route, segment));
    Map<String, String> headers = new LinkedHashMap<>(fixture.authorization(who));
    if (route.isPage()) {
      String form = route.reads() ? null : PageClient.form(Map.of("_csrf", client.csrf()));
      return client.request(
          route.method(),
          path,
          "text/html",
          form == null ? null : "application/x-www-form-urlencoded",
          form,
          headers);
    }
    boolean body = route.method().equals("POST") || route.method().equals("PATCH");
    return client.request(
        route.method(),
        path,
        "application/json",
        body ? "application/json" : null,
        body ? "{}" : null,
        headers);
  }

  static String classify(PageClient.Page answer) {
    int status = answer.status();
    if (status == 401 || status == 403 || status == 404) {
      return String.valueOf(status);
    }
    if (status / 100 == 3) {
      String location = answer.location().replaceAll("\\?.*", "");
      if (location.endsWith("/admin/login")) {
        return STAFF_LOGIN;
      }
      if (location.endsWith("/login")) {
        return LOGIN;
      }
    }
    return REACHED;
  }

  private static String document(Map<Route, Map<Principal, String>> cells) {
    StringBuilder doc = new StringBuilder();
    doc.append(
        """
        # Authorization matrix

        Generated by `AuthorizationMatrixIntegrationTests` from the server's handler mappings; do not
        edit. The build fails when this file differs from what the test computes; after a change of
        routes or rules, write it again with

            ./mvnw -pl server -am verify -Dtest=AuthorizationMatrixIntegrationTests \\
              -Dsurefire.failIfNoSpecifiedTests=false -Dtossbill.docs.write=true

        Every route is sent by each principal with its path variables filled with **subscriber A's**
        real ids (A's subscription, payment, consent, customer, checkout session, mail; a coupon, a
        promotion code, an outgoing webhook endpoint and one of its deliveries; a spare plan, API
        key, staff member, a spare customer for `DELETE`, a spare coupon and promotion code to
        deactivate, a spare endpoint for each delete), with a session and a valid CSRF token, and an
        empty form or `{}` as body. The test compares each answer with the policy
        written in the test and fails on any difference; a refused request must leave the database
        unchanged. The mounted Toss sandbox (`/toss-sandbox/**`, off in production) checks Toss's
        keys itself and is not listed.

        - `✓` reached the handler (whatever it then answered: a page, a redirect, a refusal of the
          empty form, a conflict); `401`, `403`, `404` as answered (`404`: not yours, shown as not
          found); `→ login` / `→ staff login`: redirected to the subscriber or staff login.
        - *subscriber A/B*: accounts logged in at `/login`; *portal link of B*, *checkout link of B*:
          a browser that opened a link the merchant API made for customer B; *staff*: the admin
          console's roles; *API key*: `Authorization: Bearer` with a key of that role.
        - Subscriber B and B's portal link get `404` on every page naming A's subscription, payment or
          consent; B's checkout link gets `404` on A's checkout. SUPPORT gets `403` on refunds, plan
          edits, pausing/resuming/changing/extending subscriptions, test clocks, API keys, staff,
          every outgoing webhook page, and on making, stopping or giving coupons and promotion codes
          (it sees them). A merchant API key gets `403` under `/api/v1/admin/**`,
          `/api/v1/webhook-endpoints/**` and the actuator; staff and subscribers are nobody to the
          API (`401`), and API keys are nobody to the pages.

        """);
    Map<String, Integer> totals = new TreeMap<>();
    String section = "";
    List<Map.Entry<Route, Map<Principal, String>>> rows = new ArrayList<>(cells.entrySet());
    rows.sort(
        java.util.Comparator.comparing(
                (Map.Entry<Route, Map<Principal, String>> row) -> AREAS.indexOf(area(row.getKey())))
            .thenComparing(Map.Entry::getKey));
    for (Map.Entry<Route, Map<Principal, String>> row : rows) {
      String area = area(row.getKey());
      if (!area.equals(section)) {
        section = area;
        doc.append("\n## ").append(area).append("\n\n| route |");
        for (Principal who : Principal.values()) {
          doc.append(' ').append(who.title).append(" |");
        }
        doc.append("\n|---|");
        doc.append("---|".repeat(Principal.values().length));
        doc.append('\n');
      }
      doc.append("| `").append(row.getKey()).append("` |");
      for (Principal who : Principal.values()) {
        String cell = row.getValue().get(who);
        totals.merge(cell, 1, Integer::sum);
        doc.append(' ').append(cell).append(" |");
      }
      doc.append('\n');
    }
    doc.append("\n## Totals\n\n")
        .append(cells.size())
        .append(" routes × ")
        .append(Principal.values().length)
        .append(" principals = ")
        .append(cells.size() * Principal.values().length)
        .append(" cells: ");
    List<String> parts = new ArrayList<>();
    totals.forEach((cell, count) -> parts.add("`" + cell + "` " + count));
    doc.append(String.join(", ", parts)).append(".\n");
    return doc.toString();
  }

  private static final List<String> AREAS =
      List.of(
          "Public pages, webhooks, API description",
          "Subscriber pages and links",
          "Admin console",
          "Merchant API",
          "Admin API and actuator");

  private static String area(Route route) {
    String path = route.pattern();
    if (path.startsWith("/api/v1/admin/")
        || path.startsWith("/api/v1/webhook-endpoints")
        || path.startsWith("/actuator")) {
      return "Admin API and actuator";
    }
    if (path.startsWith("/api/")) {
      return "Merchant API";
    }
    if (path.equals("/admin") || path.startsWith("/admin/")) {
      return "Admin console";
    }
    if (path.startsWith("/my")
        || path.startsWith("/subscribe/")
        || path.startsWith("/checkout/")
        || path.startsWith("/portal/")) {
      return "Subscriber pages and links";
    }
    return "Public pages, webhooks, API description";
  }
}
