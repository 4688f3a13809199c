package io.tossbill.admin;

import io.tossbill.billing.SubscriptionQueries;
import io.tossbill.catalog.CatalogService;
import io.tossbill.payment.PaymentId;
import io.tossbill.payment.PaymentQueries;
import io.tossbill.payment.PaymentStatus;
import io.tossbill.payment.PaymentView;
import io.tossbill.payment.Payments;
import io.tossbill.payment.Refunds;
import io.tossbill.platform.ApiException;
import io.tossbill.platform.BusinessTime;
import io.tossbill.platform.Text;
import io.tossbill.platform.Won;
import io.tossbill.web.Messages;
import io.tossbill.web.PageController;
import io.tossbill.web.PageFormats;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
import org.jspecify.annotations.Nullable;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * Payments: filter by status, requested date and plan, with totals; the same rows as CSV; a
 * payment's page with its refunds and a refund form (full or partial, through Toss; ADMIN only).
 */
@PageController
class AdminPaymentPages {

  static final int PAGE_SIZE = 50;
  static final String[] CSV_HEADER = {
    "payment_id",
    "requested_at",
    "approved_at",
    "order_id",
    "order_name",
    "subscription_id",
    "customer_id",
    "purpose",
    "period_no",
    "attempt_no",
    "status",
    "amount",
    "supplied_amount",
    "vat",
    "refunded_amount",
    "failure_code"
  };

  /** The filter as typed, to fill the form again and build the CSV link. */
  record Query(
      @Nullable String status, @Nullable String from, @Nullable String to, @Nullable Long plan) {}

  private final PaymentQueries queries;
  private final Payments payments;
  private final Refunds refunds;
  private final SubscriptionQueries subscriptions;
  private final CatalogService catalog;
  private final Messages messages;
  private final PageFormats fmt;

  AdminPaymentPages(
      PaymentQueries queries,
      Payments payments,
      Refunds refunds,
      SubscriptionQueries subscriptions,
      CatalogService catalog,
      Messages messages,
      PageFormats fmt) {
    this.queries = queries;
    this.payments = payments;
    this.refunds = refunds;
    this.subscriptions = subscriptions;
    this.catalog = catalog;
    this.messages = messages;
    this.fmt = fmt;
  }

  @GetMapping("/admin/payments")
  String list(
      @RequestParam(required = false) @Nullable String status,
      @RequestParam(required = false) @Nullable String from,
      @RequestParam(required = false) @Nullable String to,
      @RequestParam(required = false) @Nullable Long plan,
      @RequestParam(defaultValue = "0") int page,
      Model model) {
    Query query = new Query(status, from, to, plan);
    model.addAttribute("query", query);
    model.addAttribute("statuses", PaymentStatus.values());
    model.addAttribute("plans", catalog.plans(null));
    try {
      model.addAttribute("result", queries.search(filter(query), page, PAGE_SIZE));
    } catch (ApiException e) {
      model.addAttribute("alert", messages.refusal(e));
      model.addAttribute(
          "result",
          queries.search(new PaymentQueries.Filter(null, null, null, null), page, PAGE_SIZE));
    }
    return "admin/payments";
  }

  @GetMapping("/admin/payments.csv")
  void csv(
      @RequestParam(required = false) @Nullable String status,
      @RequestParam(required = false) @Nullable String from,
      @RequestParam(required = false) @Nullable String to,
      @RequestParam(required = false) @Nullable Long plan,
      HttpServletResponse response)
      throws IOException {
    PaymentQueries.Filter filter = filter(new Query(status, from, to, plan));
    response.setContentType("text/csv; charset=UTF-8");
    response.setHeader("Content-Disposition", "attachment; filename=\"payments.csv\"");
    Writer writer = new OutputStreamWriter(response.getOutputStream(), StandardCharsets.UTF_8);
    // a byte order mark, so spreadsheet programs read the Korean order names as UTF-8
    writer.write('\uFEFF');
    try (CSVPrinter csv =
        new CSVPrinter(writer, CSVFormat.DEFAULT.builder().setHeader(CSV_HEADER).get())) {
      queries.forEach(
          filter,
          p -> {
            try {
              csv.printRecord(
                  p.id(),
                  fmt.dateTime(p.requestedAt()),
                  fmt.dateTime(p.approvedAt()),
                  cell(p.orderId()),
                  cell(p.orderName()),
                  p.subscriptionId(),
                  p.customerId(),
                  p.purpose().name(),
                  p.periodNo(),
                  p.attemptNo(),
                  p.status().name(),
                  p.amount().value(),
                  p.suppliedAmount() == null ? "" : p.suppliedAmount().value(),
                  p.vat() == null ? "" : p.vat().value(),
                  p.refundedAmount().value(),
                  p.failureCode() == null ? "" : cell(p.failureCode()));
            } catch (IOException e) {
              throw new UncheckedIOException(e);
            }
          });
    }
  }

  @GetMapping("/admin/payments/{id}")
  String payment(@PathVariable long id, Model model) {
    PaymentView payment = require(id);
    model.addAttribute("p", payment);
    model.addAttribute("refundable", payment.amount().minus(payment.refundedAmount()));
    return "admin/payment";
  }

  @PostMapping("/admin/payments/{id}/refund")
  String refund(
      @PathVariable long id,
      @RequestParam(required = false) @Nullable String amount,
      @RequestParam(required = false) @Nullable String reason,
      RedirectAttributes flash) {
    PaymentView payment = require(id);
    Won won = null;
    if (amount != null && !amount.isBlank()) {
      try {
        won = Won.of(Long.parseLong(amount.strip().replace(",", "")));
      } catch (NumberFormatException e) {
        won = Won.ZERO;
      }
      if (!won.isPositive()
          || won.isGreaterThan(payment.amount().minus(payment.refundedAmount()))) {
        flash.addFlashAttribute("alert", messages.text("admin.refund.amount"));
        return "redirect:/admin/payments/" + id;
      }
    }
    String why =
        reason == null || reason.isBlank()
            ? messages.text("admin.refund.defaultReason")
            : reason.strip();
    if (why.length() > 200 || Text.hasControlCharacters(why)) {
      flash.addFlashAttribute("alert", messages.text("admin.refund.reason"));
      return "redirect:/admin/payments/" + id;
    }
    try {
      var result = refunds.refund(new PaymentId(id), won, why);
      flash.addFlashAttribute(
          "notice",
          messages.text(
              "DONE".equals(result.status()) ? "admin.refund.done" : "admin.refund.pending",
              fmt.won(result.amount())));
    } catch (ApiException e) {
      flash.addFlashAttribute("alert", messages.refusal(e));
    }
    return "redirect:/admin/payments/" + id;
  }

  private PaymentView require(long id) {
    if (id <= 0) {
      throw notFound();
    }
    return payments.view(new PaymentId(id)).orElseThrow(AdminPaymentPages::notFound);
  }

  private static ApiException notFound() {
    return ApiException.notFound("PAYMENT_NOT_FOUND", "api.PAYMENT_NOT_FOUND");
  }

  private PaymentQueries.Filter filter(Query q) {
    PaymentStatus status = null;
    if (q.status() != null && !q.status().isBlank()) {
      try {
        status = PaymentStatus.valueOf(q.status().strip().toUpperCase(Locale.ROOT));
      } catch (IllegalArgumentException e) {
        status = null;
      }
    }
    Instant from = day(q.from(), 0);
    Instant to = day(q.to(), 1);
    return new PaymentQueries.Filter(
        status,
        from,
        to,
        q.plan() == null || q.plan() <= 0 ? null : subscriptions.idsOnPlan(q.plan()));
  }

  /** The start of a business day (Asia/Seoul), or of the day after for an inclusive end. */
  private static @Nullable Instant day(@Nullable String value, int plusDays) {
    if (value == null || value.isBlank()) {
      return null;
    }
    try {
      return LocalDate.parse(value.strip())
          .plusDays(plusDays)
          .atStartOfDay(BusinessTime.ZONE)
          .toInstant();
    } catch (DateTimeParseException e) {
      throw ApiException.badRequest("INVALID_DATE", "api.INVALID_DATE");
    }
  }

  /** A text cell a spreadsheet will not run as a formula. */
  static String cell(String value) {
    return !value.isEmpty() && "=+-@\t\r".indexOf(value.charAt(0)) >= 0 ? "'" + value : value;
  }
}
