package io.tossbill.admin;

import jakarta.servlet.http.HttpServletRequest;
import org.jspecify.annotations.Nullable;
import org.springframework.security.authentication.AnonymousAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ModelAttribute;

/** What the console's layout needs: the section for the menu, who is logged in. */
@ControllerAdvice(basePackageClasses = AdminModel.class)
class AdminModel {

  @ModelAttribute("section")
  String section(HttpServletRequest request) {
    String path = request.getRequestURI().substring(request.getContextPath().length());
    String rest = path.startsWith("/admin/") ? path.substring("/admin/".length()) : "";
    int slash = rest.indexOf('/');
    String first = slash < 0 ? rest : rest.substring(0, slash);
    return first.isEmpty() ? "dashboard" : first.replace(".csv", "");
  }

  @ModelAttribute("staffName")
  @Nullable String staffName() {
    Authentication auth = SecurityContextHolder.getContext().getAuthentication();
    return auth == null || auth instanceof AnonymousAuthenticationToken ? null : auth.getName();
  }

  /** Whether the logged-in staff member is an ADMIN (SUPPORT otherwise). */
  @ModelAttribute("isAdmin")
  boolean isAdmin() {
    Authentication auth = SecurityContextHolder.getContext().getAuthentication();
    return auth != null
        && auth.getAuthorities().stream().anyMatch(a -> "ROLE_ADMIN".equals(a.getAuthority()));
  }
}
