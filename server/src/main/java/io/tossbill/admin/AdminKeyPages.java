package io.tossbill.admin;

import io.tossbill.platform.ApiException;
import io.tossbill.security.ApiKeyRole;
import io.tossbill.security.ApiKeys;
import io.tossbill.web.Messages;
import io.tossbill.web.PageController;
import java.util.Locale;
import org.jspecify.annotations.Nullable;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/** API keys (ADMIN only): create (the key is shown once, right after), list, revoke. */
@PageController
class AdminKeyPages {

  private final ApiKeys keys;
  private final Messages messages;

  AdminKeyPages(ApiKeys keys, Messages messages) {
    this.keys = keys;
    this.messages = messages;
  }

  @GetMapping("/admin/api-keys")
  String list(Model model) {
    model.addAttribute("keys", keys.all().reversed());
    model.addAttribute("roles", ApiKeyRole.values());
    return "admin/api-keys";
  }

  @PostMapping("/admin/api-keys")
  String create(
      @RequestParam(required = false) @Nullable String name,
      @RequestParam(required = false) @Nullable String role,
      RedirectAttributes flash) {
    try {
      ApiKeyRole keyRole =
          "ADMIN".equals(role == null ? "" : role.toUpperCase(Locale.ROOT))
              ? ApiKeyRole.ADMIN
              : ApiKeyRole.MERCHANT;
      ApiKeys.NewKey key = keys.create(name == null ? "" : name, keyRole);
      // shown once on the next page, never stored anywhere readable
      flash.addFlashAttribute("newKey", key.key());
      flash.addFlashAttribute("notice", messages.text("admin.keys.created", key.apiKey().name()));
    } catch (ApiException e) {
      flash.addFlashAttribute("alert", messages.refusal(e));
    }
    return "redirect:/admin/api-keys";
  }

  @PostMapping("/admin/api-keys/{id}/revoke")
  String revoke(@PathVariable long id, RedirectAttributes flash) {
    try {
      var key = keys.revoke(id);
      flash.addFlashAttribute("notice", messages.text("admin.keys.revoked", key.name()));
    } catch (ApiException e) {
      flash.addFlashAttribute("alert", messages.refusal(e));
    }
    return "redirect:/admin/api-keys";
  }
}
