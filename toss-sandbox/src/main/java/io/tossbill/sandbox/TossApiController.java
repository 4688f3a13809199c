package io.tossbill.sandbox;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.time.Duration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** Toss's billing API paths, each run through the {@link ApiPipeline}. */
@RestController("tossSandboxApiController")
@ConditionalOnBooleanProperty(name = "toss-sandbox.enabled", matchIfMissing = true)
@SandboxController
class TossApiController {

  private final ApiPipeline pipeline;
  private final SandboxEngine engine;
  private final SandboxJson json;

  TossApiController(ApiPipeline pipeline, SandboxEngine engine, SandboxJson json) {
    this.pipeline = pipeline;
    this.engine = engine;
    this.json = json;
  }

  @PostMapping("/v1/billing/authorizations/issue")
  void issue(HttpServletRequest request, HttpServletResponse response) {
    pipeline.run(
        request,
        response,
        "/v1/billing/authorizations/issue",
        (merchant, body, lang) ->
            billing(merchant, engine.issueByAuthKey(merchant, json.requestBody(body))));
  }

  @PostMapping("/v1/billing/authorizations/card")
  void issueByCard(HttpServletRequest request, HttpServletResponse response) {
    pipeline.run(
        request,
        response,
        "/v1/billing/authorizations/card",
        (merchant, body, lang) ->
            billing(merchant, engine.issueByCard(merchant, json.requestBody(body))));
  }

  @PostMapping("/v1/billing/{billingKey}")
  void charge(
      @PathVariable String billingKey, HttpServletRequest request, HttpServletResponse response) {
    pipeline.run(
        request,
        response,
        "/v1/billing/" + billingKey,
        (merchant, body, lang) -> {
          SandboxEngine.Charged charged =
              engine.charge(merchant, billingKey, json.requestBody(body));
          return payment(charged.payment(), lang, charged.holdResponse());
        });
  }

  @DeleteMapping("/v1/billing/{billingKey}")
  void delete(
      @PathVariable String billingKey, HttpServletRequest request, HttpServletResponse response) {
    pipeline.run(
        request,
        response,
        "/v1/billing/" + billingKey,
        (merchant, body, lang) -> {
          engine.deleteBillingKey(merchant, billingKey);
          return ApiPipeline.Outcome.ok(new byte[0]);
        });
  }

  @GetMapping("/v1/payments/{paymentKey}")
  void payment(
      @PathVariable String paymentKey, HttpServletRequest request, HttpServletResponse response) {
    pipeline.run(
        request,
        response,
        "/v1/payments/" + paymentKey,
        (merchant, body, lang) ->
            ApiPipeline.Outcome.ok(
                json.write(Representations.payment(engine.payment(merchant, paymentKey), lang))));
  }

  @GetMapping("/v1/payments/orders/{orderId}")
  void paymentByOrderId(
      @PathVariable String orderId, HttpServletRequest request, HttpServletResponse response) {
    pipeline.run(
        request,
        response,
        "/v1/payments/orders/" + orderId,
        (merchant, body, lang) ->
            ApiPipeline.Outcome.ok(
                json.write(
                    Representations.payment(engine.paymentByOrderId(merchant, orderId), lang))));
  }

  @PostMapping("/v1/payments/{paymentKey}/cancel")
  void cancel(
      @PathVariable String paymentKey, HttpServletRequest request, HttpServletResponse response) {
    pipeline.run(
        request,
        response,
        "/v1/payments/" + paymentKey + "/cancel",
        (merchant, body, lang) ->
            payment(
                engine.cancel(merchant, paymentKey, json.requestBody(body)), lang, Duration.ZERO));
  }

  /**
   * A Billing object, rendered again from the same immutable record if its Idempotency-Key is
   * replayed (the record is kept by the billing keys anyway).
   */
  private ApiPipeline.Outcome billing(MerchantState merchant, BillingKeyRecord key) {
    String mId = merchant.mId;
    return ApiPipeline.Outcome.rendered(
        200, () -> json.write(Representations.billing(mId, key)), Duration.ZERO);
  }

  /**
   * A Payment object as it is now, rendered again from the same immutable record if its
   * Idempotency-Key is replayed: later cancels make new records, so a replay still shows the
   * payment as first answered, byte for byte.
   */
  private ApiPipeline.Outcome payment(PaymentRecord payment, Lang lang, Duration hold) {
    return ApiPipeline.Outcome.rendered(
        200, () -> json.write(Representations.payment(payment, lang)), hold);
  }

  /** Any other /v1 path or method: Toss's NOT_FOUND after authentication. */
  @RequestMapping("/v1/**")
  void unknown(HttpServletRequest request, HttpServletResponse response) {
    pipeline.run(
        request,
        response,
        request.getRequestURI(),
        (merchant, body, lang) -> {
          throw new TossApiException("NOT_FOUND");
        });
  }
}
