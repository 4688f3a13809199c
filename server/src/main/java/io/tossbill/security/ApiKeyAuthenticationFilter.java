package io.tossbill.security;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.List;
import org.springframework.http.HttpHeaders;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Authenticates {@code Authorization: Bearer <api key>}. A missing or unknown key leaves the
 * request anonymous; the authorization rules then answer 401. Not a bean: it runs only in the API
 * filter chain.
 */
final class ApiKeyAuthenticationFilter extends OncePerRequestFilter {

  /** Built once: Spring's default concatenates the name on every request. */
  private static final String FILTERED =
      ApiKeyAuthenticationFilter.class.getName() + ALREADY_FILTERED_SUFFIX;

  private static final String BEARER = "Bearer ";

  private final ApiKeys apiKeys;

  ApiKeyAuthenticationFilter(ApiKeys apiKeys) {
    this.apiKeys = apiKeys;
  }

  @Override
  protected String getAlreadyFilteredAttributeName() {
    return FILTERED;
  }

  @Override
  protected void doFilterInternal(
      HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws ServletException, IOException {
    String header = request.getHeader(HttpHeaders.AUTHORIZATION);
    if (header != null && header.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
      apiKeys
          .authenticate(header.substring(BEARER.length()).strip())
          .ifPresent(
              key -> {
                var principal = new ApiKeyPrincipal(key.id(), key.name(), key.prefix(), key.role());
                List<SimpleGrantedAuthority> authorities =
                    key.role() == ApiKeyRole.ADMIN
                        ? List.of(
                            new SimpleGrantedAuthority(ApiKeyRole.ADMIN.authority()),
                            new SimpleGrantedAuthority(ApiKeyRole.MERCHANT.authority()))
                        : List.of(new SimpleGrantedAuthority(ApiKeyRole.MERCHANT.authority()));
                var context = SecurityContextHolder.createEmptyContext();
                context.setAuthentication(
                    UsernamePasswordAuthenticationToken.authenticated(
                        principal, null, authorities));
                SecurityContextHolder.setContext(context);
              });
    }
    chain.doFilter(request, response);
  }
}
