package io.tossbill.admin;

import io.tossbill.platform.ApiException;
import io.tossbill.security.Staff;
import io.tossbill.web.Messages;
import io.tossbill.web.PageController;
import jakarta.servlet.http.HttpServletResponse;
import java.security.Principal;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/** The staff login form (Spring Security checks it) and one's own password. */
@PageController
class AdminLoginPages {

  private final Staff staff;
  private final Messages messages;

  AdminLoginPages(Staff staff, Messages messages) {
    this.staff = staff;
    this.messages = messages;
  }

  @GetMapping("/admin/login")
  String login(
      @RequestParam(required = false) @Nullable String error,
      @RequestParam(required = false) @Nullable String logout,
      Model model) {
    if ("throttled".equals(error)) {
      model.addAttribute("alert", messages.text("login.throttled"));
    } else if (error != null) {
      model.addAttribute("alert", messages.text("admin.login.bad"));
    } else if (logout != null) {
      model.addAttribute("notice", messages.text("login.loggedOut"));
    }
    return "admin/login";
  }

  @GetMapping("/admin/password")
  String passwordPage(Model model) {
    model.addAttribute("errors", Map.of());
    return "admin/password";
  }

  @PostMapping("/admin/password")
  String changePassword(
      @RequestParam(required = false) @Nullable String current,
      @RequestParam(required = false) @Nullable String password,
      @RequestParam(required = false) @Nullable String passwordAgain,
      Principal principal,
      Model model,
      HttpServletResponse response,
      RedirectAttributes flash) {
    Map<String, String> errors = new LinkedHashMap<>();
    if (password == null || !password.equals(passwordAgain)) {
      errors.put("passwordAgain", messages.text("signup.passwordMismatch"));
    } else {
      try {
        staff.changePassword(principal.getName(), current == null ? "" : current, password);
        flash.addFlashAttribute("notice", messages.text("account.passwordChanged"));
        return "redirect:/admin";
      } catch (ApiException e) {
        errors.put("PASSWORD_WRONG".equals(e.code()) ? "current" : "password", messages.refusal(e));
      }
    }
    model.addAttribute("errors", errors);
    response.setStatus(400);
    return "admin/password";
  }
}
