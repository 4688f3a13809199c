package io.tossbill.abuse;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.springframework.core.MethodParameter;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.mvc.method.RequestMappingInfo;
import org.springframework.web.servlet.mvc.method.RequestMappingInfoHandlerMapping;

/**
 * The server's routes as Spring's handler mappings hold them (controllers and actuator endpoints),
 * so a new route is covered without being listed in a test.
 */
final class Routes {

  private static final Pattern VARIABLE = Pattern.compile("\\{([^}:]+)(?::[^}]*)?}");

  /** One method of one path pattern, with the handler that answers it. */
  record Route(String method, String pattern, HandlerMethod handler) implements Comparable<Route> {

    boolean isPage() {
      return !pattern.startsWith("/api/")
          && !pattern.startsWith("/webhooks/")
          && !pattern.startsWith("/actuator")
          && !pattern.startsWith("/v3/")
          && !pattern.startsWith("/swagger-ui");
    }

    boolean reads() {
      return method.equals("GET") || method.equals("HEAD");
    }

    boolean hasVariables() {
      return pattern.contains("{");
    }

    /** The form fields (request parameters) the handler reads, and those of a bound record. */
    List<String> fields() {
      List<String> fields = new ArrayList<>();
      for (MethodParameter parameter : handler.getMethodParameters()) {
        RequestParam param = parameter.getParameterAnnotation(RequestParam.class);
        Class<?> type = parameter.getParameterType();
        if (param != null) {
          String name = !param.name().isEmpty() ? param.name() : param.value();
          fields.add(name.isEmpty() ? String.valueOf(parameter.getParameterName()) : name);
        } else if (type.isRecord()
            && !parameter.hasParameterAnnotation(RequestBody.class)
            && !parameter.hasParameterAnnotation(PathVariable.class)
            && type.getName().startsWith("io.tossbill")) {
          for (var component : type.getRecordComponents()) {
            fields.add(component.getName());
          }
        }
      }
      return fields;
    }

    /** The path with each variable replaced by {@code fill.apply(segment before it)}. */
    String path(java.util.function.Function<String, String> fill) {
      Matcher variable = VARIABLE.matcher(pattern);
      StringBuilder out = new StringBuilder();
      while (variable.find()) {
        String before = pattern.substring(0, variable.start());
        String segment = before.endsWith("/") ? before.substring(0, before.length() - 1) : before;
        segment = segment.substring(segment.lastIndexOf('/') + 1);
        variable.appendReplacement(out, Matcher.quoteReplacement(fill.apply(segment)));
      }
      variable.appendTail(out);
      return out.toString().replace("/**", "/db");
    }

    @Override
    public int compareTo(Route other) {
      int byPattern = pattern.compareTo(other.pattern);
      return byPattern != 0 ? byPattern : method.compareTo(other.method);
    }

    @Override
    public String toString() {
      return method + " " + pattern;
    }
  }

  private Routes() {}

  /**
   * Every route but the error page and the mounted sandbox (a stand-in for Toss that checks Toss's
   * keys itself and is off in production), sorted by pattern and method.
   */
  static List<Route> all(List<RequestMappingInfoHandlerMapping> mappings) {
    Set<String> seen = new TreeSet<>();
    List<Route> routes = new ArrayList<>();
    for (RequestMappingInfoHandlerMapping mapping : mappings) {
      for (Map.Entry<RequestMappingInfo, HandlerMethod> entry :
          mapping.getHandlerMethods().entrySet()) {
        RequestMappingInfo info = entry.getKey();
        Set<RequestMethod> methods = info.getMethodsCondition().getMethods();
        for (String pattern : info.getPatternValues()) {
          if (pattern.equals("/error") || pattern.startsWith("/toss-sandbox")) {
            continue;
          }
          for (RequestMethod method : methods.isEmpty() ? Set.of(RequestMethod.GET) : methods) {
            if (seen.add(method + " " + pattern)) {
              routes.add(new Route(method.name(), pattern, entry.getValue()));
            }
          }
        }
      }
    }
    routes.sort(null);
    return routes;
  }
}
