package io.tossbill.admin;

import io.tossbill.security.StaffRole;
import org.springframework.security.core.Authentication;

/** Role checks the URL rules cannot make (e.g. a cancel that refunds). */
final class AdminRoles {

  private AdminRoles() {}

  static boolean isAdmin(Authentication staff) {
    return staff.getAuthorities().stream()
        .anyMatch(a -> StaffRole.ADMIN.authority().equals(a.getAuthority()));
  }
}
