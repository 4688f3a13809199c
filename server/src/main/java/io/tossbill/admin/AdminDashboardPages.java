package io.tossbill.admin;

import io.tossbill.dashboard.Dashboard;
import io.tossbill.dashboard.DashboardFigures;
import io.tossbill.web.Messages;
import io.tossbill.web.PageController;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import tools.jackson.databind.json.JsonMapper;

/** The dashboard: the figures, their charts (Chart.js), and the same numbers as tables. */
@PageController
class AdminDashboardPages {

  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("MM-dd");
  // colours with at least 3:1 contrast on white, told apart by the legend and the tables too
  private static final String BLUE = "#1b64da";
  private static final String RED = "#c0262d";
  private static final String GREEN = "#0a7a3e";
  private static final String AMBER = "#a15c00";
  private static final String GREY = "#6b7684";

  private final Dashboard dashboard;
  private final Messages messages;

  AdminDashboardPages(Dashboard dashboard, Messages messages) {
    this.dashboard = dashboard;
    this.messages = messages;
  }

  @GetMapping("/admin")
  String dashboard(Model model) {
    DashboardFigures d = dashboard.now();
    List<String> labels = d.days().stream().map(day -> DAY.format(day.day())).toList();
    model.addAttribute("d", d);
    model.addAttribute(
        "revenueChart",
        chart(
            "bar",
            labels,
            false,
            false,
            series(
                "admin.dashboard.approved",
                BLUE,
                d.days().stream().map(day -> day.approved().value()).toList()),
            series(
                "admin.dashboard.refunded",
                RED,
                d.days().stream().map(day -> day.refunded().value()).toList())));
    model.addAttribute(
        "failureChart",
        chart(
            "line",
            labels,
            false,
            true,
            series(
                "admin.dashboard.declined",
                RED,
                d.days().stream().map(DashboardFigures.Day::declined).toList()),
            series(
                "admin.dashboard.recoveries",
                GREEN,
                d.days().stream().map(DashboardFigures.Day::recovered).toList())));
    List<String> planNames = d.plans().stream().map(DashboardFigures.PlanFigures::name).toList();
    model.addAttribute(
        "planChart",
        chart(
            "bar",
            planNames,
            true,
            true,
            series(
                "admin.dashboard.plan.active",
                BLUE,
                d.plans().stream().map(DashboardFigures.PlanFigures::active).toList()),
            series(
                "admin.dashboard.plan.trialing",
                GREEN,
                d.plans().stream().map(DashboardFigures.PlanFigures::trialing).toList()),
            series(
                "admin.dashboard.plan.pastDue",
                AMBER,
                d.plans().stream().map(DashboardFigures.PlanFigures::pastDue).toList()),
            series(
                "admin.dashboard.plan.paused",
                GREY,
                d.plans().stream().map(DashboardFigures.PlanFigures::paused).toList())));
    return "admin/dashboard";
  }

  private Map<String, Object> series(String labelKey, String color, List<? extends Number> data) {
    return Map.of("label", messages.text(labelKey), "color", color, "data", data);
  }

  @SafeVarargs
  private static String chart(
      String type,
      List<String> labels,
      boolean stacked,
      boolean integer,
      Map<String, Object>... series) {
    return JSON.writeValueAsString(
        Map.of(
            "type",
            type,
            "labels",
            labels,
            "stacked",
            stacked,
            "integer",
            integer,
            "series",
            List.of(series)));
  }
}
