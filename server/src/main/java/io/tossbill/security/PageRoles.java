package io.tossbill.security;

import io.tossbill.account.SubscriberUser;

/** The authorities of the page chain (the staff chain has {@link StaffRole}). */
public final class PageRoles {

  /** A subscriber: a logged-in account, or someone who opened a portal link. */
  public static final String SUBSCRIBER = SubscriberUser.ROLE;

  /** Someone who opened a checkout link: that link's hosted checkout only. */
  public static final String CHECKOUT = "ROLE_CHECKOUT";

  private PageRoles() {}
}
