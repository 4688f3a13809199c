package io.tossbill.portal;

import io.tossbill.catalog.Catalog;
import io.tossbill.web.PageController;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;

/** The plans on sale: price, interval, features, trial. The home page. */
@PageController
class PlanPages {

  private final Catalog catalog;

  PlanPages(Catalog catalog) {
    this.catalog = catalog;
  }

  @GetMapping({"/", "/plans"})
  String plans(Model model) {
    model.addAttribute("plans", catalog.activePlans());
    return "portal/plans";
  }
}
