package io.tossbill.portal;

import io.tossbill.platform.ApiException;
import io.tossbill.security.PageRoles;
import io.tossbill.web.PageController;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.time.Clock;
import java.util.List;
import org.springframework.http.HttpStatus;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.web.context.HttpSessionSecurityContextRepository;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;

/**
 * Opening a checkout or portal link: the browser is signed in for the link's customer (any
 * subscriber login in it is replaced, the session id changes) and sent on without the token in the
 * address bar.
 */
@PageController
class LinkPages {

  private final HostedSessions sessions;
  private final Clock clock;
  private final HttpSessionSecurityContextRepository contexts =
      new HttpSessionSecurityContextRepository();

  LinkPages(HostedSessions sessions, Clock clock) {
    this.sessions = sessions;
    this.clock = clock;
  }

  @GetMapping("/checkout/s/{token}")
  String openCheckout(
      @PathVariable String token, HttpServletRequest request, HttpServletResponse response) {
    var session = sessions.open(LinkAccess.Kind.CHECKOUT, token).orElseThrow(LinkPages::invalid);
    signIn(session, PageRoles.CHECKOUT, request, response);
    return "redirect:/checkout/" + session.publicId();
  }

  @GetMapping("/portal/s/{token}")
  String openPortal(
      @PathVariable String token, HttpServletRequest request, HttpServletResponse response) {
    var session = sessions.open(LinkAccess.Kind.PORTAL, token).orElseThrow(LinkPages::invalid);
    signIn(session, PageRoles.SUBSCRIBER, request, response);
    return "redirect:" + session.landingPath();
  }

  private void signIn(
      HostedSessionRepository.Stored session,
      String authority,
      HttpServletRequest request,
      HttpServletResponse response) {
    LinkAccess access =
        new LinkAccess(
            session.kind(),
            session.publicId(),
            session.customerId(),
            session.planId(),
            session.returnUrl(),
            session.cancelUrl(),
            clock.instant().plus(sessions.accessLifetime()));
    if (request.getSession(false) != null) {
      request.changeSessionId();
    }
    SecurityContext context = SecurityContextHolder.createEmptyContext();
    context.setAuthentication(
        UsernamePasswordAuthenticationToken.authenticated(
            access, null, List.of(new SimpleGrantedAuthority(authority))));
    SecurityContextHolder.setContext(context);
    contexts.saveContext(context, request, response);
  }

  private static ApiException invalid() {
    return new ApiException(HttpStatus.NOT_FOUND, "LINK_INVALID", "api.LINK_INVALID");
  }
}
