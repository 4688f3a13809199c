package io.tossbill.admin;

import io.tossbill.platform.ApiException;
import io.tossbill.security.Staff;
import io.tossbill.security.StaffRole;
import io.tossbill.web.Messages;
import io.tossbill.web.PageController;
import java.security.Principal;
import java.util.Locale;
import org.jspecify.annotations.Nullable;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/** Staff (ADMIN only): add with a password shown once, disable and enable. */
@PageController
class AdminStaffPages {

  private final Staff staff;
  private final Messages messages;

  AdminStaffPages(Staff staff, Messages messages) {
    this.staff = staff;
    this.messages = messages;
  }

  @GetMapping("/admin/staff")
  String list(Model model) {
    model.addAttribute("members", staff.all());
    model.addAttribute("roles", StaffRole.values());
    return "admin/staff";
  }

  @PostMapping("/admin/staff")
  String add(
      @RequestParam(required = false) @Nullable String username,
      @RequestParam(required = false) @Nullable String role,
      RedirectAttributes flash) {
    try {
      StaffRole staffRole = null;
      if (role != null) {
        try {
          staffRole = StaffRole.valueOf(role.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
          staffRole = null;
        }
      }
      Staff.NewStaffMember added = staff.add(username, staffRole);
      flash.addFlashAttribute("newPassword", added.password());
      flash.addFlashAttribute("newUsername", added.member().username());
      flash.addFlashAttribute(
          "notice", messages.text("admin.staff.added", added.member().username()));
    } catch (ApiException e) {
      flash.addFlashAttribute("alert", messages.refusal(e));
    }
    return "redirect:/admin/staff";
  }

  @PostMapping("/admin/staff/{id}/disable")
  String disable(@PathVariable long id, Principal me, RedirectAttributes flash) {
    return set(id, true, me, flash);
  }

  @PostMapping("/admin/staff/{id}/enable")
  String enable(@PathVariable long id, Principal me, RedirectAttributes flash) {
    return set(id, false, me, flash);
  }

  private String set(long id, boolean disabled, Principal me, RedirectAttributes flash) {
    try {
      Staff.StaffMember member = staff.setDisabled(id, disabled, me.getName());
      flash.addFlashAttribute(
          "notice",
          messages.text(
              disabled ? "admin.staff.disabled" : "admin.staff.enabled", member.username()));
    } catch (ApiException e) {
      flash.addFlashAttribute("alert", messages.refusal(e));
    }
    return "redirect:/admin/staff";
  }
}
