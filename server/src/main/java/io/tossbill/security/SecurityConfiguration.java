package io.tossbill.security;

import io.tossbill.account.SubscriberUserDetailsService;
import java.time.Clock;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpMethod;
import org.springframework.security.authentication.ProviderManager;
import org.springframework.security.config.ObjectPostProcessor;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.config.observation.SecurityObservationSettings;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.access.intercept.AuthorizationFilter;
import org.springframework.security.web.authentication.AnonymousAuthenticationFilter;
import org.springframework.security.web.authentication.AuthenticationFailureHandler;
import org.springframework.security.web.authentication.SavedRequestAwareAuthenticationSuccessHandler;
import org.springframework.security.web.context.HttpSessionSecurityContextRepository;
import org.springframework.security.web.firewall.RequestRejectedHandler;
import org.springframework.security.web.header.HeaderWriterFilter;
import org.springframework.security.web.savedrequest.HttpSessionRequestCache;

/**
 * Three filter chains. The API chain ({@code /api/**}, {@code /actuator/**}): stateless, API keys
 * as Bearer tokens, no CSRF, 401/403 as problem details. The admin chain ({@code /admin/**}): staff
 * form login with roles. The web chain: everything else, the subscriber pages among it.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(SecurityModuleProperties.class)
class SecurityConfiguration {

  static final String STAFF_CONTEXT = "TOSSBILL_STAFF_SECURITY_CONTEXT";
  static final String STAFF_SAVED_REQUEST = "TOSSBILL_STAFF_SAVED_REQUEST";

  @Bean
  @Order(1)
  SecurityFilterChain apiFilterChain(
      HttpSecurity http,
      ApiKeys apiKeys,
      IdempotencyStore idempotencyKeys,
      SecurityModuleProperties properties,
      Clock clock)
      throws Exception {
    http.securityMatcher("/api/**", "/actuator/**")
        .authorizeHttpRequests(
            requests ->
                requests
                    .requestMatchers("/actuator/health", "/actuator/health/**")
                    .permitAll()
                    .requestMatchers("/api/v1/admin/**", "/actuator/**")
                    .hasRole(ApiKeyRole.ADMIN.name())
                    // outgoing webhooks: where events go and their secrets (docs/webhooks-out.md)
                    .requestMatchers("/api/v1/webhook-endpoints", "/api/v1/webhook-endpoints/**")
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
        // the same headers (nosniff, no-store, frame DENY...), written before the controller
        // instead of on commit: no request and response wrappers around every API call, whose
        // delegation Spring MVC pays each time it reads the method or an attribute. Nothing in
        // the API sets its own cache headers (they would replace these).
        .headers(
            headers ->
                headers.addObjectPostProcessor(
                    new ObjectPostProcessor<HeaderWriterFilter>() {
                      @Override
                      public <O extends HeaderWriterFilter> O postProcess(O filter) {
                        filter.setShouldWriteHeadersEagerly(true);
                        return filter;
                      }
                    }))
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
            new ApiKeyAuthenticationFilter(apiKeys), AnonymousAuthenticationFilter.class)
        // after the access check: a refused request claims no key
        .addFilterAfter(
            new IdempotencyFilter(idempotencyKeys, properties.idempotency(), clock),
            AuthorizationFilter.class);
    return http.build();
  }

  /**
   * The admin console: staff log in at {@code /admin/login}; ADMIN may do everything, SUPPORT sees
   * everything but may only cancel (without refund), undo a cancel and resend mails. The staff
   * login is kept apart from a subscriber login in the same browser.
   */
  @Bean
  @Order(2)
  SecurityFilterChain adminFilterChain(
      HttpSecurity http,
      AdminUsers staff,
      PasswordEncoder passwords,
      LoginThrottle throttle,
      Staff staffService)
      throws Exception {
    String admin = StaffRole.ADMIN.name();
    String support = StaffRole.SUPPORT.name();
    HttpSessionSecurityContextRepository contexts = new HttpSessionSecurityContextRepository();
    contexts.setSpringSecurityContextKey(STAFF_CONTEXT);
    HttpSessionRequestCache requests = new HttpSessionRequestCache();
    requests.setSessionAttrName(STAFF_SAVED_REQUEST);
    SavedRequestAwareAuthenticationSuccessHandler success =
        new SavedRequestAwareAuthenticationSuccessHandler() {
          @Override
          public void onAuthenticationSuccess(
              jakarta.servlet.http.HttpServletRequest request,
              jakarta.servlet.http.HttpServletResponse response,
              org.springframework.security.core.Authentication authentication)
              throws java.io.IOException, jakarta.servlet.ServletException {
            staffService.loggedIn(authentication.getName());
            super.onAuthenticationSuccess(request, response, authentication);
          }
        };
    success.setRequestCache(requests);
    success.setDefaultTargetUrl("/admin");
    http.securityMatcher("/admin", "/admin/**")
        .authorizeHttpRequests(
            requests1 ->
                requests1
                    .requestMatchers("/admin/login")
                    .permitAll()
                    .requestMatchers("/admin/api-keys", "/admin/api-keys/**")
                    .hasRole(admin)
                    .requestMatchers("/admin/staff", "/admin/staff/**")
                    .hasRole(admin)
                    .requestMatchers("/admin/webhook-endpoints", "/admin/webhook-endpoints/**")
                    .hasRole(admin)
                    .requestMatchers("/admin/plans/new")
                    .hasRole(admin)
                    .requestMatchers(HttpMethod.POST, "/admin/plans", "/admin/plans/**")
                    .hasRole(admin)
                    .requestMatchers(HttpMethod.POST, "/admin/payments/*/refund")
                    .hasRole(admin)
                    .requestMatchers(
                        HttpMethod.POST,
                        "/admin/subscriptions/*/change-plan",
                        "/admin/subscriptions/*/pause",
                        "/admin/subscriptions/*/resume",
                        "/admin/subscriptions/*/extend-trial")
                    .hasRole(admin)
                    .requestMatchers(
                        HttpMethod.POST, "/admin/test-clock", "/admin/customers/*/test-clock")
                    .hasRole(admin)
                    // coupons: creating, deactivating, and giving one to a subscription
                    .requestMatchers("/admin/coupons/new")
                    .hasRole(admin)
                    .requestMatchers(
                        HttpMethod.POST,
                        "/admin/coupons",
                        "/admin/coupons/**",
                        "/admin/promotion-codes/**",
                        "/admin/subscriptions/*/discount",
                        "/admin/subscriptions/*/discount/**")
                    .hasRole(admin)
                    .anyRequest()
                    .hasAnyRole(admin, support))
        .securityContext(context -> context.securityContextRepository(contexts))
        .requestCache(cache -> cache.requestCache(requests))
        .authenticationManager(
            new ProviderManager(
                new ThrottledAuthentication(staff, passwords, throttle, LoginThrottle.Realm.STAFF)))
        .formLogin(
            form ->
                form.loginPage("/admin/login")
                    .loginProcessingUrl("/admin/login")
                    .successHandler(success)
                    .failureHandler(loginFailure("/admin/login")))
        .logout(
            logout ->
                logout
                    .logoutUrl("/admin/logout")
                    .logoutSuccessUrl("/admin/login?logout")
                    // the subscriber side of the same browser stays logged in
                    .invalidateHttpSession(false))
        .headers(headers -> headers.frameOptions(frame -> frame.deny()));
    return http.build();
  }

  /**
   * The subscriber pages and everything else. Subscribers log in at {@code /login} (or arrive with
   * a checkout or portal link, which signs them in for one customer); {@code /my/**} and {@code
   * /subscribe/**} need a subscriber, {@code /checkout/**} a checkout link. Webhooks, the sandbox
   * and the API docs stay open; CSRF protects every form.
   */
  @Bean
  @Order(3)
  SecurityFilterChain webFilterChain(
      HttpSecurity http,
      SubscriberUserDetailsService subscribers,
      PasswordEncoder passwords,
      LoginThrottle throttle)
      throws Exception {
    http.authorizeHttpRequests(
            requests ->
                requests
                    .requestMatchers("/checkout/s/*", "/portal/s/*")
                    .permitAll()
                    .requestMatchers("/checkout/**")
                    .hasAuthority(PageRoles.CHECKOUT)
                    .requestMatchers("/my", "/my/**", "/subscribe/**")
                    .hasAuthority(PageRoles.SUBSCRIBER)
                    .anyRequest()
                    .permitAll())
        .authenticationManager(
            new ProviderManager(
                new ThrottledAuthentication(
                    subscribers, passwords, throttle, LoginThrottle.Realm.SUBSCRIBER)))
        .formLogin(
            form ->
                form.loginPage("/login")
                    .loginProcessingUrl("/login")
                    .usernameParameter("email")
                    .defaultSuccessUrl("/my", false)
                    .failureHandler(loginFailure("/login")))
        .logout(logout -> logout.logoutUrl("/logout").logoutSuccessUrl("/login?logout"))
        .csrf(csrf -> csrf.ignoringRequestMatchers("/api/**", "/webhooks/**", "/toss-sandbox/**"))
        .headers(headers -> headers.frameOptions(frame -> frame.sameOrigin()));
    return http.build();
  }

  /** A failed login goes back to the form saying why: wrong password, or too many tries. */
  private static AuthenticationFailureHandler loginFailure(String loginPage) {
    return (request, response, exception) -> {
      String reason = exception instanceof LoginThrottledException ? "throttled" : "bad";
      response.sendRedirect(request.getContextPath() + loginPage + "?error=" + reason);
    };
  }

  /**
   * No Micrometer observation around each security filter, authentication and authorization. They
   * are not recorded ({@code management.observations.enable.spring.security: false}), but with an
   * observation registry present Spring Security still wrapped every filter of every request in one
   * (names concatenated, a context and its maps made, the predicate asked): about a tenth of an
   * entitlement check's CPU and allocation, for nothing an operator sees.
   */
  @Bean
  SecurityObservationSettings securityObservations() {
    return SecurityObservationSettings.noObservations();
  }

  /** Picked up by Spring Security's filter chain proxy for what its firewall refuses. */
  @Bean
  RequestRejectedHandler requestRejectedHandler() {
    return new FirewallRefusals();
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
