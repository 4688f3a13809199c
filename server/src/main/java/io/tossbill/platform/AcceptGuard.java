package io.tossbill.platform;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Collections;
import java.util.List;
import org.springframework.http.HttpStatus;
import org.springframework.http.InvalidMediaTypeException;
import org.springframework.http.MediaType;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Refuses a merchant API or webhook request whose {@code Accept} header rules out JSON, with 406,
 * before a controller runs: Spring only finds out when it writes the answer, after a creating
 * request has already created.
 */
final class AcceptGuard extends OncePerRequestFilter {

  /** Built once: Spring's default concatenates the name on every request. */
  private static final String FILTERED = AcceptGuard.class.getName() + ALREADY_FILTERED_SUFFIX;

  private static final List<MediaType> ANSWERS =
      List.of(MediaType.APPLICATION_JSON, MediaType.APPLICATION_PROBLEM_JSON);

  @Override
  protected String getAlreadyFilteredAttributeName() {
    return FILTERED;
  }

  @Override
  protected boolean shouldNotFilter(HttpServletRequest request) {
    return !ApiPaths.isMerchant(RequestPaths.path(request));
  }

  @Override
  protected void doFilterInternal(
      HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws ServletException, IOException {
    if (acceptsJson(Collections.list(request.getHeaders("Accept")))) {
      chain.doFilter(request, response);
      return;
    }
    ApiProblems.send(
        request,
        response,
        ApiProblems.forStatus(
            HttpStatus.NOT_ACCEPTABLE.value(), request.getMethod(), ApiProblems.language(request)));
  }

  static boolean acceptsJson(List<String> accept) {
    if (accept.isEmpty()) {
      return true;
    }
    List<MediaType> asked;
    try {
      asked = MediaType.parseMediaTypes(accept);
    } catch (InvalidMediaTypeException e) {
      return false;
    }
    for (MediaType type : asked) {
      // "q=0" means "not this one"
      if (type.getQualityValue() == 0.0) {
        continue;
      }
      for (MediaType answer : ANSWERS) {
        if (type.isCompatibleWith(answer)) {
          return true;
        }
      }
    }
    return false;
  }
}
