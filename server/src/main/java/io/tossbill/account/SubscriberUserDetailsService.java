package io.tossbill.account;

import org.springframework.security.core.userdetails.UserDetails;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.core.userdetails.UsernameNotFoundException;
import org.springframework.stereotype.Service;

/** Subscribers log in with their email address and password. */
@Service
public class SubscriberUserDetailsService implements UserDetailsService {

  private final Accounts accounts;

  SubscriberUserDetailsService(Accounts accounts) {
    this.accounts = accounts;
  }

  @Override
  public UserDetails loadUserByUsername(String email) {
    if (email == null || email.isBlank() || email.length() > 100) {
      throw new UsernameNotFoundException("no such subscriber");
    }
    return accounts
        .forLogin(email.strip())
        .map(
            stored ->
                new SubscriberUser(
                    stored.account().id(),
                    stored.account().customerId().value(),
                    stored.account().email(),
                    stored.passwordHash()))
        .orElseThrow(() -> new UsernameNotFoundException("no such subscriber"));
  }
}
