package io.tossbill.security;

import io.tossbill.platform.Text;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.authentication.dao.DaoAuthenticationProvider;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.web.authentication.WebAuthenticationDetails;

/**
 * Username and password login behind {@link LoginThrottle}: a blocked name or address is refused
 * before the password is checked, each wrong password counts, a right one clears the count.
 */
final class ThrottledAuthentication extends DaoAuthenticationProvider {

  private final LoginThrottle throttle;
  private final LoginThrottle.Realm realm;

  ThrottledAuthentication(
      UserDetailsService users,
      PasswordEncoder passwords,
      LoginThrottle throttle,
      LoginThrottle.Realm realm) {
    super(users);
    setPasswordEncoder(passwords);
    this.throttle = throttle;
    this.realm = realm;
  }

  @Override
  public Authentication authenticate(Authentication authentication) throws AuthenticationException {
    String username = String.valueOf(authentication.getName());
    String ip =
        authentication.getDetails() instanceof WebAuthenticationDetails details
            ? details.getRemoteAddress()
            : null;
    var blocked = throttle.blockedUntil(realm, username, ip);
    if (blocked.isPresent()) {
      throw new LoginThrottledException(blocked.get());
    }
    try {
      if (Text.hasControlCharacters(username)) {
        // no login name holds one, and PostgreSQL cannot even compare a NUL: a wrong name
        throw new BadCredentialsException("no such user");
      }
      Authentication done = super.authenticate(authentication);
      throttle.succeeded(realm, username);
      return done;
    } catch (BadCredentialsException e) {
      throttle.failed(realm, username, ip);
      throw e;
    }
  }

  @Override
  public boolean supports(Class<?> authentication) {
    return UsernamePasswordAuthenticationToken.class.isAssignableFrom(authentication);
  }
}
