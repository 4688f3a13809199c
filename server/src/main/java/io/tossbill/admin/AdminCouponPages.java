package io.tossbill.admin;

import static io.tossbill.admin.FormFields.blankToNull;
import static io.tossbill.admin.FormFields.integer;
import static io.tossbill.admin.FormFields.number;
import static io.tossbill.admin.FormFields.option;

import io.tossbill.billing.DiscountRedemption;
import io.tossbill.billing.SubscriptionId;
import io.tossbill.billing.Subscriptions;
import io.tossbill.catalog.CatalogService;
import io.tossbill.catalog.Plan;
import io.tossbill.coupon.Coupon;
import io.tossbill.coupon.CouponDuration;
import io.tossbill.coupon.CouponRules;
import io.tossbill.coupon.Coupons;
import io.tossbill.coupon.PromotionCode;
import io.tossbill.platform.ApiException;
import io.tossbill.testclock.TestClock;
import io.tossbill.web.Messages;
import io.tossbill.web.PageController;
import jakarta.servlet.http.HttpServletResponse;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * Coupons in the console: the list with how often each was redeemed, a new coupon (each refused
 * field named beside it), a coupon's page with its promotion codes and redemptions, deactivating a
 * coupon or a code; and a coupon applied to (or taken off) a subscription from its page. Changes
 * are for ADMIN (the URL rules); SUPPORT sees.
 */
@PageController
class AdminCouponPages {

  /** The coupon form as typed, to show it again after a refusal. */
  record CouponForm(
      @Nullable String code,
      @Nullable String name,
      @Nullable String percentOff,
      @Nullable String amountOff,
      @Nullable String duration,
      @Nullable String durationPeriods,
      @Nullable String maxRedemptions,
      @Nullable String redeemBy,
      @Nullable List<String> planIds,
      @Nullable String firstTimeOnly) {

    static CouponForm empty() {
      return new CouponForm(null, null, null, null, "ONCE", null, null, null, List.of(), null);
    }

    public boolean firstTime() {
      return "yes".equals(firstTimeOnly);
    }

    public boolean hasPlan(long id) {
      return planIds != null && planIds.contains(String.valueOf(id));
    }
  }

  /** The promotion code form as typed. */
  record CodeForm(
      @Nullable String code,
      @Nullable String maxRedemptions,
      @Nullable String expiresAt,
      @Nullable String firstTimeOnly) {

    static CodeForm empty() {
      return new CodeForm(null, null, null, null);
    }
  }

  private final Coupons coupons;
  private final CatalogService catalog;
  private final Subscriptions subscriptions;
  private final TestClock clock;
  private final Messages messages;

  AdminCouponPages(
      Coupons coupons,
      CatalogService catalog,
      Subscriptions subscriptions,
      TestClock clock,
      Messages messages) {
    this.coupons = coupons;
    this.catalog = catalog;
    this.subscriptions = subscriptions;
    this.clock = clock;
    this.messages = messages;
  }

  @GetMapping("/admin/coupons")
  String list(Model model) {
    List<Coupon> all = coupons.coupons();
    model.addAttribute("coupons", all);
    model.addAttribute("planLabels", planLabels(all));
    return "admin/coupons";
  }

  @GetMapping("/admin/coupons/new")
  String newCoupon(Model model) {
    return form(CouponForm.empty(), Map.of(), model);
  }

  @PostMapping("/admin/coupons")
  String create(
      CouponForm form, Model model, HttpServletResponse response, RedirectAttributes flash) {
    Map<String, String> errors = new LinkedHashMap<>();
    var now = clock.now();
    String code = field(errors, "code", () -> CouponRules.code(form.code()));
    String name = field(errors, "name", () -> CouponRules.name(form.name()));
    Integer percent = integer(form.percentOff());
    Long amount = number(form.amountOff());
    field(errors, "off", () -> CouponRules.off(percent, amount));
    CouponDuration duration = option(CouponDuration.class, form.duration());
    Integer periods = duration == CouponDuration.REPEATING ? integer(form.durationPeriods()) : null;
    field(errors, "duration", () -> CouponRules.lasting(duration, periods));
    Integer max = integer(form.maxRedemptions());
    field(errors, "maxRedemptions", () -> CouponRules.maxRedemptions(max));
    field(errors, "redeemBy", () -> CouponRules.until("redeemBy", form.redeemBy(), now));
    List<Long> plans = field(errors, "plans", () -> CouponRules.planIds(planIds(form.planIds())));
    if (errors.isEmpty()) {
      try {
        Coupon coupon =
            coupons.create(
                new Coupons.NewCoupon(
                    code,
                    name,
                    percent,
                    amount,
                    duration,
                    periods,
                    max,
                    blankToNull(form.redeemBy()),
                    plans,
                    form.firstTime()));
        flash.addFlashAttribute("notice", messages.text("coupon.admin.created", coupon.code()));
        return "redirect:/admin/coupons/" + coupon.id();
      } catch (ApiException e) {
        errors.put("COUPON_CODE_TAKEN".equals(e.code()) ? "code" : "form", messages.refusal(e));
      }
    }
    response.setStatus(HttpServletResponse.SC_BAD_REQUEST);
    return form(form, errors, model);
  }

  private String form(CouponForm form, Map<String, String> errors, Model model) {
    model.addAttribute("form", form);
    model.addAttribute("errors", errors);
    model.addAttribute("durations", CouponDuration.values());
    model.addAttribute("plans", catalog.activePlans());
    return "admin/coupon-new";
  }

  @GetMapping("/admin/coupons/{id}")
  String coupon(@PathVariable long id, Model model) {
    return page(require(id), CodeForm.empty(), Map.of(), model);
  }

  private String page(Coupon coupon, CodeForm codeForm, Map<String, String> errors, Model model) {
    model.addAttribute("coupon", coupon);
    model.addAttribute("codes", coupons.codes(coupon.id()));
    model.addAttribute("redemptions", coupons.redemptions(coupon.id()));
    model.addAttribute("planLabels", planLabels(List.of(coupon)));
    model.addAttribute("form", codeForm);
    model.addAttribute("errors", errors);
    return "admin/coupon";
  }

  @PostMapping("/admin/coupons/{id}/deactivate")
  String deactivate(@PathVariable long id, RedirectAttributes flash) {
    Coupon coupon = require(id);
    coupons.deactivate(coupon.id());
    flash.addFlashAttribute("notice", messages.text("coupon.admin.deactivated", coupon.code()));
    return "redirect:/admin/coupons/" + id;
  }

  @PostMapping("/admin/coupons/{id}/promotion-codes")
  String createCode(
      @PathVariable long id,
      CodeForm form,
      Model model,
      HttpServletResponse response,
      RedirectAttributes flash) {
    Coupon coupon = require(id);
    Map<String, String> errors = new LinkedHashMap<>();
    String code = field(errors, "code", () -> CouponRules.promotionCode(form.code()));
    Integer max = integer(form.maxRedemptions());
    field(errors, "maxRedemptions", () -> CouponRules.maxRedemptions(max));
    field(errors, "expiresAt", () -> CouponRules.until("expiresAt", form.expiresAt(), clock.now()));
    if (errors.isEmpty()) {
      try {
        PromotionCode created =
            coupons.createCode(
                coupon.id(),
                new Coupons.NewPromotionCode(
                    code, max, blankToNull(form.expiresAt()), "yes".equals(form.firstTimeOnly())));
        flash.addFlashAttribute(
            "notice", messages.text("coupon.admin.codeCreated", created.code()));
        return "redirect:/admin/coupons/" + id;
      } catch (ApiException e) {
        errors.put("PROMOTION_CODE_TAKEN".equals(e.code()) ? "code" : "form", messages.refusal(e));
      }
    }
    response.setStatus(HttpServletResponse.SC_BAD_REQUEST);
    return page(coupon, form, errors, model);
  }

  @PostMapping("/admin/promotion-codes/{id}/activate")
  String activate(@PathVariable long id, RedirectAttributes flash) {
    return setActive(id, true, flash);
  }

  @PostMapping("/admin/promotion-codes/{id}/deactivate")
  String deactivateCode(@PathVariable long id, RedirectAttributes flash) {
    return setActive(id, false, flash);
  }

  private String setActive(long id, boolean active, RedirectAttributes flash) {
    // an id that cannot be one is looked up as one that does not exist: 404
    PromotionCode code = coupons.setCodeActive(id <= 0 ? Long.MAX_VALUE : id, active);
    flash.addFlashAttribute(
        "notice",
        messages.text(
            active ? "coupon.admin.codeActivated" : "coupon.admin.codeDeactivated", code.code()));
    return "redirect:/admin/coupons/" + code.couponId();
  }

  /** A coupon given to a subscription by staff, by its code (ADMIN). */
  @PostMapping("/admin/subscriptions/{id}/discount")
  String applyDiscount(
      @PathVariable long id,
      @RequestParam(required = false) @Nullable String coupon,
      RedirectAttributes flash) {
    SubscriptionId sid = subscription(id);
    if (coupon == null || coupon.isBlank()) {
      flash.addFlashAttribute("alert", messages.text("coupon.admin.apply.required"));
      return back(id);
    }
    try {
      var view =
          subscriptions.applyDiscount(
              sid,
              DiscountRedemption.Code.coupon(coupon.strip()),
              DiscountRedemption.Channel.ADMIN);
      flash.addFlashAttribute(
          "notice", messages.text("coupon.admin.applied", view.discount().code()));
    } catch (ApiException e) {
      flash.addFlashAttribute("alert", messages.refusal(e));
    }
    return back(id);
  }

  @PostMapping("/admin/subscriptions/{id}/discount/remove")
  String removeDiscount(@PathVariable long id, RedirectAttributes flash) {
    SubscriptionId sid = subscription(id);
    try {
      subscriptions.removeDiscount(sid);
      flash.addFlashAttribute("notice", messages.text("coupon.admin.removed"));
    } catch (ApiException e) {
      flash.addFlashAttribute("alert", messages.refusal(e));
    }
    return back(id);
  }

  private SubscriptionId subscription(long id) {
    if (id <= 0) {
      throw ApiException.notFound("SUBSCRIPTION_NOT_FOUND", "api.SUBSCRIPTION_NOT_FOUND");
    }
    SubscriptionId sid = new SubscriptionId(id);
    subscriptions.view(sid);
    return sid;
  }

  private static String back(long id) {
    return "redirect:/admin/subscriptions/" + id;
  }

  private Coupon require(long id) {
    return coupons.require(id <= 0 ? Long.MAX_VALUE : id);
  }

  /** Each coupon's plans by name, joined (by coupon id). */
  private Map<Long, String> planLabels(List<Coupon> shown) {
    Map<Long, String> names =
        catalog.plans(null).stream()
            .collect(Collectors.toMap(p -> p.id().value(), Plan::name, (a, b) -> a));
    return shown.stream()
        .collect(
            Collectors.toMap(
                Coupon::id,
                c ->
                    c.planIds().stream()
                        .map(id -> names.getOrDefault(id, String.valueOf(id)))
                        .collect(Collectors.joining(", "))));
  }

  private static @Nullable List<Long> planIds(@Nullable List<String> values) {
    if (values == null) {
      return null;
    }
    List<Long> ids = new ArrayList<>();
    for (String v : values) {
      Long id = number(v);
      ids.add(id == null ? -1L : id);
    }
    return ids;
  }

  private <T> @Nullable T field(Map<String, String> errors, String field, Supplier<T> rule) {
    return FormFields.field(messages, errors, field, rule);
  }
}
