package io.tossbill.security;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.AnonymousAuthenticationFilter;

/**
 * Two filter chains. The API chain ({@code /api/**}, {@code /actuator/**}): stateless, API keys as
 * Bearer tokens, no CSRF, 401/403 as problem details. The web chain: everything else, open for now
 * (webhooks, the sandbox, API docs, future pages), CSRF on except for webhooks and the sandbox.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(SecurityModuleProperties.class)
class SecurityConfiguration {

  @Bean
  @Order(1)
  SecurityFilterChain apiFilterChain(HttpSecurity http, ApiKeys apiKeys) throws Exception {
    http.securityMatcher("/api/**", "/actuator/**")
        .authorizeHttpRequests(
            requests ->
                requests
                    .requestMatchers("/actuator/health", "/actuator/health/**")
                    .permitAll()
                    .requestMatchers("/api/v1/admin/**", "/actuator/**")
                    .hasRole(ApiKeyRole.ADMIN.name())
                    .requestMatchers("/api/v1/**")
                    .authenticated()
                    // nothing else lives under /api or /actuator; a new path must be given a rule
                    // above
                    .anyRequest()
                    .denyAll())
        .csrf(csrf -> csrf.disable())
        .sessionManagement(
            session -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
        .requestCache(cache -> cache.disable())
        .httpBasic(basic -> basic.disable())
        .formLogin(form -> form.disable())
        .logout(logout -> logout.disable())
        .exceptionHandling(
            errors ->
                errors
                    .authenticationEntryPoint(
                        (request, response, e) -> SecurityProblems.unauthorized(request, response))
                    .accessDeniedHandler(
                        (request, response, e) -> {
                          if (request.getUserPrincipal() == null) {
                            SecurityProblems.unauthorized(request, response);
                          } else {
                            SecurityProblems.forbidden(request, response);
                          }
                        }))
        .addFilterBefore(
            new ApiKeyAuthenticationFilter(apiKeys), AnonymousAuthenticationFilter.class);
    return http.build();
  }

  @Bean
  @Order(2)
  SecurityFilterChain webFilterChain(HttpSecurity http) throws Exception {
    http.authorizeHttpRequests(requests -> requests.anyRequest().permitAll())
        .csrf(csrf -> csrf.ignoringRequestMatchers("/api/**", "/webhooks/**", "/toss-sandbox/**"))
        .headers(headers -> headers.frameOptions(frame -> frame.sameOrigin()));
    return http.build();
  }

  /**
   * Delegating encoder ({@code {bcrypt}...}): stored hashes say how they were made, so the
   * algorithm can change.
   */
  @Bean
  PasswordEncoder passwordEncoder() {
    return PasswordEncoderFactories.createDelegatingPasswordEncoder();
  }
}
