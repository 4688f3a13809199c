package io.tossbill.admin;

import static io.tossbill.admin.FormFields.blankToNull;
import static io.tossbill.admin.FormFields.integer;
import static io.tossbill.admin.FormFields.number;
import static io.tossbill.admin.FormFields.option;

import io.tossbill.catalog.BillingInterval;
import io.tossbill.catalog.CatalogService;
import io.tossbill.catalog.IntervalUnit;
import io.tossbill.catalog.Plan;
import io.tossbill.catalog.PlanId;
import io.tossbill.catalog.PlanRules;
import io.tossbill.platform.ApiException;
import io.tossbill.platform.Won;
import io.tossbill.web.Messages;
import io.tossbill.web.PageController;
import io.tossbill.web.PageFormats;
import jakarta.servlet.http.HttpServletResponse;
import java.util.LinkedHashMap;
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
 * Plans: list, create, edit, archive, and price changes (an increase applied to existing
 * subscriptions goes through the consent flow). Each refused field is named beside it.
 */
@PageController
class AdminPlanPages {

  /** The plan form as typed, to show it again after a refusal. */
  record PlanForm(
      @Nullable String code,
      @Nullable String name,
      @Nullable String description,
      @Nullable String price,
      @Nullable String intervalUnit,
      @Nullable String intervalCount,
      @Nullable String trialDays,
      @Nullable String features,
      @Nullable String accessDuringGrace) {

    static PlanForm empty() {
      return new PlanForm(null, null, null, null, "MONTH", "1", "0", null, null);
    }

    public boolean grace() {
      return "yes".equals(accessDuringGrace);
    }

    static PlanForm of(Plan plan) {
      return new PlanForm(
          plan.code(),
          plan.name(),
          plan.description(),
          String.valueOf(plan.price().value()),
          plan.interval().unit().name(),
          String.valueOf(plan.interval().count()),
          String.valueOf(plan.trialDays()),
          plan.features().entrySet().stream()
              .map(e -> e.getKey() + "=" + e.getValue())
              .collect(Collectors.joining("\n")),
          plan.accessDuringGrace() ? "yes" : null);
    }
  }

  private final CatalogService catalog;
  private final Messages messages;
  private final PageFormats fmt;

  AdminPlanPages(CatalogService catalog, Messages messages, PageFormats fmt) {
    this.catalog = catalog;
    this.messages = messages;
    this.fmt = fmt;
  }

  @GetMapping("/admin/plans")
  String list(Model model) {
    model.addAttribute("plans", catalog.plans(null));
    return "admin/plans";
  }

  @GetMapping("/admin/plans/new")
  String newPlan(Model model) {
    model.addAttribute("form", PlanForm.empty());
    model.addAttribute("errors", Map.of());
    model.addAttribute("units", IntervalUnit.values());
    return "admin/plan-new";
  }

  @PostMapping("/admin/plans")
  String create(
      PlanForm form, Model model, HttpServletResponse response, RedirectAttributes flash) {
    Map<String, String> errors = new LinkedHashMap<>();
    String code = field(errors, "code", () -> PlanRules.code(blankToNull(form.code())));
    String name = field(errors, "name", () -> PlanRules.name(form.name()));
    String description =
        field(errors, "description", () -> PlanRules.description(form.description()));
    Won price = field(errors, "price", () -> PlanRules.price(number(form.price())));
    BillingInterval interval =
        field(
            errors,
            "interval",
            () ->
                PlanRules.interval(
                    option(IntervalUnit.class, form.intervalUnit()),
                    integer(form.intervalCount())));
    Integer trialDays =
        field(errors, "trialDays", () -> PlanRules.trialDays(integer(form.trialDays())));
    Map<String, String> features = field(errors, "features", () -> features(form.features()));
    if (errors.isEmpty()) {
      try {
        Plan plan =
            catalog.create(
                new CatalogService.NewPlan(
                    code, name, description, price, interval, trialDays, features, form.grace()));
        flash.addFlashAttribute("notice", messages.text("admin.plan.created", plan.name()));
        return "redirect:/admin/plans/" + plan.id().value();
      } catch (ApiException e) {
        errors.put("PLAN_CODE_TAKEN".equals(e.code()) ? "code" : "form", messages.refusal(e));
      }
    }
    model.addAttribute("form", form);
    model.addAttribute("errors", errors);
    model.addAttribute("units", IntervalUnit.values());
    response.setStatus(400);
    return "admin/plan-new";
  }

  @GetMapping("/admin/plans/{id}")
  String plan(@PathVariable long id, Model model) {
    Plan plan = require(id);
    model.addAttribute("form", PlanForm.of(plan));
    model.addAttribute("errors", Map.of());
    return page(plan, model);
  }

  @PostMapping("/admin/plans/{id}")
  String update(
      @PathVariable long id,
      PlanForm form,
      Model model,
      HttpServletResponse response,
      RedirectAttributes flash) {
    Plan plan = require(id);
    Map<String, String> errors = new LinkedHashMap<>();
    String name = field(errors, "name", () -> PlanRules.name(form.name()));
    String description =
        field(errors, "description", () -> PlanRules.description(form.description()));
    Integer trialDays =
        field(errors, "trialDays", () -> PlanRules.trialDays(integer(form.trialDays())));
    Map<String, String> features = field(errors, "features", () -> features(form.features()));
    if (errors.isEmpty()) {
      try {
        catalog.update(
            plan.id(),
            new CatalogService.PlanChanges(name, description, trialDays, features, form.grace()));
        flash.addFlashAttribute("notice", messages.text("admin.plan.saved"));
        return "redirect:/admin/plans/" + id;
      } catch (ApiException e) {
        errors.put("form", messages.refusal(e));
      }
    }
    model.addAttribute("form", form);
    model.addAttribute("errors", errors);
    response.setStatus(400);
    return page(plan, model);
  }

  @PostMapping("/admin/plans/{id}/price")
  String changePrice(
      @PathVariable long id,
      @RequestParam(required = false) @Nullable String price,
      @RequestParam(required = false) @Nullable String applyToExisting,
      Model model,
      HttpServletResponse response,
      RedirectAttributes flash) {
    Plan plan = require(id);
    Map<String, String> errors = new LinkedHashMap<>();
    Won newPrice = field(errors, "newPrice", () -> PlanRules.price(number(price)));
    if (errors.isEmpty()) {
      try {
        boolean existing = "yes".equals(applyToExisting);
        catalog.changePrice(plan.id(), newPrice, existing);
        flash.addFlashAttribute(
            "notice",
            messages.text(
                existing ? "admin.plan.priced.existing" : "admin.plan.priced.new",
                fmt.won(newPrice)));
        return "redirect:/admin/plans/" + id;
      } catch (ApiException e) {
        errors.put("newPrice", messages.refusal(e));
      }
    }
    model.addAttribute("form", PlanForm.of(plan));
    model.addAttribute("errors", errors);
    model.addAttribute("typedPrice", price);
    response.setStatus(400);
    return page(plan, model);
  }

  @PostMapping("/admin/plans/{id}/archive")
  String archive(@PathVariable long id, RedirectAttributes flash) {
    Plan plan = require(id);
    try {
      catalog.archive(plan.id());
      flash.addFlashAttribute("notice", messages.text("admin.plan.archived", plan.name()));
    } catch (ApiException e) {
      flash.addFlashAttribute("alert", messages.refusal(e));
    }
    return "redirect:/admin/plans/" + id;
  }

  private String page(Plan plan, Model model) {
    model.addAttribute("plan", plan);
    model.addAttribute("prices", catalog.priceChanges(plan.id()).reversed());
    return "admin/plan";
  }

  private Plan require(long id) {
    if (id <= 0) {
      throw ApiException.notFound("PLAN_NOT_FOUND", "api.PLAN_NOT_FOUND.2");
    }
    return catalog.require(new PlanId(id));
  }

  /** {@code key=value} per line into the plan's features, checked by the plan rules. */
  private Map<String, String> features(@Nullable String text) {
    Map<String, String> features = new LinkedHashMap<>();
    if (text == null) {
      return features;
    }
    String[] lines = text.split("\\R");
    for (int i = 0; i < lines.length; i++) {
      String line = lines[i].strip();
      if (line.isEmpty()) {
        continue;
      }
      int eq = line.indexOf('=');
      if (eq <= 0) {
        throw ApiException.badRequest("INVALID_FEATURE_LINE", "api.INVALID_FEATURE_LINE", (i + 1));
      }
      features.put(line.substring(0, eq).strip(), line.substring(eq + 1).strip());
    }
    return PlanRules.features(features);
  }

  private <T> @Nullable T field(Map<String, String> errors, String field, Supplier<T> rule) {
    return FormFields.field(messages, errors, field, rule);
  }
}
