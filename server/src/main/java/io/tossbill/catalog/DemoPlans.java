package io.tossbill.catalog;

import io.tossbill.platform.Won;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * Inserts the demo plans once when {@code tossbill.catalog.demo-plans} is on; a taken code is left
 * alone.
 */
@Component
class DemoPlans implements ApplicationRunner {

  private static final Logger log = LoggerFactory.getLogger(DemoPlans.class);

  static final List<CatalogService.NewPlan> PLANS =
      List.of(
          new CatalogService.NewPlan(
              "basic-monthly",
              "베이직 월간",
              "개인 사용자를 위한 기본 플랜",
              new Won(4_900),
              BillingInterval.monthly(),
              0,
              Map.of("projects", "3", "support", "email"),
              false),
          new CatalogService.NewPlan(
              "pro-monthly",
              "프로 월간",
              "7일 무료 체험 후 매월 결제",
              new Won(9_900),
              BillingInterval.monthly(),
              7,
              Map.of("projects", "unlimited", "support", "priority"),
              true),
          new CatalogService.NewPlan(
              "pro-yearly",
              "프로 연간",
              "프로 플랜을 1년 단위로 (2개월 할인)",
              new Won(99_000),
              BillingInterval.yearly(),
              0,
              Map.of("projects", "unlimited", "support", "priority"),
              true),
          new CatalogService.NewPlan(
              "team-quarterly",
              "팀 3개월",
              "팀을 위한 3개월 단위 플랜",
              new Won(27_000),
              BillingInterval.everyMonths(3),
              0,
              Map.of("projects", "unlimited", "seats", "10", "support", "priority"),
              true));

  private final CatalogProperties properties;
  private final PlanRepository plans;
  private final Clock clock;

  DemoPlans(CatalogProperties properties, PlanRepository plans, Clock clock) {
    this.properties = properties;
    this.plans = plans;
    this.clock = clock;
  }

  @Override
  @Transactional
  public void run(ApplicationArguments args) {
    if (!properties.demoPlans()) {
      return;
    }
    long inserted =
        PLANS.stream()
            .filter(
                p ->
                    plans
                        .insert(
                            p.code(),
                            p.name(),
                            p.description(),
                            p.price(),
                            p.interval(),
                            p.trialDays(),
                            p.features(),
                            p.accessDuringGrace(),
                            clock.instant())
                        .isPresent())
            .count();
    if (inserted > 0) {
      log.info("Inserted {} demo plans (tossbill.catalog.demo-plans=true)", inserted);
    }
  }
}
