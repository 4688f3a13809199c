package io.tossbill.admin;

import io.tossbill.account.Accounts;
import io.tossbill.billing.Subscriptions;
import io.tossbill.customer.Cards;
import io.tossbill.customer.CustomerId;
import io.tossbill.customer.CustomerQueries;
import io.tossbill.platform.ApiException;
import io.tossbill.testclock.TestClock;
import io.tossbill.web.Messages;
import io.tossbill.web.PageController;
import org.jspecify.annotations.Nullable;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/** Customers: search by email, name, customerKey, external id; the customer's page. */
@PageController
class AdminCustomerPages {

  static final int PAGE_SIZE = 25;

  private final CustomerQueries customers;
  private final Accounts accounts;
  private final Cards cards;
  private final Subscriptions subscriptions;
  private final TestClock clock;
  private final AdminClockForm clockForm;
  private final Messages messages;

  AdminCustomerPages(
      CustomerQueries customers,
      Accounts accounts,
      Cards cards,
      Subscriptions subscriptions,
      TestClock clock,
      AdminClockForm clockForm,
      Messages messages) {
    this.customers = customers;
    this.accounts = accounts;
    this.cards = cards;
    this.subscriptions = subscriptions;
    this.clock = clock;
    this.clockForm = clockForm;
    this.messages = messages;
  }

  @GetMapping("/admin/customers")
  String list(
      @RequestParam(required = false) @Nullable String q,
      @RequestParam(defaultValue = "0") int page,
      @RequestHeader(name = "HX-Request", required = false) @Nullable String htmx,
      Model model) {
    model.addAttribute("q", q);
    model.addAttribute("result", customers.search(q, page, PAGE_SIZE));
    return htmx != null ? "admin/customers :: results" : "admin/customers";
  }

  @GetMapping("/admin/customers/{id}")
  String customer(@PathVariable long id, Model model) {
    CustomerId customerId = id(id);
    var customer =
        customers
            .find(customerId)
            .orElseThrow(
                () -> ApiException.notFound("CUSTOMER_NOT_FOUND", "api.CUSTOMER_NOT_FOUND.2"));
    model.addAttribute("c", customer);
    model.addAttribute("account", accounts.ofCustomer(customerId).orElse(null));
    model.addAttribute("card", cards.currentCard(customerId).orElse(null));
    model.addAttribute("subscriptions", subscriptions.ofCustomer(customerId));
    model.addAttribute("clockMovable", clock.movable());
    model.addAttribute("customerNow", clock.now(customerId));
    model.addAttribute("customerOffset", clock.offset(customerId));
    return "admin/customer";
  }

  @PostMapping("/admin/customers/{id}/test-clock")
  String moveClock(
      @PathVariable long id,
      @RequestParam(required = false) @Nullable String advanceBy,
      @RequestParam(required = false) @Nullable String to,
      RedirectAttributes flash) {
    CustomerId customerId = id(id);
    customers.find(customerId).orElseThrow(AdminCustomerPages::notFound);
    try {
      var moved =
          clockForm.move(
              advanceBy,
              to,
              by -> clock.advance(customerId, by),
              at -> clock.advanceTo(customerId, at));
      flash.addFlashAttribute("notice", messages.text("admin.clock.moved", moved));
    } catch (ApiException e) {
      flash.addFlashAttribute("alert", messages.refusal(e));
    }
    return "redirect:/admin/customers/" + id;
  }

  private static CustomerId id(long id) {
    if (id <= 0) {
      throw notFound();
    }
    return new CustomerId(id);
  }

  private static ApiException notFound() {
    return ApiException.notFound("CUSTOMER_NOT_FOUND", "api.CUSTOMER_NOT_FOUND.2");
  }
}
