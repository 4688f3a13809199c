package io.tossbill.web;

import jakarta.servlet.http.HttpServletRequest;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;
import org.springframework.http.server.PathContainer;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.mvc.condition.PathPatternsRequestCondition;
import org.springframework.web.servlet.mvc.method.RequestMappingInfo;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;
import org.springframework.web.util.ServletRequestPathUtils;
import org.springframework.web.util.pattern.PathPattern;

/**
 * Spring MVC's handler mapping with a quick refusal in front of each route's full check. A path
 * with a variable ({@code /api/v1/customers/{id}/entitlements/{feature}}) is not found by a direct
 * lookup, so Spring checks every route of the application against the request (method, CORS
 * pre-flight, produces, then the pattern, with a new matching context per route): about a hundred
 * per request here, a quarter of an entitlement check's CPU. This mapping first compares the
 * leading literal segments of each route's patterns ({@code api}, {@code v1}, {@code customers})
 * with the request's segments, decoded as the patterns match them, and refuses a route whose
 * literal start differs; every other route gets Spring's full check, unchanged.
 *
 * <p>The refusal is exact, never a guess: a pattern matches a path only if each of its leading
 * literal segments equals the path's decoded segment at the same place (a {@link PathPattern}
 * matches separator for separator, literal for literal; the patterns are case-sensitive, Spring's
 * default). {@code LiteralPrefixHandlerMappingTests} checks it against every route of the
 * application.
 */
final class LiteralPrefixHandlerMapping extends RequestMappingHandlerMapping {

  /** The decoded segments of the request being looked up, for the checks of its candidates. */
  private static final ThreadLocal<String @Nullable []> SEGMENTS = new ThreadLocal<>();

  private static final String[][] NO_PREFIXES = new String[0][];

  /** Per route: the leading literal segments of each of its patterns; none: always checked. */
  private final Map<RequestMappingInfo, String[][]> prefixes = new ConcurrentHashMap<>();

  @Override
  protected void registerHandlerMethod(Object handler, Method method, RequestMappingInfo mapping) {
    super.registerHandlerMethod(handler, method, mapping);
    prefixes.put(mapping, prefixesOf(mapping));
  }

  @Override
  public void registerMapping(RequestMappingInfo mapping, Object handler, Method method) {
    super.registerMapping(mapping, handler, method);
    prefixes.put(mapping, prefixesOf(mapping));
  }

  /** None when the patterns ignore case (not Spring's default): then every route is checked. */
  private String[][] prefixesOf(RequestMappingInfo mapping) {
    var parser = getPatternParser();
    return parser != null && parser.isCaseSensitive() ? literalPrefixes(mapping) : NO_PREFIXES;
  }

  @Override
  public void unregisterMapping(RequestMappingInfo mapping) {
    super.unregisterMapping(mapping);
    prefixes.remove(mapping);
  }

  @Override
  protected @Nullable HandlerMethod lookupHandlerMethod(
      String lookupPath, HttpServletRequest request) throws Exception {
    String[] previous = SEGMENTS.get();
    SEGMENTS.set(
        ServletRequestPathUtils.hasParsedRequestPath(request)
            ? segments(
                ServletRequestPathUtils.getParsedRequestPath(request).pathWithinApplication())
            : null);
    try {
      return super.lookupHandlerMethod(lookupPath, request);
    } finally {
      if (previous == null) {
        SEGMENTS.remove();
      } else {
        SEGMENTS.set(previous);
      }
    }
  }

  @Override
  protected @Nullable RequestMappingInfo getMatchingMapping(
      RequestMappingInfo info, HttpServletRequest request) {
    String[] segments = SEGMENTS.get();
    if (segments != null) {
      String[][] literal = prefixes.get(info);
      if (literal != null && literal.length > 0 && !anyStartsWith(literal, segments)) {
        return null;
      }
    }
    return super.getMatchingMapping(info, request);
  }

  /** Whether the path's segments start with the literal segments of at least one pattern. */
  static boolean anyStartsWith(String[][] literalPrefixes, String[] segments) {
    for (String[] prefix : literalPrefixes) {
      if (startsWith(segments, prefix)) {
        return true;
      }
    }
    return false;
  }

  private static boolean startsWith(String[] segments, String[] prefix) {
    if (segments.length < prefix.length) {
      return false;
    }
    for (int i = 0; i < prefix.length; i++) {
      if (!prefix[i].equals(segments[i])) {
        return false;
      }
    }
    return true;
  }

  /**
   * The leading literal segments of each of the route's patterns; none when the route has no parsed
   * patterns or one of them starts with a variable or wildcard (then it is always checked).
   */
  static String[][] literalPrefixes(RequestMappingInfo info) {
    PathPatternsRequestCondition condition = info.getPathPatternsCondition();
    if (condition == null || condition.getPatterns().isEmpty()) {
      return NO_PREFIXES;
    }
    List<String[]> all = new ArrayList<>();
    for (PathPattern pattern : condition.getPatterns()) {
      String[] literal = literalPrefix(pattern.getPatternString());
      if (literal.length == 0) {
        return NO_PREFIXES;
      }
      all.add(literal);
    }
    return all.toArray(String[][]::new);
  }

  /** {@code /api/v1/customers/{id}/x} gives {@code [api, v1, customers]}. */
  static String[] literalPrefix(String pattern) {
    if (!pattern.startsWith("/")) {
      return new String[0];
    }
    List<String> literal = new ArrayList<>();
    int start = 1;
    while (start <= pattern.length()) {
      int end = pattern.indexOf('/', start);
      if (end < 0) {
        end = pattern.length();
      }
      String segment = pattern.substring(start, end);
      if (segment.isEmpty() || !isLiteral(segment)) {
        break;
      }
      literal.add(segment);
      start = end + 1;
    }
    return literal.toArray(String[]::new);
  }

  private static boolean isLiteral(String segment) {
    for (int i = 0; i < segment.length(); i++) {
      char c = segment.charAt(i);
      if (c == '{' || c == '}' || c == '*' || c == '?' || c == '\\' || c == ';') {
        return false;
      }
    }
    return true;
  }

  /** The path's segments as patterns match them: decoded, without matrix variables. */
  static String[] segments(PathContainer path) {
    List<PathContainer.Element> elements = path.elements();
    int count = 0;
    for (PathContainer.Element element : elements) {
      if (element instanceof PathContainer.PathSegment) {
        count++;
      }
    }
    String[] segments = new String[count];
    int i = 0;
    for (PathContainer.Element element : elements) {
      if (element instanceof PathContainer.PathSegment segment) {
        segments[i++] = segment.valueToMatch();
      }
    }
    return segments;
  }
}
