package io.tossbill.security;

/**
 * What a staff member of the admin console may do. SUPPORT sees everything and may cancel, retry
 * and resend; only ADMIN refunds, edits plans, moves the test clock, and manages keys and staff.
 */
public enum StaffRole {
  ADMIN,
  SUPPORT;

  /** The Spring Security authority of the admin console (the staff chain only). */
  public String authority() {
    return "ROLE_" + name();
  }
}
