package io.tossbill.payment;

import io.tossbill.platform.ApiException;
import io.tossbill.platform.ListPage;
import io.tossbill.platform.ListRequest;
import io.tossbill.platform.Text;
import io.tossbill.platform.Won;
import java.time.Instant;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** Merchant API: read a payment and its history, refund all or part of it. */
@RestController
@RequestMapping("/api/v1/payments")
class PaymentController {

  private final Payments payments;
  private final Refunds refunds;
  private final PaymentQueries queries;

  PaymentController(Payments payments, Refunds refunds, PaymentQueries queries) {
    this.payments = payments;
    this.refunds = refunds;
    this.queries = queries;
  }

  /**
   * Payments (every charge attempt), newest first, a page at a time ({@code limit}, {@code
   * cursor}); filtered by status, customer, subscription and request time ({@code [createdFrom,
   * createdTo)}).
   */
  @GetMapping
  ListPage<PaymentView> list(
      @RequestParam(required = false) @Nullable PaymentStatus status,
      @RequestParam(required = false) @Nullable Long customerId,
      @RequestParam(required = false) @Nullable Long subscriptionId,
      @RequestParam(required = false) @Nullable Instant createdFrom,
      @RequestParam(required = false) @Nullable Instant createdTo,
      @RequestParam(required = false) @Nullable Integer limit,
      @RequestParam(required = false) @Nullable String cursor) {
    ListRequest request = ListRequest.of(limit, cursor);
    return ListPage.of(
        queries.listIds(status, customerId, subscriptionId, createdFrom, createdTo, request),
        request,
        id -> id,
        id -> payments.view(new PaymentId(id)).orElseThrow());
  }

  @GetMapping("/{id}")
  PaymentView payment(@PathVariable long id) {
    PaymentId paymentId = id(id);
    return payments.view(paymentId).orElseThrow(() -> Payments.notFound(paymentId));
  }

  /** Every state the payment passed through and every step of its refunds, oldest first. */
  @GetMapping("/{id}/history")
  List<PaymentHistoryStep> history(@PathVariable long id) {
    return payments.history(id(id));
  }

  @PostMapping("/{id}/refund")
  RefundResult refund(
      @PathVariable long id, @RequestBody(required = false) @Nullable RefundForm form) {
    Long amount = form == null ? null : form.amount();
    if (amount != null && amount <= 0) {
      throw ApiException.badRequest("INVALID_REFUND_AMOUNT", "api.INVALID_REFUND_AMOUNT.2");
    }
    Text.requirePrintable("reason", form == null ? null : form.reason());
    if (form != null && form.reason() != null && form.reason().length() > 200) {
      throw ApiException.badRequest("INVALID_REQUEST", "api.INVALID_REQUEST.3");
    }
    String reason =
        form == null || form.reason() == null || form.reason().isBlank()
            ? "고객 요청 환불"
            : form.reason();
    return refunds.refund(id(id), amount == null ? null : Won.of(amount), reason);
  }

  private static PaymentId id(long id) {
    if (id <= 0) {
      throw ApiException.notFound("PAYMENT_NOT_FOUND", "api.PAYMENT_NOT_FOUND");
    }
    return new PaymentId(id);
  }

  /** A refund: no amount refunds everything still refundable. */
  record RefundForm(@Nullable Long amount, @Nullable String reason) {}
}
