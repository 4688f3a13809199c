package io.tossbill.account;

import io.tossbill.customer.CustomerId;
import java.util.Collection;
import java.util.List;
import org.springframework.security.core.CredentialsContainer;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.userdetails.UserDetails;

/**
 * A logged-in subscriber: who they are and which customer they act for ({@code ROLE_SUBSCRIBER}).
 */
public final class SubscriberUser implements UserDetails, CredentialsContainer {

  public static final String ROLE = "ROLE_SUBSCRIBER";

  private final long accountId;
  private final long customerId;
  private final String email;
  private String passwordHash;

  SubscriberUser(long accountId, long customerId, String email, String passwordHash) {
    this.accountId = accountId;
    this.customerId = customerId;
    this.email = email;
    this.passwordHash = passwordHash;
  }

  public long accountId() {
    return accountId;
  }

  public CustomerId customerId() {
    return new CustomerId(customerId);
  }

  public String email() {
    return email;
  }

  @Override
  public Collection<? extends GrantedAuthority> getAuthorities() {
    return List.of(new SimpleGrantedAuthority(ROLE));
  }

  @Override
  public String getPassword() {
    return passwordHash;
  }

  @Override
  public String getUsername() {
    return email;
  }

  @Override
  public void eraseCredentials() {
    passwordHash = "";
  }

  @Override
  public String toString() {
    return "SubscriberUser[account=" + accountId + ", customer=" + customerId + "]";
  }
}
