package io.tossbill.admin;

import io.tossbill.hooks.HookDelivery;
import io.tossbill.hooks.HookEndpoints;
import io.tossbill.platform.ApiException;
import io.tossbill.platform.ListPage;
import io.tossbill.platform.ListRequest;
import io.tossbill.web.Messages;
import io.tossbill.web.PageController;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * Outgoing webhooks (ADMIN only): endpoints (the signing secret is shown once, after creating or
 * rolling it), their delivery log with every try, and a replay of one delivery.
 */
@PageController
class AdminHookPages {

  private static final int DELIVERIES_SHOWN = 50;

  private final HookEndpoints endpoints;
  private final Messages messages;

  AdminHookPages(HookEndpoints endpoints, Messages messages) {
    this.endpoints = endpoints;
    this.messages = messages;
  }

  @GetMapping("/admin/webhook-endpoints")
  String list(Model model) {
    model.addAttribute("endpoints", endpoints.all());
    model.addAttribute("choices", endpoints.eventTypeChoices());
    return "admin/webhook-endpoints";
  }

  @PostMapping("/admin/webhook-endpoints")
  String create(
      @RequestParam(required = false) @Nullable String url,
      @RequestParam(required = false) @Nullable String description,
      @RequestParam(required = false) @Nullable List<String> eventTypes,
      RedirectAttributes flash) {
    try {
      HookEndpoints.WithSecret created =
          endpoints.create(url, types(eventTypes), description, true);
      // shown once on the next page, never again
      flash.addFlashAttribute("newSecret", created.secret());
      flash.addFlashAttribute("notice", messages.text("admin.hooks.created"));
      return "redirect:/admin/webhook-endpoints/" + created.endpoint().id();
    } catch (ApiException e) {
      flash.addFlashAttribute("alert", messages.refusal(e));
      flash.addFlashAttribute("url", url);
      flash.addFlashAttribute("description", description);
      return "redirect:/admin/webhook-endpoints";
    }
  }

  @GetMapping("/admin/webhook-endpoints/{id}")
  String endpoint(
      @PathVariable long id,
      @RequestParam(required = false) @Nullable String status,
      @RequestParam(required = false) @Nullable String cursor,
      Model model) {
    model.addAttribute("endpoint", endpoints.get(id));
    model.addAttribute("choices", endpoints.eventTypeChoices());
    ListPage<HookDelivery> deliveries;
    try {
      deliveries = endpoints.deliveries(id, status, ListRequest.of(DELIVERIES_SHOWN, cursor));
    } catch (ApiException e) {
      // a hand-edited filter or cursor: show the first page of everything
      status = null;
      deliveries = endpoints.deliveries(id, null, ListRequest.of(DELIVERIES_SHOWN, null));
    }
    model.addAttribute("deliveries", deliveries);
    model.addAttribute("status", status == null || status.isBlank() ? null : status);
    model.addAttribute("statuses", io.tossbill.hooks.HookDeliveryStatus.values());
    return "admin/webhook-endpoint";
  }

  @PostMapping("/admin/webhook-endpoints/{id}")
  String update(
      @PathVariable long id,
      @RequestParam(required = false) @Nullable String url,
      @RequestParam(required = false) @Nullable String description,
      @RequestParam(required = false) @Nullable List<String> eventTypes,
      RedirectAttributes flash) {
    return change(
        id,
        flash,
        "admin.hooks.saved",
        () ->
            endpoints.update(
                id,
                new HookEndpoints.Changes(
                    url,
                    eventTypes == null || eventTypes.isEmpty()
                        ? List.of(io.tossbill.hooks.HookEventType.ALL)
                        : List.copyOf(eventTypes),
                    description == null ? "" : description,
                    null)));
  }

  @PostMapping("/admin/webhook-endpoints/{id}/enable")
  String enable(@PathVariable long id, RedirectAttributes flash) {
    return change(
        id,
        flash,
        "admin.hooks.enabledNow",
        () -> endpoints.update(id, new HookEndpoints.Changes(null, null, null, true)));
  }

  @PostMapping("/admin/webhook-endpoints/{id}/disable")
  String disable(@PathVariable long id, RedirectAttributes flash) {
    return change(
        id,
        flash,
        "admin.hooks.disabledNow",
        () -> endpoints.update(id, new HookEndpoints.Changes(null, null, null, false)));
  }

  @PostMapping("/admin/webhook-endpoints/{id}/roll-secret")
  String rollSecret(@PathVariable long id, RedirectAttributes flash) {
    return change(
        id,
        flash,
        "admin.hooks.rolled",
        () -> flash.addFlashAttribute("newSecret", endpoints.rollSecret(id).secret()));
  }

  @PostMapping("/admin/webhook-endpoints/{id}/delete")
  String delete(@PathVariable long id, RedirectAttributes flash) {
    try {
      endpoints.delete(id);
      flash.addFlashAttribute("notice", messages.text("admin.hooks.deleted"));
    } catch (ApiException e) {
      flash.addFlashAttribute("alert", messages.refusal(e));
    }
    return "redirect:/admin/webhook-endpoints";
  }

  @GetMapping("/admin/webhook-endpoints/{id}/deliveries/{deliveryId}")
  String delivery(@PathVariable long id, @PathVariable long deliveryId, Model model) {
    model.addAttribute("endpoint", endpoints.get(id));
    model.addAttribute("d", endpoints.delivery(id, deliveryId));
    return "admin/webhook-delivery";
  }

  @PostMapping("/admin/webhook-endpoints/{id}/deliveries/{deliveryId}/replay")
  String replay(@PathVariable long id, @PathVariable long deliveryId, RedirectAttributes flash) {
    try {
      endpoints.replay(id, deliveryId);
      flash.addFlashAttribute("notice", messages.text("admin.hooks.replayed"));
    } catch (ApiException e) {
      flash.addFlashAttribute("alert", messages.refusal(e));
    }
    return "redirect:/admin/webhook-endpoints/" + id + "/deliveries/" + deliveryId;
  }

  private String change(long id, RedirectAttributes flash, String done, Runnable action) {
    try {
      action.run();
      flash.addFlashAttribute("notice", messages.text(done));
    } catch (ApiException e) {
      flash.addFlashAttribute("alert", messages.refusal(e));
    }
    return "redirect:/admin/webhook-endpoints/" + id;
  }

  /** The boxes ticked; none ticked is every event. */
  private static @Nullable List<@Nullable String> types(@Nullable List<String> ticked) {
    return ticked == null || ticked.isEmpty() ? null : List.copyOf(ticked);
  }
}
