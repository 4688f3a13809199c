package io.tossbill.portal;

import io.tossbill.billing.SubscriptionId;
import io.tossbill.billing.SubscriptionView;
import io.tossbill.billing.Subscriptions;
import io.tossbill.payment.PaymentId;
import io.tossbill.payment.PaymentView;
import io.tossbill.payment.Payments;
import io.tossbill.web.PageController;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;

/**
 * The subscriber's payments and receipts: amount, the VAT split as Toss computed it, Toss's
 * receipt, refunds. Only the current subscriber's payments are shown or found.
 */
@PageController
class PaymentPages {

  private final CurrentSubscriber current;
  private final Subscriptions subscriptions;
  private final Payments payments;

  PaymentPages(CurrentSubscriber current, Subscriptions subscriptions, Payments payments) {
    this.current = current;
    this.subscriptions = subscriptions;
    this.payments = payments;
  }

  @GetMapping("/my/payments")
  String list(Model model) {
    CurrentSubscriber.Who who = current.require();
    List<SubscriptionView> mine = subscriptions.ofCustomer(who.customerId());
    List<PaymentView> all =
        mine.stream()
            .flatMap(s -> subscriptions.payments(new SubscriptionId(s.id())).stream())
            .sorted(Comparator.comparingLong(PaymentView::id).reversed())
            .toList();
    model.addAttribute("payments", all);
    model.addAttribute(
        "plans",
        mine.stream()
            .collect(
                Collectors.toMap(SubscriptionView::id, SubscriptionView::planName, (a, b) -> a)));
    return "portal/payments";
  }

  @GetMapping("/my/payments/{id}")
  String receipt(@PathVariable long id, Model model) {
    CurrentSubscriber.Who who = current.require();
    if (id <= 0) {
      throw CurrentSubscriber.notFound();
    }
    PaymentView payment =
        payments
            .view(new PaymentId(id))
            .filter(p -> p.customerId() == who.customerId().value())
            .orElseThrow(CurrentSubscriber::notFound);
    Map<Long, SubscriptionView> byId =
        subscriptions.ofCustomer(who.customerId()).stream()
            .collect(Collectors.toMap(SubscriptionView::id, Function.identity()));
    model.addAttribute("p", payment);
    model.addAttribute("subscription", byId.get(payment.subscriptionId()));
    return "portal/receipt";
  }
}
