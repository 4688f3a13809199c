package io.tossbill.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.server.PathContainer;
import org.springframework.web.servlet.mvc.method.RequestMappingInfo;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;
import org.springframework.web.util.pattern.PathPattern;

/**
 * The handler mapping's quick refusal ({@link LiteralPrefixHandlerMapping}) against the
 * application's own routes: it never refuses a route whose pattern matches the path, and it spares
 * an entitlement check the full check of almost every route.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class LiteralPrefixHandlerMappingIntegrationTests {

  private static final String ADMIN_KEY = "tb_test_admin_key";

  @Autowired
  @Qualifier("requestMappingHandlerMapping")
  RequestMappingHandlerMapping mapping;

  @LocalServerPort int port;

  @Test
  void neverRefusesARouteWhosePatternMatchesThePath() {
    assertThat(mapping).isInstanceOf(LiteralPrefixHandlerMapping.class);
    Set<RequestMappingInfo> routes = mapping.getHandlerMethods().keySet();
    assertThat(routes).hasSizeGreaterThan(100);
    Set<String> paths = new LinkedHashSet<>();
    for (RequestMappingInfo route : routes) {
      for (PathPattern pattern : route.getPathPatternsCondition().getPatterns()) {
        paths.addAll(variants(sample(pattern.getPatternString())));
      }
    }
    int matching = 0;
    for (String path : paths) {
      PathContainer container = PathContainer.parsePath(path);
      String joined = LiteralPrefixHandlerMapping.joined(container);
      for (RequestMappingInfo route : routes) {
        boolean matches =
            route.getPathPatternsCondition().getPatterns().stream()
                .anyMatch(pattern -> pattern.matches(container));
        if (matches) {
          matching++;
          assertThat(checked(route, joined)).as("%s is matched by %s", path, route).isTrue();
        }
      }
    }
    // every sample of a route matches at least that route: the check above ran for each
    assertThat(matching).isGreaterThanOrEqualTo(paths.size() / 2).isGreaterThan(routes.size());
  }

  @Test
  void anEntitlementCheckIsFullyCheckedAgainstAFewRoutesOnly() {
    Set<RequestMappingInfo> routes = mapping.getHandlerMethods().keySet();
    String joined =
        LiteralPrefixHandlerMapping.joined(
            PathContainer.parsePath("/api/v1/customers/7/entitlements/seats"));
    assertThat(joined).isEqualTo("api/v1/customers/7/entitlements/seats");
    List<RequestMappingInfo> checked = new ArrayList<>();
    for (RequestMappingInfo route : routes) {
      if (checked(route, joined)) {
        checked.add(route);
      }
    }
    assertThat(checked)
        .anySatisfy(
            route ->
                assertThat(route.getPathPatternsCondition().getPatternValues())
                    .contains("/api/v1/customers/{id}/entitlements/{feature}"));
    assertThat(checked.size()).isLessThan(routes.size() / 5);
  }

  @Test
  void literalPrefixesStopAtTheFirstVariableOrWildcard() {
    assertThat(LiteralPrefixHandlerMapping.literalPrefix("/api/v1/customers/{id}/entitlements"))
        .isEqualTo("api/v1/customers");
    assertThat(LiteralPrefixHandlerMapping.literalPrefix("/api/v1/plans"))
        .isEqualTo("api/v1/plans");
    assertThat(LiteralPrefixHandlerMapping.literalPrefix("/swagger-ui/**")).isEqualTo("swagger-ui");
    assertThat(LiteralPrefixHandlerMapping.literalPrefix("/files/*.csv")).isEqualTo("files");
    assertThat(LiteralPrefixHandlerMapping.literalPrefix("/{lang}/x")).isEmpty();
    assertThat(LiteralPrefixHandlerMapping.literalPrefix("/")).isEmpty();
    assertThat(
            LiteralPrefixHandlerMapping.joined(
                PathContainer.parsePath("/api/v1/%63ustomers;x=1/7")))
        .isEqualTo("api/v1/customers/7");
    assertThat(LiteralPrefixHandlerMapping.joined(PathContainer.parsePath("/api/a%2Fb"))).isNull();
    // a whole segment, not a part of one
    assertThat(LiteralPrefixHandlerMapping.couldMatch("api/v1/plans", "api/v1/plans/7")).isTrue();
    assertThat(LiteralPrefixHandlerMapping.couldMatch("api/v1/plans", "api/v1/plans")).isTrue();
    assertThat(LiteralPrefixHandlerMapping.couldMatch("api/v1/plans", "api/v1/plansx")).isFalse();
    assertThat(LiteralPrefixHandlerMapping.couldMatch("api/v1/plans", "api/v1")).isFalse();
    assertThat(LiteralPrefixHandlerMapping.couldMatch(new String[] {"my", "api/v1/plans"}, "my/x"))
        .isTrue();
  }

  @Test
  void aPathWithAnEncodedLiteralStillReachesItsRoute() throws Exception {
    HttpClient http = HttpClient.newHttpClient();
    for (String path : List.of("/api/v1/plans", "/api/v1/%70lans")) {
      HttpResponse<String> answer =
          http.send(
              HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                  .header("Authorization", "Bearer " + ADMIN_KEY)
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(answer.statusCode()).as(path).isEqualTo(200);
      assertThat(answer.body()).as(path).startsWith("{").contains("\"data\"");
    }
  }

  /** Whether the route gets Spring's full check for the path (joined as the mapping joins it). */
  private static boolean checked(RequestMappingInfo route, String joined) {
    String[] prefixes = LiteralPrefixHandlerMapping.literalPrefixes(route);
    return prefixes.length == 0
        || joined == null
        || LiteralPrefixHandlerMapping.couldMatch(
            prefixes.length == 1 ? prefixes[0] : prefixes, joined);
  }

  /** A path the pattern matches: each variable a value, each wildcard something. */
  private static String sample(String pattern) {
    StringBuilder path = new StringBuilder();
    int i = 0;
    while (i < pattern.length()) {
      char c = pattern.charAt(i);
      if (c == '{') {
        int depth = 0;
        int end = i;
        for (; end < pattern.length(); end++) {
          if (pattern.charAt(end) == '{') {
            depth++;
          } else if (pattern.charAt(end) == '}' && --depth == 0) {
            break;
          }
        }
        path.append(pattern.charAt(i + 1) == '*' ? "a/b" : "1");
        i = end + 1;
      } else if (pattern.startsWith("**", i)) {
        path.append("a/b");
        i += 2;
      } else if (c == '*' || c == '?') {
        path.append('x');
        i++;
      } else {
        path.append(c);
        i++;
      }
    }
    return path.toString();
  }

  /** The path as sent, with a letter of each segment percent-encoded, with matrix variables. */
  private static List<String> variants(String path) {
    List<String> variants = new ArrayList<>(List.of(path, path + "/"));
    StringBuilder encoded = new StringBuilder();
    StringBuilder matrix = new StringBuilder();
    for (String segment : path.split("/", -1)) {
      if (!encoded.isEmpty() || path.startsWith("/")) {
        encoded.append('/');
        matrix.append('/');
      }
      if (segment.isEmpty()) {
        continue;
      }
      encoded
          .append(String.format(Locale.ROOT, "%%%02X", (int) segment.charAt(0)))
          .append(segment.substring(1));
      matrix.append(segment).append(";m=1");
    }
    variants.add(encoded.toString().replaceFirst("^//", "/"));
    variants.add(matrix.toString().replaceFirst("^//", "/"));
    return variants;
  }
}
