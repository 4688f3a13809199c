package io.tossbill.portal;

import io.tossbill.billing.DiscountRedemption;
import io.tossbill.billing.DiscountTerms;
import io.tossbill.billing.SubscriptionStatus;
import io.tossbill.billing.SubscriptionView;
import io.tossbill.billing.Subscriptions;
import io.tossbill.catalog.Catalog;
import io.tossbill.catalog.Plan;
import io.tossbill.catalog.PlanId;
import io.tossbill.coupon.Coupons;
import io.tossbill.customer.Cards;
import io.tossbill.customer.CustomerId;
import io.tossbill.payment.PaymentStatus;
import io.tossbill.payment.PaymentView;
import io.tossbill.platform.ApiException;
import io.tossbill.platform.Text;
import io.tossbill.web.Messages;
import io.tossbill.web.PageController;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import java.util.Comparator;
import org.jspecify.annotations.Nullable;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * Subscribing: the plan and the card (registered in Toss's window), a confirm page stating what is
 * charged now and next (with a promotion code the subscriber types, checked and shown with its
 * discount before anything is redeemed), then the subscription. Two ways in with the same pages:
 * {@code /subscribe/{planId}} for a logged-in subscriber and {@code /checkout/{sessionId}} for a
 * checkout link, which ends at the merchant's success address.
 */
@PageController
class CheckoutPages {

  /** Where a checkout happens and where it ends. */
  record Flow(
      CustomerId customerId,
      Plan plan,
      String base,
      @Nullable String sessionId,
      @Nullable String cancelUrl) {

    public boolean hosted() {
      return sessionId != null;
    }
  }

  private final CurrentSubscriber current;
  private final HostedSessions sessions;
  private final Catalog catalog;
  private final Cards cards;
  private final Subscriptions subscriptions;
  private final CardWindows windows;
  private final SubscribeQuote quotes;
  private final Messages messages;
  private final Coupons coupons;

  CheckoutPages(
      CurrentSubscriber current,
      HostedSessions sessions,
      Catalog catalog,
      Cards cards,
      Subscriptions subscriptions,
      CardWindows windows,
      SubscribeQuote quotes,
      Messages messages,
      Coupons coupons) {
    this.current = current;
    this.sessions = sessions;
    this.catalog = catalog;
    this.cards = cards;
    this.subscriptions = subscriptions;
    this.windows = windows;
    this.quotes = quotes;
    this.messages = messages;
    this.coupons = coupons;
  }

  // ---- a logged-in subscriber

  @GetMapping("/subscribe/{planId}")
  String start(@PathVariable long planId, Model model, HttpSession session) {
    return page(accountFlow(planId), model, session);
  }

  @GetMapping("/subscribe/{planId}/card/success")
  String cardSuccess(
      @PathVariable long planId,
      @RequestParam(required = false) @Nullable String customerKey,
      @RequestParam(required = false) @Nullable String authKey,
      HttpSession session,
      RedirectAttributes flash) {
    return cardRegistered(accountFlow(planId), customerKey, authKey, session, flash);
  }

  @GetMapping("/subscribe/{planId}/card/fail")
  String cardFail(
      @PathVariable long planId,
      @RequestParam(required = false) @Nullable String code,
      @RequestParam(required = false) @Nullable String message,
      RedirectAttributes flash) {
    return cardFailed(accountFlow(planId), code, message, flash);
  }

  @GetMapping("/subscribe/{planId}/confirm")
  String confirm(
      @PathVariable long planId,
      @RequestParam(required = false) @Nullable String code,
      Model model,
      HttpServletResponse response) {
    return confirmPage(accountFlow(planId), code, model, response);
  }

  @PostMapping("/subscribe/{planId}/confirm")
  String subscribe(
      @PathVariable long planId,
      @RequestParam(required = false) @Nullable String code,
      RedirectAttributes flash) {
    return subscribe(accountFlow(planId), code, flash);
  }

  // ---- a checkout link

  @GetMapping("/checkout/{sessionId}")
  String hostedStart(@PathVariable String sessionId, Model model, HttpSession session) {
    Flow flow = hostedFlow(sessionId);
    String done = completedRedirect(sessionId);
    return done != null ? done : page(flow, model, session);
  }

  @GetMapping("/checkout/{sessionId}/card/success")
  String hostedCardSuccess(
      @PathVariable String sessionId,
      @RequestParam(required = false) @Nullable String customerKey,
      @RequestParam(required = false) @Nullable String authKey,
      HttpSession session,
      RedirectAttributes flash) {
    return cardRegistered(hostedFlow(sessionId), customerKey, authKey, session, flash);
  }

  @GetMapping("/checkout/{sessionId}/card/fail")
  String hostedCardFail(
      @PathVariable String sessionId,
      @RequestParam(required = false) @Nullable String code,
      @RequestParam(required = false) @Nullable String message,
      RedirectAttributes flash) {
    return cardFailed(hostedFlow(sessionId), code, message, flash);
  }

  @GetMapping("/checkout/{sessionId}/confirm")
  String hostedConfirm(
      @PathVariable String sessionId,
      @RequestParam(required = false) @Nullable String code,
      Model model,
      HttpServletResponse response) {
    Flow flow = hostedFlow(sessionId);
    String done = completedRedirect(sessionId);
    return done != null ? done : confirmPage(flow, code, model, response);
  }

  @PostMapping("/checkout/{sessionId}/confirm")
  String hostedSubscribe(
      @PathVariable String sessionId,
      @RequestParam(required = false) @Nullable String code,
      RedirectAttributes flash) {
    Flow flow = hostedFlow(sessionId);
    String done = completedRedirect(sessionId);
    return done != null ? done : subscribe(flow, code, flash);
  }

  // ---- the steps

  private String page(Flow flow, Model model, HttpSession session) {
    model.addAttribute("flow", flow);
    model.addAttribute("plan", flow.plan());
    model.addAttribute("quote", quotes.of(flow.customerId(), flow.plan()));
    model.addAttribute("existing", liveOnPlan(flow).orElse(null));
    windows.addTo(model, session, flow.customerId(), flow.base());
    return "portal/checkout";
  }

  private String cardRegistered(
      Flow flow,
      @Nullable String customerKey,
      @Nullable String authKey,
      HttpSession session,
      RedirectAttributes flash) {
    try {
      windows.register(session, flow.customerId(), customerKey, authKey);
    } catch (ApiException e) {
      flash.addFlashAttribute("alert", messages.refusal(e));
      return "redirect:" + flow.base();
    }
    flash.addFlashAttribute("notice", messages.text("checkout.card.registered"));
    return "redirect:" + flow.base() + "/confirm";
  }

  private String cardFailed(
      Flow flow, @Nullable String code, @Nullable String message, RedirectAttributes flash) {
    flash.addFlashAttribute("alert", windows.failure(code, message));
    return "redirect:" + flow.base();
  }

  private String confirmPage(
      Flow flow, @Nullable String code, Model model, HttpServletResponse response) {
    var card = cards.currentCard(flow.customerId());
    if (card.isEmpty() && !flow.plan().isFree()) {
      return "redirect:" + flow.base();
    }
    model.addAttribute("flow", flow);
    model.addAttribute("plan", flow.plan());
    model.addAttribute("card", card.orElse(null));
    DiscountTerms discount = null;
    String typed = code == null || code.isBlank() || flow.plan().isFree() ? null : code.strip();
    if (typed != null) {
      try {
        discount =
            coupons
                .preview(
                    DiscountRedemption.Code.promotionCode(typed),
                    flow.customerId(),
                    flow.plan().id())
                .terms();
      } catch (ApiException e) {
        model.addAttribute("codeError", messages.refusal(e));
        response.setStatus(HttpServletResponse.SC_BAD_REQUEST);
      }
    }
    model.addAttribute("typedCode", typed == null ? "" : Text.forLog(typed, 40));
    model.addAttribute("quote", quotes.of(flow.customerId(), flow.plan(), discount));
    return "portal/checkout-confirm";
  }

  private String subscribe(Flow flow, @Nullable String code, RedirectAttributes flash) {
    // a code with a control character is refused before anything, already subscribed or not
    try {
      Text.requirePrintable("code", code);
    } catch (ApiException e) {
      flash.addFlashAttribute("alert", messages.refusal(e));
      return "redirect:" + flow.base() + "/confirm";
    }
    // Already subscribed, e.g. a declined first charge retried on the new card by the engine: that
    // subscription is the outcome, nothing is charged again.
    var existing = liveOnPlan(flow);
    if (existing.isPresent()) {
      return subscribed(flow, existing.get(), flash);
    }
    SubscriptionView view;
    try {
      view =
          subscriptions.subscribe(
              flow.customerId(),
              flow.plan().id(),
              code == null || code.isBlank() || flow.plan().isFree()
                  ? null
                  : DiscountRedemption.Code.promotionCode(code.strip()),
              DiscountRedemption.Channel.CHECKOUT);
    } catch (ApiException e) {
      var raced = liveOnPlan(flow);
      if ("SUBSCRIPTION_EXISTS".equals(e.code()) && raced.isPresent()) {
        return subscribed(flow, raced.get(), flash);
      }
      flash.addFlashAttribute("alert", messages.refusal(e));
      return "redirect:" + flow.base() + "/confirm";
    }
    if (view.status() == SubscriptionStatus.INCOMPLETE) {
      PaymentView first =
          subscriptions.payments(new io.tossbill.billing.SubscriptionId(view.id())).stream()
              .max(Comparator.comparingLong(PaymentView::id))
              .orElse(null);
      if (first != null && first.status() == PaymentStatus.DECLINED) {
        String reason =
            first.failureMessage() == null
                ? String.valueOf(first.failureCode())
                : first.failureMessage();
        flash.addFlashAttribute("alert", messages.text("checkout.declined", reason));
        return "redirect:" + flow.base();
      }
      // Toss's answer was lost: the janitor settles it; the subscription page shows the outcome
      flash.addFlashAttribute("notice", messages.text("checkout.checking"));
      if (flow.hosted()) {
        return "redirect:" + flow.base() + "/confirm";
      }
      return "redirect:/my/subscriptions/" + view.id();
    }
    return subscribed(flow, view, flash);
  }

  /** The end of a checkout: the merchant's success address, or the new subscription's page. */
  private String subscribed(Flow flow, SubscriptionView view, RedirectAttributes flash) {
    if (flow.hosted()) {
      sessions.complete(flow.sessionId(), view.id());
      return "redirect:" + sessions.find(flow.sessionId()).successUrl();
    }
    flash.addFlashAttribute(
        "notice",
        messages.text(
            view.status() == SubscriptionStatus.TRIALING ? "checkout.done.trial" : "checkout.done",
            flow.plan().name()));
    return "redirect:/my/subscriptions/" + view.id();
  }

  // ---- whose checkout

  private Flow accountFlow(long planId) {
    CurrentSubscriber.Who who = current.require();
    Plan plan =
        (planId <= 0 ? java.util.Optional.<Plan>empty() : catalog.find(new PlanId(planId)))
            .orElseThrow(CheckoutPages::noPlan);
    if (!plan.isActive()) {
      throw noPlan();
    }
    return new Flow(who.customerId(), plan, "/subscribe/" + planId, null, null);
  }

  private Flow hostedFlow(String sessionId) {
    CurrentSubscriber.Who who = current.require();
    LinkAccess link = who.link();
    if (link == null
        || link.kind() != LinkAccess.Kind.CHECKOUT
        || !link.sessionId().equals(sessionId)
        || link.planId() == null) {
      throw CurrentSubscriber.notFound();
    }
    Plan plan = catalog.find(new PlanId(link.planId())).orElseThrow(CheckoutPages::noPlan);
    return new Flow(who.customerId(), plan, "/checkout/" + sessionId, sessionId, link.cancelUrl());
  }

  /** A checkout already done goes to the merchant's success address, never twice through here. */
  private @Nullable String completedRedirect(String sessionId) {
    HostedSession session = sessions.find(sessionId);
    return "COMPLETE".equals(session.status()) ? "redirect:" + session.successUrl() : null;
  }

  private java.util.Optional<SubscriptionView> liveOnPlan(Flow flow) {
    return subscriptions.ofCustomer(flow.customerId()).stream()
        .filter(s -> s.planId() == flow.plan().id().value())
        .filter(s -> !s.status().isFinal() && s.status() != SubscriptionStatus.INCOMPLETE)
        .findFirst();
  }

  private static ApiException noPlan() {
    return ApiException.notFound("PLAN_NOT_FOUND", "api.PLAN_NOT_FOUND.4");
  }
}
