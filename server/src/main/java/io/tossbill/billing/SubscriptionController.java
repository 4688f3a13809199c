package io.tossbill.billing;

import io.tossbill.catalog.PlanId;
import io.tossbill.customer.CustomerId;
import io.tossbill.payment.PaymentView;
import io.tossbill.platform.ApiException;
import io.tossbill.platform.ListPage;
import io.tossbill.platform.ListRequest;
import io.tossbill.platform.Won;
import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/** Merchant API for subscriptions ({@code Authorization: Bearer <api key>}). */
@RestController
@RequestMapping("/api/v1/subscriptions")
class SubscriptionController {

  private final Subscriptions subscriptions;
  private final SubscriptionQueries queries;

  SubscriptionController(Subscriptions subscriptions, SubscriptionQueries queries) {
    this.subscriptions = subscriptions;
    this.queries = queries;
  }

  /** {@code coupon} (a coupon's code) or {@code promotionCode}: a discount redeemed with it. */
  record SubscribeForm(
      @Nullable Long customerId,
      @Nullable Long planId,
      @Nullable String coupon,
      @Nullable String promotionCode) {}

  record CancelForm(@Nullable Boolean atPeriodEnd, @Nullable String refund) {}

  /**
   * A plan change; {@code expectedAmountDueNow} (the preview's amountDueNow) makes it refuse with
   * 409 QUOTE_CHANGED instead of charging another amount than the one shown.
   */
  record ChangePlanForm(@Nullable Long planId, @Nullable Long expectedAmountDueNow) {}

  @PostMapping
  @ResponseStatus(HttpStatus.CREATED)
  ResponseEntity<SubscriptionView> subscribe(
      @RequestBody(required = false) @Nullable SubscribeForm form) {
    SubscribeForm body = requireBody(form);
    long customerId = required(body.customerId(), "customerId");
    long planId = required(body.planId(), "planId");
    if (customerId <= 0) {
      throw ApiException.notFound("CUSTOMER_NOT_FOUND", "api.CUSTOMER_NOT_FOUND.2");
    }
    DiscountRedemption.Code code = DiscountRedemption.Code.of(body.coupon(), body.promotionCode());
    SubscriptionView view =
        subscriptions.subscribe(
            new CustomerId(customerId), plan(planId), code, DiscountRedemption.Channel.API);
    return ResponseEntity.created(URI.create("/api/v1/subscriptions/" + view.id())).body(view);
  }

  /**
   * Subscriptions, newest first, a page at a time ({@code limit}, {@code cursor}); filtered by
   * status, plan, customer and creation time ({@code [createdFrom, createdTo)}).
   */
  @GetMapping
  ListPage<SubscriptionView> list(
      @RequestParam(required = false) @Nullable SubscriptionStatus status,
      @RequestParam(required = false) @Nullable Long planId,
      @RequestParam(required = false) @Nullable Long customerId,
      @RequestParam(required = false) @Nullable Instant createdFrom,
      @RequestParam(required = false) @Nullable Instant createdTo,
      @RequestParam(required = false) @Nullable Integer limit,
      @RequestParam(required = false) @Nullable String cursor) {
    ListRequest request = ListRequest.of(limit, cursor);
    return ListPage.of(
        queries.listIds(status, planId, customerId, createdFrom, createdTo, request),
        request,
        id -> id,
        id -> subscriptions.view(new SubscriptionId(id)));
  }

  @GetMapping("/{id}")
  SubscriptionView subscription(@PathVariable long id) {
    return subscriptions.view(id(id));
  }

  @GetMapping("/{id}/history")
  List<HistoryEntry> history(@PathVariable long id) {
    return subscriptions.history(id(id));
  }

  @GetMapping("/{id}/payments")
  List<PaymentView> payments(@PathVariable long id) {
    return subscriptions.payments(id(id));
  }

  @PostMapping("/{id}/cancel")
  Subscriptions.CancelResult cancel(
      @PathVariable long id, @RequestBody(required = false) @Nullable CancelForm form) {
    boolean atPeriodEnd = form != null && Boolean.TRUE.equals(form.atPeriodEnd());
    String refund = form == null || form.refund() == null ? "none" : form.refund();
    Subscriptions.RefundMode mode =
        switch (refund.toLowerCase(Locale.ROOT)) {
          case "none" -> Subscriptions.RefundMode.NONE;
          case "prorated" -> Subscriptions.RefundMode.PRORATED;
          default -> throw ApiException.badRequest("INVALID_REQUEST", "api.INVALID_REQUEST.5");
        };
    return subscriptions.cancel(id(id), atPeriodEnd, mode);
  }

  @PostMapping("/{id}/undo-cancel")
  SubscriptionView undoCancel(@PathVariable long id) {
    return subscriptions.undoCancel(id(id));
  }

  @PostMapping("/{id}/pause")
  SubscriptionView pause(@PathVariable long id) {
    return subscriptions.pause(id(id));
  }

  @PostMapping("/{id}/resume")
  SubscriptionView resume(@PathVariable long id) {
    return subscriptions.resume(id(id));
  }

  /** Charges a past-due (or incomplete) subscription's unpaid period again now. */
  @PostMapping("/{id}/retry")
  SubscriptionView retry(@PathVariable long id) {
    return subscriptions.retryNow(id(id));
  }

  record ExtendTrialForm(@Nullable Integer days) {}

  /** Gives a trialing subscription more days free; the first charge moves with it. */
  @PostMapping("/{id}/extend-trial")
  SubscriptionView extendTrial(
      @PathVariable long id, @RequestBody(required = false) @Nullable ExtendTrialForm form) {
    ExtendTrialForm body = requireBody(form);
    if (body.days() == null) {
      throw ApiException.badRequest("INVALID_REQUEST", "api.INVALID_REQUEST.6");
    }
    return subscriptions.extendTrial(id(id), body.days());
  }

  @GetMapping("/{id}/change-plan/preview")
  ChangePreview preview(@PathVariable long id, @RequestParam long planId) {
    return subscriptions.preview(id(id), plan(planId));
  }

  @PostMapping("/{id}/change-plan")
  SubscriptionView changePlan(
      @PathVariable long id, @RequestBody(required = false) @Nullable ChangePlanForm form) {
    ChangePlanForm body = requireBody(form);
    Long expected = body.expectedAmountDueNow();
    if (expected != null && expected < 0) {
      throw ApiException.badRequest("INVALID_REQUEST", "api.INVALID_REQUEST.7");
    }
    return subscriptions.changePlan(
        id(id),
        plan(required(body.planId(), "planId")),
        expected == null ? null : Won.of(expected));
  }

  /** A missing body or a JSON {@code null} is a bad request, not a 500. */
  private static <T> T requireBody(@Nullable T form) {
    if (form == null) {
      throw ApiException.badRequest("INVALID_REQUEST", "api.INVALID_REQUEST.8");
    }
    return form;
  }

  private static long required(@Nullable Long value, String field) {
    if (value == null) {
      throw ApiException.badRequest("INVALID_REQUEST", "api.INVALID_REQUEST.9", field);
    }
    return value;
  }

  private static SubscriptionId id(long id) {
    if (id <= 0) {
      throw Subscriptions.notFound(new SubscriptionId(Long.MAX_VALUE));
    }
    return new SubscriptionId(id);
  }

  private static PlanId plan(long id) {
    if (id <= 0) {
      throw ApiException.notFound("PLAN_NOT_FOUND", "api.PLAN_NOT_FOUND.3");
    }
    return new PlanId(id);
  }
}
