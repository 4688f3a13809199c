package io.tossbill.catalog;

import io.tossbill.platform.ApiException;
import io.tossbill.platform.Won;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Creates, changes and archives plans; one transaction per command, validated before writing. */
@Service
public class CatalogService implements Catalog {

  private final PlanRepository plans;
  private final ApplicationEventPublisher events;
  private final Clock clock;

  CatalogService(PlanRepository plans, ApplicationEventPublisher events, Clock clock) {
    this.plans = plans;
    this.events = events;
    this.clock = clock;
  }

  @Override
  @Transactional(readOnly = true)
  public Plan require(PlanId id) {
    return find(id).orElseThrow(() -> notFound(id));
  }

  @Override
  @Transactional(readOnly = true)
  public Optional<Plan> find(PlanId id) {
    return plans.find(id);
  }

  @Override
  @Transactional(readOnly = true)
  public List<Plan> activePlans() {
    return plans.withStatus(PlanStatus.ACTIVE);
  }

  @Transactional(readOnly = true)
  public List<Plan> plans(@Nullable PlanStatus status) {
    return status == null ? plans.all() : plans.withStatus(status);
  }

  /**
   * A new active plan; 409 {@code PLAN_CODE_TAKEN} when its code is in use (archived plans too).
   */
  @Transactional
  public Plan create(NewPlan plan) {
    PlanId id =
        plans
            .insert(
                plan.code(),
                plan.name(),
                plan.description(),
                plan.price(),
                plan.interval(),
                plan.trialDays(),
                plan.features(),
                plan.accessDuringGrace(),
                clock.instant())
            .orElseThrow(
                () -> ApiException.conflict("PLAN_CODE_TAKEN", "api.PLAN_CODE_TAKEN", plan.code()));
    return plans.find(id).orElseThrow();
  }

  /** Changes what may change without touching existing subscriptions' money or dates. */
  @Transactional
  public Plan update(PlanId id, PlanChanges changes) {
    Plan plan = plans.lock(id).orElseThrow(() -> notFound(id));
    String name = changes.name() == null ? plan.name() : PlanRules.name(changes.name());
    String description =
        changes.description() == null
            ? plan.description()
            : PlanRules.description(changes.description());
    int trialDays =
        changes.trialDays() == null ? plan.trialDays() : PlanRules.trialDays(changes.trialDays());
    boolean grace =
        changes.accessDuringGrace() == null
            ? plan.accessDuringGrace()
            : changes.accessDuringGrace();
    Map<String, String> features =
        changes.features() == null ? null : PlanRules.features(changes.features());
    plans.updateDetails(id, name, description, trialDays, grace, clock.instant());
    if (features != null) {
      plans.replaceFeatures(id, features);
    }
    events.publishEvent(new PlanUpdated(id));
    return plans.find(id).orElseThrow();
  }

  /** No new subscriptions from now on; existing ones keep the plan. Archiving twice is refused. */
  @Transactional
  public Plan archive(PlanId id) {
    Plan plan = plans.lock(id).orElseThrow(() -> notFound(id));
    if (!plan.status().canMoveTo(PlanStatus.ARCHIVED) || !plans.archive(id, clock.instant())) {
      throw ApiException.conflict("PLAN_ALREADY_ARCHIVED", "api.PLAN_ALREADY_ARCHIVED");
    }
    return plans.find(id).orElseThrow();
  }

  /**
   * Changes the price: new subscriptions pay it at once; existing ones from their next period only
   * when {@code applyToExisting}. A free plan stays free and a paid plan stays paid: switching
   * would start or stop charging people who never agreed to it, so that takes a new plan.
   */
  @Transactional
  public Plan changePrice(PlanId id, Won newPrice, boolean applyToExisting) {
    Plan plan = plans.lock(id).orElseThrow(() -> notFound(id));
    Won oldPrice = plan.price();
    if (oldPrice.equals(newPrice)) {
      throw ApiException.conflict(
          "PRICE_UNCHANGED", "api.PRICE_UNCHANGED", newPrice, newPrice.value());
    }
    if (oldPrice.isZero() != newPrice.isZero()) {
      throw ApiException.badRequest("FREE_PLAN_PRICE_SWITCH", "api.FREE_PLAN_PRICE_SWITCH");
    }
    if (!plans.changePrice(id, oldPrice, newPrice, applyToExisting, clock.instant())) {
      throw ApiException.conflict("PLAN_CHANGED_CONCURRENTLY", "api.PLAN_CHANGED_CONCURRENTLY");
    }
    events.publishEvent(new PlanPriceChanged(id, oldPrice, newPrice, applyToExisting));
    return plans.find(id).orElseThrow();
  }

  @Transactional(readOnly = true)
  List<PlanRepository.PriceChange> priceHistory(PlanId id) {
    require(id);
    return plans.priceHistory(id);
  }

  /** The plan's prices over time, oldest first: the first at creation, one per change. */
  @Transactional(readOnly = true)
  public List<PlanPriceChange> priceChanges(PlanId id) {
    return priceHistory(id).stream()
        .map(
            p ->
                new PlanPriceChange(
                    p.price(), p.previousPrice(), p.applyToExisting(), p.changedAt()))
        .toList();
  }

  private static ApiException notFound(PlanId id) {
    return ApiException.notFound("PLAN_NOT_FOUND", "api.PLAN_NOT_FOUND", id.value());
  }

  /** A validated plan to create. */
  public record NewPlan(
      String code,
      String name,
      String description,
      Won price,
      BillingInterval interval,
      int trialDays,
      Map<String, String> features,
      boolean accessDuringGrace) {}

  /** Fields to change; null leaves a field as it is. */
  public record PlanChanges(
      @Nullable String name,
      @Nullable String description,
      @Nullable Integer trialDays,
      @Nullable Map<String, String> features,
      @Nullable Boolean accessDuringGrace) {}
}
