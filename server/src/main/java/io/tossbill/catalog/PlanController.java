package io.tossbill.catalog;

import io.tossbill.platform.ApiException;
import io.tossbill.platform.ListPage;
import io.tossbill.platform.ListRequest;
import io.tossbill.platform.Won;
import java.net.URI;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/** The merchant API for plans. */
@RestController
@RequestMapping("/api/v1/plans")
class PlanController {

  private final CatalogService catalog;

  PlanController(CatalogService catalog) {
    this.catalog = catalog;
  }

  /** Plans, newest first, a page at a time ({@code limit}, {@code cursor}); by status. */
  @GetMapping
  ListPage<PlanView> list(
      @RequestParam(required = false) @Nullable PlanStatus status,
      @RequestParam(required = false) @Nullable Integer limit,
      @RequestParam(required = false) @Nullable String cursor) {
    ListRequest request = ListRequest.of(limit, cursor);
    // a catalog holds tens of plans, not thousands: paged in memory, in the lists' order
    List<Plan> page =
        catalog.plans(status).stream()
            .filter(p -> request.before() == null || p.id().value() < request.before())
            .sorted(Comparator.comparingLong((Plan p) -> p.id().value()).reversed())
            .limit(request.fetch())
            .toList();
    return ListPage.of(page, request, p -> p.id().value(), PlanView::of);
  }

  @PostMapping
  @ResponseStatus(HttpStatus.CREATED)
  ResponseEntity<PlanView> create(@RequestBody CreatePlanRequest request) {
    IntervalRequest interval = request.interval();
    var plan =
        catalog.create(
            new CatalogService.NewPlan(
                PlanRules.code(request.code()),
                PlanRules.name(request.name()),
                PlanRules.description(request.description()),
                PlanRules.price(request.price()),
                PlanRules.interval(
                    interval == null ? null : interval.unit(),
                    interval == null ? null : interval.count()),
                PlanRules.trialDays(request.trialDays()),
                PlanRules.features(request.features()),
                Boolean.TRUE.equals(request.accessDuringGrace())));
    return ResponseEntity.created(URI.create("/api/v1/plans/" + plan.id().value()))
        .body(PlanView.of(plan));
  }

  @GetMapping("/{id}")
  PlanView get(@PathVariable long id) {
    return PlanView.of(catalog.require(planId(id)));
  }

  @PatchMapping("/{id}")
  PlanView update(@PathVariable long id, @RequestBody UpdatePlanRequest request) {
    return PlanView.of(
        catalog.update(
            planId(id),
            new CatalogService.PlanChanges(
                request.name(),
                request.description(),
                request.trialDays(),
                request.features(),
                request.accessDuringGrace())));
  }

  @PostMapping("/{id}/archive")
  PlanView archive(@PathVariable long id) {
    return PlanView.of(catalog.archive(planId(id)));
  }

  @PostMapping("/{id}/price")
  PlanView changePrice(@PathVariable long id, @RequestBody PriceChangeRequest request) {
    Won price = PlanRules.price(request.price());
    return PlanView.of(
        catalog.changePrice(
            planId(id), price, Boolean.TRUE.equals(request.applyToExistingSubscriptions())));
  }

  @GetMapping("/{id}/prices")
  List<PriceView> prices(@PathVariable long id) {
    return catalog.priceHistory(planId(id)).stream()
        .map(
            p ->
                new PriceView(
                    p.price(), p.previousPrice(), p.applyToExisting(), p.changedAt().toString()))
        .toList();
  }

  /** The plan's entitlements; with {@code key}, whether that one is granted and its value. */
  @GetMapping("/{id}/features")
  Object features(@PathVariable long id, @RequestParam(required = false) @Nullable String key) {
    Plan plan = catalog.require(planId(id));
    if (key == null) {
      return new FeaturesView(plan.id().value(), plan.code(), plan.features());
    }
    String value = plan.features().get(key);
    return new EntitlementView(plan.id().value(), key, value != null, value);
  }

  private static PlanId planId(long id) {
    if (id <= 0) {
      throw ApiException.notFound("PLAN_NOT_FOUND", "api.PLAN_NOT_FOUND", id);
    }
    return new PlanId(id);
  }

  record IntervalRequest(@Nullable IntervalUnit unit, @Nullable Integer count) {}

  record CreatePlanRequest(
      @Nullable String code,
      @Nullable String name,
      @Nullable String description,
      @Nullable Long price,
      @Nullable IntervalRequest interval,
      @Nullable Integer trialDays,
      @Nullable Map<String, String> features,
      @Nullable Boolean accessDuringGrace) {}

  record UpdatePlanRequest(
      @Nullable String name,
      @Nullable String description,
      @Nullable Integer trialDays,
      @Nullable Map<String, String> features,
      @Nullable Boolean accessDuringGrace) {}

  record PriceChangeRequest(@Nullable Long price, @Nullable Boolean applyToExistingSubscriptions) {}

  record IntervalView(IntervalUnit unit, int count) {}

  record PlanView(
      long id,
      String code,
      String name,
      String description,
      Won price,
      IntervalView interval,
      int trialDays,
      Map<String, String> features,
      PlanStatus status,
      boolean accessDuringGrace,
      boolean free) {

    static PlanView of(Plan plan) {
      return new PlanView(
          plan.id().value(),
          plan.code(),
          plan.name(),
          plan.description(),
          plan.price(),
          new IntervalView(plan.interval().unit(), plan.interval().count()),
          plan.trialDays(),
          plan.features(),
          plan.status(),
          plan.accessDuringGrace(),
          plan.isFree());
    }
  }

  record PriceView(
      Won price,
      @Nullable Won previousPrice,
      boolean applyToExistingSubscriptions,
      String changedAt) {}

  record FeaturesView(long planId, String code, Map<String, String> features) {}

  record EntitlementView(long planId, String key, boolean granted, @Nullable String value) {}
}
