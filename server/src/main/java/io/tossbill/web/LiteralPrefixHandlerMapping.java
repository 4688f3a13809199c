package io.tossbill.web;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
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
 * default). {@code LiteralPrefixHandlerMappingIntegrationTests} checks it against every route of
 * the application.
 */
final class LiteralPrefixHandlerMapping extends RequestMappingHandlerMapping {

  /**
   * Per route: the leading literal segments of its pattern joined by {@code /} (a String), of each
   * of its patterns (a String[]), or absent when one of them has none (always checked). Replaced
   * whole when a route is added or removed; read without locks, by identity.
   */
  private volatile Map<RequestMappingInfo, Object> prefixes = new IdentityHashMap<>();

  @Override
  protected void registerHandlerMethod(Object handler, Method method, RequestMappingInfo mapping) {
    super.registerHandlerMethod(handler, method, mapping);
    remember(mapping);
  }

  @Override
  public void registerMapping(RequestMappingInfo mapping, Object handler, Method method) {
    super.registerMapping(mapping, handler, method);
    remember(mapping);
  }

  @Override
  public void unregisterMapping(RequestMappingInfo mapping) {
    super.unregisterMapping(mapping);
    synchronized (this) {
      Map<RequestMappingInfo, Object> copy = new IdentityHashMap<>(prefixes);
      copy.remove(mapping);
      prefixes = copy;
    }
  }

  private synchronized void remember(RequestMappingInfo mapping) {
    Map<RequestMappingInfo, Object> copy = new IdentityHashMap<>(prefixes);
    var parser = getPatternParser();
    // patterns that ignore case (not Spring's default) are always checked in full
    String[] literal =
        parser != null && parser.isCaseSensitive() ? literalPrefixes(mapping) : new String[0];
    if (literal.length == 1) {
      copy.put(mapping, literal[0]);
    } else if (literal.length > 1) {
      copy.put(mapping, literal);
    } else {
      copy.remove(mapping);
    }
    prefixes = copy;
  }

  @Override
  protected @Nullable HandlerMethod lookupHandlerMethod(
      String lookupPath, HttpServletRequest request) throws Exception {
    String path =
        ServletRequestPathUtils.hasParsedRequestPath(request)
            ? joined(ServletRequestPathUtils.getParsedRequestPath(request).pathWithinApplication())
            : null;
    return super.lookupHandlerMethod(
        lookupPath, path == null ? request : new Lookup(request, path));
  }

  @Override
  protected @Nullable RequestMappingInfo getMatchingMapping(
      RequestMappingInfo info, HttpServletRequest request) {
    if (request instanceof Lookup lookup) {
      Object literal = prefixes.get(info);
      if (literal != null && !couldMatch(literal, lookup.path)) {
        return null;
      }
      // the full check reads the request itself, not through the lookup's wrapper
      return super.getMatchingMapping(info, (HttpServletRequest) lookup.getRequest());
    }
    return super.getMatchingMapping(info, request);
  }

  /**
   * The request during its lookup, with its decoded segments joined by {@code /} for the checks of
   * its candidates; all else (attributes the lookup sets among it) goes to the request itself.
   */
  private static final class Lookup extends HttpServletRequestWrapper {

    private final String path;

    Lookup(HttpServletRequest request, String path) {
      super(request);
      this.path = path;
    }
  }

  /** Whether the joined path starts with the literal prefix of at least one pattern. */
  static boolean couldMatch(Object literal, String path) {
    if (literal instanceof String prefix) {
      return startsWith(path, prefix);
    }
    for (String prefix : (String[]) literal) {
      if (startsWith(path, prefix)) {
        return true;
      }
    }
    return false;
  }

  /** {@code api/v1/customers/7} starts with {@code api/v1/customers}, not {@code api/v1/cust}. */
  private static boolean startsWith(String path, String prefix) {
    return path.startsWith(prefix)
        && (path.length() == prefix.length() || path.charAt(prefix.length()) == '/');
  }

  /**
   * The leading literal segments of each of the route's patterns, each joined by {@code /}; none
   * when the route has no parsed patterns or one of them starts with a variable or wildcard.
   */
  static String[] literalPrefixes(RequestMappingInfo info) {
    PathPatternsRequestCondition condition = info.getPathPatternsCondition();
    if (condition == null || condition.getPatterns().isEmpty()) {
      return new String[0];
    }
    List<String> all = new ArrayList<>();
    for (PathPattern pattern : condition.getPatterns()) {
      String literal = literalPrefix(pattern.getPatternString());
      if (literal.isEmpty()) {
        return new String[0];
      }
      all.add(literal);
    }
    return all.toArray(String[]::new);
  }

  /** {@code /api/v1/customers/{id}/x} gives {@code api/v1/customers}; {@code /{x}} nothing. */
  static String literalPrefix(String pattern) {
    if (!pattern.startsWith("/")) {
      return "";
    }
    StringBuilder literal = new StringBuilder();
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
      if (!literal.isEmpty()) {
        literal.append('/');
      }
      literal.append(segment);
      start = end + 1;
    }
    return literal.toString();
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

  /**
   * The path's segments as patterns match them (decoded, without matrix variables) joined by {@code
   * /}; null when a decoded segment holds a {@code /} itself.
   */
  static @Nullable String joined(PathContainer path) {
    StringBuilder joined = new StringBuilder(path.value().length());
    for (PathContainer.Element element : path.elements()) {
      if (element instanceof PathContainer.PathSegment segment) {
        String value = segment.valueToMatch();
        if (value.indexOf('/') >= 0) {
          return null;
        }
        if (!joined.isEmpty()) {
          joined.append('/');
        }
        joined.append(value);
      }
    }
    return joined.toString();
  }
}
