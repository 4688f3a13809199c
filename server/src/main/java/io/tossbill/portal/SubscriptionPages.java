package io.tossbill.portal;

import io.tossbill.billing.ChangePreview;
import io.tossbill.billing.SubscriptionId;
import io.tossbill.billing.SubscriptionStatus;
import io.tossbill.billing.SubscriptionView;
import io.tossbill.billing.Subscriptions;
import io.tossbill.catalog.Catalog;
import io.tossbill.catalog.Plan;
import io.tossbill.catalog.PlanId;
import io.tossbill.consent.ConsentRequest;
import io.tossbill.consent.Consents;
import io.tossbill.customer.Cards;
import io.tossbill.platform.ApiException;
import io.tossbill.platform.Won;
import io.tossbill.web.Messages;
import io.tossbill.web.PageController;
import io.tossbill.web.PageFormats;
import jakarta.servlet.http.HttpSession;
import java.util.Comparator;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * My subscription: status, next charge, card, and what the subscriber may do now (change plan with
 * a preview equal to the charge, change card, cancel now or at period end, undo a cancel, pause and
 * resume). Every route checks the subscription is the current subscriber's.
 */
@PageController
class SubscriptionPages {

  private final CurrentSubscriber current;
  private final Subscriptions subscriptions;
  private final Consents consents;
  private final Catalog catalog;
  private final Cards cards;
  private final CardWindows windows;
  private final CancelQuote cancelQuotes;
  private final Messages messages;
  private final PageFormats fmt;

  SubscriptionPages(
      CurrentSubscriber current,
      Subscriptions subscriptions,
      Consents consents,
      Catalog catalog,
      Cards cards,
      CardWindows windows,
      CancelQuote cancelQuotes,
      Messages messages,
      PageFormats fmt) {
    this.current = current;
    this.subscriptions = subscriptions;
    this.consents = consents;
    this.catalog = catalog;
    this.cards = cards;
    this.windows = windows;
    this.cancelQuotes = cancelQuotes;
    this.messages = messages;
    this.fmt = fmt;
  }

  @GetMapping("/my")
  String overview(Model model) {
    CurrentSubscriber.Who who = current.require();
    List<SubscriptionView> all =
        subscriptions.ofCustomer(who.customerId()).stream()
            .sorted(
                Comparator.comparing((SubscriptionView s) -> s.status().isFinal())
                    .thenComparing(SubscriptionView::id, Comparator.reverseOrder()))
            .toList();
    model.addAttribute("subscriptions", all);
    model.addAttribute("card", cards.currentCard(who.customerId()).orElse(null));
    model.addAttribute(
        "openConsents",
        all.stream()
            .filter(s -> !s.status().isFinal())
            .flatMap(s -> openConsents(s).stream())
            .toList());
    model.addAttribute("account", who.accountId() != null);
    return "portal/my";
  }

  @GetMapping("/my/subscriptions/{id}")
  String subscription(@PathVariable long id, Model model) {
    SubscriptionView s = mine(id);
    model.addAttribute("s", s);
    model.addAttribute("card", cards.currentCard(current.require().customerId()).orElse(null));
    model.addAttribute("consents", openConsents(s));
    model.addAttribute("changeablePlans", !otherPlans(s).isEmpty());
    return "portal/subscription";
  }

  // ---- change plan

  @GetMapping("/my/subscriptions/{id}/change-plan")
  String changePlan(
      @PathVariable long id,
      @RequestParam(required = false) @Nullable Long planId,
      @RequestHeader(name = "HX-Request", required = false) @Nullable String htmx,
      Model model) {
    SubscriptionView s = mine(id);
    model.addAttribute("s", s);
    model.addAttribute("plans", otherPlans(s));
    model.addAttribute("selected", planId);
    if (planId != null) {
      try {
        model.addAttribute("preview", subscriptions.preview(sid(s), planOf(planId)));
      } catch (ApiException e) {
        model.addAttribute("previewError", messages.refusal(e));
      }
    }
    return htmx != null ? "portal/change-plan :: preview" : "portal/change-plan";
  }

  @PostMapping("/my/subscriptions/{id}/change-plan")
  String changePlanNow(
      @PathVariable long id,
      @RequestParam(required = false) @Nullable Long planId,
      @RequestParam(required = false) @Nullable Long expectedDueNow,
      RedirectAttributes flash) {
    SubscriptionView s = mine(id);
    if (planId == null) {
      flash.addFlashAttribute("alert", messages.text("change.choose"));
      return "redirect:/my/subscriptions/" + id + "/change-plan";
    }
    try {
      ChangePreview preview = subscriptions.preview(sid(s), planOf(planId));
      // held to the amount the subscriber saw: a quote that changed meanwhile is refused
      subscriptions.changePlan(
          sid(s), planOf(planId), expectedDueNow == null ? null : Won.of(expectedDueNow));
      flash.addFlashAttribute(
          "notice",
          switch (preview.kind()) {
            case "UPGRADE_NOW" -> messages.text("change.done.now", preview.planName());
            case "SCHEDULED" ->
                messages.text(
                    "change.done.scheduled", preview.planName(), fmt.date(preview.effectiveOn()));
            default -> messages.text("change.done.switched", preview.planName());
          });
    } catch (ApiException e) {
      flash.addFlashAttribute("alert", messages.refusal(e));
      return "redirect:/my/subscriptions/" + id + "/change-plan?planId=" + planId;
    }
    return "redirect:/my/subscriptions/" + id;
  }

  // ---- cancel, undo, pause, resume

  @GetMapping("/my/subscriptions/{id}/cancel")
  String cancelPage(@PathVariable long id, Model model) {
    SubscriptionView s = mine(id);
    model.addAttribute("s", s);
    model.addAttribute("quote", cancelQuotes.of(s, subscriptions.payments(sid(s))));
    model.addAttribute(
        "canCancelAtEnd",
        (s.status() == SubscriptionStatus.ACTIVE || s.status() == SubscriptionStatus.TRIALING)
            && !s.cancelAtPeriodEnd());
    return "portal/cancel";
  }

  @PostMapping("/my/subscriptions/{id}/cancel")
  String cancel(
      @PathVariable long id,
      @RequestParam(required = false) @Nullable String when,
      RedirectAttributes flash) {
    SubscriptionView s = mine(id);
    if (!"period_end".equals(when) && !"now".equals(when)) {
      flash.addFlashAttribute("alert", messages.text("cancel.choose"));
      return "redirect:/my/subscriptions/" + id + "/cancel";
    }
    try {
      if ("period_end".equals(when)) {
        subscriptions.cancel(sid(s), true, Subscriptions.RefundMode.NONE);
        flash.addFlashAttribute(
            "notice", messages.text("cancel.done.end", fmt.date(s.currentPeriodEnd())));
      } else {
        Subscriptions.CancelResult result =
            subscriptions.cancel(sid(s), false, Subscriptions.RefundMode.PRORATED);
        long refunded = result.refunds().stream().mapToLong(r -> r.amount().value()).sum();
        flash.addFlashAttribute(
            "notice",
            result.refundFailure() != null
                ? messages.text("cancel.done.refundLater")
                : refunded > 0
                    ? messages.text("cancel.done.refund", fmt.won(refunded))
                    : messages.text("cancel.done.now"));
      }
    } catch (ApiException e) {
      flash.addFlashAttribute("alert", messages.refusal(e));
      return "redirect:/my/subscriptions/" + id + "/cancel";
    }
    return "redirect:/my/subscriptions/" + id;
  }

  @PostMapping("/my/subscriptions/{id}/undo-cancel")
  String undoCancel(@PathVariable long id, RedirectAttributes flash) {
    SubscriptionView s = mine(id);
    return act(id, flash, () -> subscriptions.undoCancel(sid(s)), "cancel.undone");
  }

  @PostMapping("/my/subscriptions/{id}/pause")
  String pause(@PathVariable long id, RedirectAttributes flash) {
    SubscriptionView s = mine(id);
    return act(id, flash, () -> subscriptions.pause(sid(s)), "pause.done");
  }

  @PostMapping("/my/subscriptions/{id}/resume")
  String resume(@PathVariable long id, RedirectAttributes flash) {
    SubscriptionView s = mine(id);
    return act(id, flash, () -> subscriptions.resume(sid(s)), "resume.done");
  }

  // ---- the card

  @GetMapping("/my/card")
  String card(Model model, HttpSession session) {
    windows.addTo(model, session, current.require().customerId(), "/my");
    return "portal/card";
  }

  @GetMapping("/my/card/success")
  String cardSuccess(
      @RequestParam(required = false) @Nullable String customerKey,
      @RequestParam(required = false) @Nullable String authKey,
      HttpSession session,
      RedirectAttributes flash) {
    try {
      windows.register(session, current.require().customerId(), customerKey, authKey);
    } catch (ApiException e) {
      flash.addFlashAttribute("alert", messages.refusal(e));
      return "redirect:/my/card";
    }
    flash.addFlashAttribute("notice", messages.text("card.changed"));
    return "redirect:/my";
  }

  @GetMapping("/my/card/fail")
  String cardFail(
      @RequestParam(required = false) @Nullable String code,
      @RequestParam(required = false) @Nullable String message,
      RedirectAttributes flash) {
    current.require();
    flash.addFlashAttribute("alert", windows.failure(code, message));
    return "redirect:/my/card";
  }

  // ---- helpers

  private String act(long id, RedirectAttributes flash, Runnable action, String done) {
    try {
      action.run();
      flash.addFlashAttribute("notice", messages.text(done));
    } catch (ApiException e) {
      flash.addFlashAttribute("alert", messages.refusal(e));
    }
    return "redirect:/my/subscriptions/" + id;
  }

  /** The subscription, when it is the current subscriber's; 404 otherwise. */
  private SubscriptionView mine(long id) {
    CurrentSubscriber.Who who = current.require();
    if (id <= 0) {
      throw CurrentSubscriber.notFound();
    }
    SubscriptionView s;
    try {
      s = subscriptions.view(new SubscriptionId(id));
    } catch (ApiException e) {
      throw CurrentSubscriber.notFound();
    }
    if (s.customerId() != who.customerId().value()) {
      throw CurrentSubscriber.notFound();
    }
    return s;
  }

  private List<Plan> otherPlans(SubscriptionView s) {
    if (s.status() != SubscriptionStatus.ACTIVE && s.status() != SubscriptionStatus.TRIALING) {
      return List.of();
    }
    return catalog.activePlans().stream()
        .filter(p -> p.id().value() != s.planId() && !p.isFree())
        .toList();
  }

  private List<ConsentRequest> openConsents(SubscriptionView s) {
    return consents.ofSubscription(new SubscriptionId(s.id())).stream()
        .filter(c -> c.status().isLive())
        .toList();
  }

  private static SubscriptionId sid(SubscriptionView s) {
    return new SubscriptionId(s.id());
  }

  private static PlanId planOf(long planId) {
    if (planId <= 0) {
      throw ApiException.notFound("PLAN_NOT_FOUND", "api.PLAN_NOT_FOUND.3");
    }
    return new PlanId(planId);
  }
}
