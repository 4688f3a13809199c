package io.tossbill.gateway;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.tossbill.toss.Billing;
import io.tossbill.toss.CancelOutcome;
import io.tossbill.toss.CancelRequest;
import io.tossbill.toss.ChargeOutcome;
import io.tossbill.toss.ChargeRequest;
import io.tossbill.toss.IdempotencyKey;
import io.tossbill.toss.Payment;
import io.tossbill.toss.TossApiException;
import io.tossbill.toss.TossCommunicationException;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Every call to Toss measured: latency as a histogram ({@code tossbill_toss_requests_seconds}) by
 * {@code endpoint} and {@code outcome}, card declines by Toss's code ({@code
 * tossbill_toss_declines_total{code,kind}}); and Toss's reachability for the health endpoint
 * ({@link GatewayHealth}) from the calls made anyway, never from a call of its own.
 */
final class MeteredGateway implements PaymentGateway {

  static final String REQUESTS = "tossbill.toss.requests";
  static final String DECLINES = "tossbill.toss.declines";

  private final PaymentGateway delegate;
  private final MeterRegistry meters;
  private final GatewayHealth health;

  MeteredGateway(PaymentGateway delegate, MeterRegistry meters, GatewayHealth health) {
    this.delegate = delegate;
    this.meters = meters;
    this.health = health;
  }

  @Override
  public Billing issueBillingKey(
      String authKey, String customerKey, IdempotencyKey idempotencyKey) {
    return measure(
        "issue_billing_key",
        () -> delegate.issueBillingKey(authKey, customerKey, idempotencyKey),
        billing -> "ok");
  }

  @Override
  public ChargeOutcome charge(
      String billingKey, ChargeRequest request, IdempotencyKey idempotencyKey) {
    return measure(
        "charge",
        () -> delegate.charge(billingKey, request, idempotencyKey),
        outcome ->
            switch (outcome) {
              case ChargeOutcome.Approved approved -> "approved";
              case ChargeOutcome.Declined declined -> {
                Counter.builder(DECLINES)
                    .description("Card declines by Toss's error code")
                    .tag("code", declined.error().code())
                    .tag("kind", declined.kind().name().toLowerCase(java.util.Locale.ROOT))
                    .register(meters)
                    .increment();
                yield "declined";
              }
              case ChargeOutcome.Unknown unknown -> {
                if (unknown.error() == null && unknown.httpStatus() == 0) {
                  health.failed(); // no answer at all: Toss may be unreachable
                }
                yield "unknown";
              }
            });
  }

  @Override
  public Optional<Payment> findPaymentByOrderId(String orderId) {
    return measure(
        "lookup_payment",
        () -> delegate.findPaymentByOrderId(orderId),
        found -> found.isPresent() ? "found" : "not_found");
  }

  @Override
  public Optional<Payment> findPayment(String paymentKey) {
    return measure(
        "lookup_payment",
        () -> delegate.findPayment(paymentKey),
        found -> found.isPresent() ? "found" : "not_found");
  }

  @Override
  public CancelOutcome cancel(
      String paymentKey, CancelRequest request, IdempotencyKey idempotencyKey) {
    return measure(
        "cancel",
        () -> delegate.cancel(paymentKey, request, idempotencyKey),
        outcome ->
            switch (outcome) {
              case CancelOutcome.Canceled canceled -> "canceled";
              case CancelOutcome.Refused refused -> "refused";
              case CancelOutcome.Unknown unknown -> "unknown";
            });
  }

  @Override
  public void deleteBillingKey(String billingKey) {
    measure(
        "delete_billing_key",
        () -> {
          delegate.deleteBillingKey(billingKey);
          return Boolean.TRUE;
        },
        done -> "ok");
  }

  @Override
  public CardWindow cardWindow() {
    return delegate.cardWindow(); // no call to Toss
  }

  private <T> T measure(String endpoint, Supplier<T> call, Function<T, String> outcomeOf) {
    long start = System.nanoTime();
    String outcome = "error";
    try {
      T result = call.get();
      outcome = outcomeOf.apply(result);
      if (!outcome.equals("unknown")) {
        health.answered();
      }
      return result;
    } catch (TossApiException refused) {
      outcome = "refused";
      health.answered(); // Toss answered, with an error
      throw refused;
    } catch (TossCommunicationException unreachable) {
      outcome = "unreachable";
      health.failed();
      throw unreachable;
    } finally {
      Timer.builder(REQUESTS)
          .description("Calls to Toss's API")
          .tag("endpoint", endpoint)
          .tag("outcome", outcome)
          .publishPercentileHistogram()
          .minimumExpectedValue(Duration.ofMillis(1))
          .maximumExpectedValue(Duration.ofSeconds(60))
          .register(meters)
          .record(Duration.ofNanos(System.nanoTime() - start));
    }
  }
}
