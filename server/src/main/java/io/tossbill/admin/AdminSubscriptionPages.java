package io.tossbill.admin;

import io.tossbill.billing.SubscriptionId;
import io.tossbill.billing.SubscriptionQueries;
import io.tossbill.billing.SubscriptionStatus;
import io.tossbill.billing.SubscriptionView;
import io.tossbill.billing.Subscriptions;
import io.tossbill.catalog.CatalogService;
import io.tossbill.catalog.Plan;
import io.tossbill.catalog.PlanId;
import io.tossbill.consent.Consents;
import io.tossbill.customer.Cards;
import io.tossbill.customer.CustomerId;
import io.tossbill.customer.CustomerQueries;
import io.tossbill.platform.ApiException;
import io.tossbill.web.Messages;
import io.tossbill.web.PageController;
import io.tossbill.web.PageFormats;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;
import org.springframework.security.core.Authentication;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * Subscriptions: search by customer (email, name, customerKey, external id), status and plan, a
 * page at a time; a subscription's page with its timeline, payments, card and consents; and the
 * actions: cancel (with a refund only for ADMIN), undo a cancel, pause, resume, change plan.
 */
@PageController
class AdminSubscriptionPages {

  static final int PAGE_SIZE = 25;

  private final SubscriptionQueries queries;
  private final Subscriptions subscriptions;
  private final CustomerQueries customers;
  private final CatalogService catalog;
  private final Cards cards;
  private final Consents consents;
  private final Messages messages;
  private final PageFormats fmt;

  AdminSubscriptionPages(
      SubscriptionQueries queries,
      Subscriptions subscriptions,
      CustomerQueries customers,
      CatalogService catalog,
      Cards cards,
      Consents consents,
      Messages messages,
      PageFormats fmt) {
    this.queries = queries;
    this.subscriptions = subscriptions;
    this.customers = customers;
    this.catalog = catalog;
    this.cards = cards;
    this.consents = consents;
    this.messages = messages;
    this.fmt = fmt;
  }

  @GetMapping("/admin/subscriptions")
  String list(
      @RequestParam(required = false) @Nullable String q,
      @RequestParam(required = false) @Nullable String status,
      @RequestParam(required = false) @Nullable Long plan,
      @RequestParam(defaultValue = "0") int page,
      @RequestHeader(name = "HX-Request", required = false) @Nullable String htmx,
      Model model) {
    SubscriptionStatus wanted = status(status);
    List<Long> customerIds = null;
    boolean tooMany = false;
    if (q != null && !q.isBlank()) {
      customerIds = customers.matchingIds(q);
      if (customerIds.size() > CustomerQueries.MAX_MATCHES) {
        tooMany = true;
        customerIds = customerIds.subList(0, CustomerQueries.MAX_MATCHES);
      }
    }
    var result = queries.search(wanted, plan, customerIds, page, PAGE_SIZE);
    Map<Long, CustomerQueries.CustomerRow> who =
        customers
            .byIds(
                result.subscriptions().stream()
                    .map(SubscriptionQueries.SubscriptionRow::customerId)
                    .toList())
            .stream()
            .collect(Collectors.toMap(CustomerQueries.CustomerRow::id, Function.identity()));
    model.addAttribute("q", q);
    model.addAttribute("status", wanted == null ? null : wanted.name());
    model.addAttribute("plan", plan);
    model.addAttribute("plans", catalog.plans(null));
    model.addAttribute("statuses", SubscriptionStatus.values());
    model.addAttribute("result", result);
    model.addAttribute("customers", who);
    model.addAttribute("tooMany", tooMany);
    return htmx != null ? "admin/subscriptions :: results" : "admin/subscriptions";
  }

  @GetMapping("/admin/subscriptions/{id}")
  String subscription(
      @PathVariable long id, @RequestParam(required = false) @Nullable Long planId, Model model) {
    SubscriptionView s = require(id);
    SubscriptionId sid = new SubscriptionId(id);
    CustomerId customerId = new CustomerId(s.customerId());
    model.addAttribute("s", s);
    model.addAttribute("customer", customers.find(customerId).orElse(null));
    model.addAttribute("card", cards.currentCard(customerId).orElse(null));
    model.addAttribute("history", subscriptions.history(sid).reversed());
    model.addAttribute("payments", subscriptions.payments(sid).reversed());
    model.addAttribute("consents", consents.ofSubscription(sid));
    model.addAttribute(
        "otherPlans",
        catalog.activePlans().stream().filter(p -> p.id().value() != s.planId()).toList());
    if (planId != null && planId > 0) {
      model.addAttribute("selectedPlan", planId);
      try {
        model.addAttribute("preview", subscriptions.preview(sid, new PlanId(planId)));
      } catch (ApiException e) {
        model.addAttribute("previewError", messages.refusal(e));
      }
    }
    return "admin/subscription";
  }

  @PostMapping("/admin/subscriptions/{id}/cancel")
  String cancel(
      @PathVariable long id,
      @RequestParam(required = false) @Nullable String when,
      @RequestParam(required = false) @Nullable String refund,
      Authentication staff,
      RedirectAttributes flash) {
    require(id);
    boolean prorated = "prorated".equals(refund);
    if (prorated && !AdminRoles.isAdmin(staff)) {
      flash.addFlashAttribute("alert", messages.text("admin.refund.adminOnly"));
      return back(id);
    }
    if (!"period_end".equals(when) && !"now".equals(when)) {
      flash.addFlashAttribute("alert", messages.text("cancel.choose"));
      return back(id);
    }
    try {
      var result =
          subscriptions.cancel(
              new SubscriptionId(id),
              "period_end".equals(when),
              prorated ? Subscriptions.RefundMode.PRORATED : Subscriptions.RefundMode.NONE);
      long refunded = result.refunds().stream().mapToLong(r -> r.amount().value()).sum();
      flash.addFlashAttribute(
          "notice",
          "period_end".equals(when)
              ? messages.text("admin.sub.cancelScheduled")
              : refunded > 0
                  ? messages.text("admin.sub.canceledRefund", fmt.won(refunded))
                  : messages.text("admin.sub.canceled"));
      if (result.refundFailure() != null) {
        flash.addFlashAttribute(
            "alert", messages.text("admin.sub.refundFailed", result.refundFailure()));
      }
    } catch (ApiException e) {
      flash.addFlashAttribute("alert", messages.refusal(e));
    }
    return back(id);
  }

  @PostMapping("/admin/subscriptions/{id}/undo-cancel")
  String undoCancel(@PathVariable long id, RedirectAttributes flash) {
    require(id);
    return act(id, flash, () -> subscriptions.undoCancel(new SubscriptionId(id)), "cancel.undone");
  }

  @PostMapping("/admin/subscriptions/{id}/pause")
  String pause(@PathVariable long id, RedirectAttributes flash) {
    require(id);
    return act(id, flash, () -> subscriptions.pause(new SubscriptionId(id)), "pause.done");
  }

  @PostMapping("/admin/subscriptions/{id}/resume")
  String resume(@PathVariable long id, RedirectAttributes flash) {
    require(id);
    return act(id, flash, () -> subscriptions.resume(new SubscriptionId(id)), "resume.done");
  }

  /** Charges a past-due subscription's unpaid period again now (SUPPORT may too). */
  @PostMapping("/admin/subscriptions/{id}/retry")
  String retry(@PathVariable long id, RedirectAttributes flash) {
    require(id);
    return act(id, flash, () -> subscriptions.retryNow(new SubscriptionId(id)), "retry.done");
  }

  /** Gives a trialing subscriber more days free (ADMIN). */
  @PostMapping("/admin/subscriptions/{id}/extend-trial")
  String extendTrial(
      @PathVariable long id,
      @RequestParam(required = false) @Nullable Integer days,
      RedirectAttributes flash) {
    require(id);
    if (days == null) {
      flash.addFlashAttribute("alert", messages.text("trial.extend.days.required"));
      return back(id);
    }
    return act(
        id, flash, () -> subscriptions.extendTrial(new SubscriptionId(id), days), "trial.extended");
  }

  @PostMapping("/admin/subscriptions/{id}/change-plan")
  String changePlan(
      @PathVariable long id,
      @RequestParam(required = false) @Nullable Long planId,
      @RequestParam(required = false) @Nullable Long expectedDueNow,
      RedirectAttributes flash) {
    require(id);
    if (planId == null || planId <= 0) {
      flash.addFlashAttribute("alert", messages.text("change.choose"));
      return back(id);
    }
    Plan plan = catalog.find(new PlanId(planId)).orElse(null);
    if (plan == null) {
      flash.addFlashAttribute("alert", messages.text("error.PLAN_NOT_FOUND"));
      return back(id);
    }
    return act(
        id,
        flash,
        () ->
            subscriptions.changePlan(
                new SubscriptionId(id),
                plan.id(),
                expectedDueNow == null ? null : io.tossbill.platform.Won.of(expectedDueNow)),
        "admin.sub.planChanged");
  }

  private String act(long id, RedirectAttributes flash, Runnable action, String done) {
    try {
      action.run();
      flash.addFlashAttribute("notice", messages.text(done));
    } catch (ApiException e) {
      flash.addFlashAttribute("alert", messages.refusal(e));
    }
    return back(id);
  }

  private static String back(long id) {
    return "redirect:/admin/subscriptions/" + id;
  }

  private SubscriptionView require(long id) {
    if (id <= 0) {
      throw ApiException.notFound("SUBSCRIPTION_NOT_FOUND", "api.SUBSCRIPTION_NOT_FOUND");
    }
    return subscriptions.view(new SubscriptionId(id));
  }

  private static @Nullable SubscriptionStatus status(@Nullable String value) {
    if (value == null || value.isBlank()) {
      return null;
    }
    try {
      return SubscriptionStatus.valueOf(value.strip().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      return null;
    }
  }
}
