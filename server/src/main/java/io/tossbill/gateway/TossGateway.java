package io.tossbill.gateway;

import io.tossbill.toss.Billing;
import io.tossbill.toss.CancelOutcome;
import io.tossbill.toss.CancelRequest;
import io.tossbill.toss.ChargeOutcome;
import io.tossbill.toss.ChargeRequest;
import io.tossbill.toss.IdempotencyKey;
import io.tossbill.toss.Payment;
import io.tossbill.toss.TossApiException;
import io.tossbill.toss.TossClient;
import java.net.URI;
import java.util.Optional;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.springframework.core.env.Environment;

/**
 * The gateway over the Toss client. In sandbox mode the client talks HTTP to the sandbox mounted in
 * this very server, so the whole path (auth, JSON, timeouts) is exercised as against Toss.
 */
final class TossGateway implements PaymentGateway {

  private final TossProperties properties;
  private final Environment environment;
  private final CardWindow cardWindow;
  private volatile @Nullable TossClient client;

  TossGateway(TossProperties properties, Environment environment) {
    this.properties = properties;
    this.environment = environment;
    this.cardWindow =
        new CardWindow(
            !properties.sandbox()
                ? properties.scriptUrl()
                : properties.sandboxUrl() != null
                    ? stripSlash(properties.sandboxUrl().toString()) + "/v2/standard"
                    : sandboxPath(environment) + "/v2/standard",
            properties.effectiveClientKey());
    properties.effectiveSecretKey(); // fail at start, not at the first charge
  }

  @Override
  public Billing issueBillingKey(
      String authKey, String customerKey, IdempotencyKey idempotencyKey) {
    return client().issueBillingKey(authKey, customerKey, idempotencyKey);
  }

  @Override
  public ChargeOutcome charge(
      String billingKey, ChargeRequest request, IdempotencyKey idempotencyKey) {
    try {
      return client().charge(billingKey, request, idempotencyKey);
    } catch (TossApiException e) {
      // Toss refused the request itself (an integration error such as a wrong key or field): it
      // finished the request, but only a read-back by orderId proves no payment exists.
      return new ChargeOutcome.Unknown(
          "Toss refused the request: HTTP " + e.httpStatus() + " " + e.code(),
          e.error(),
          e.httpStatus());
    } catch (RuntimeException e) {
      // The client reports every network failure as an outcome; anything else is a bug on our
      // side after the request may have left: unknown, never declined.
      return new ChargeOutcome.Unknown(e.getClass().getSimpleName(), null);
    }
  }

  @Override
  public Optional<Payment> findPaymentByOrderId(String orderId) {
    return client().findPaymentByOrderId(orderId);
  }

  @Override
  public Optional<Payment> findPayment(String paymentKey) {
    return client().findPayment(paymentKey);
  }

  @Override
  public CancelOutcome cancel(
      String paymentKey, CancelRequest request, IdempotencyKey idempotencyKey) {
    return client().cancel(paymentKey, request, idempotencyKey);
  }

  @Override
  public void deleteBillingKey(String billingKey) {
    client().deleteBillingKey(billingKey);
  }

  @Override
  public CardWindow cardWindow() {
    return cardWindow;
  }

  // Built on first use: in sandbox mode the port is known only once the web server has started.
  private TossClient client() {
    TossClient current = client;
    if (current == null) {
      synchronized (this) {
        current = client;
        if (current == null) {
          current =
              build(
                  !properties.sandbox()
                      ? properties::baseUrl
                      : properties.sandboxUrl() != null
                          ? properties::sandboxUrl
                          : this::sandboxUri);
          client = current;
        }
      }
    }
    return current;
  }

  private TossClient build(Supplier<URI> baseUri) {
    return TossClient.builder()
        .secretKey(properties.effectiveSecretKey())
        .baseUri(baseUri.get())
        .chargeReadTimeout(properties.chargeReadTimeout())
        .readTimeout(properties.readTimeout())
        .acceptLanguage(properties.acceptLanguage())
        .build();
  }

  private URI sandboxUri() {
    String port = environment.getProperty("local.server.port");
    if (port == null) {
      throw new IllegalStateException(
          "the sandbox is reachable only once the web server has started");
    }
    String address = environment.getProperty("server.address", "127.0.0.1");
    if (address.isBlank() || address.equals("0.0.0.0") || address.equals("::")) {
      address = "127.0.0.1";
    }
    return URI.create("http://" + address + ":" + port + sandboxPath(environment));
  }

  private static String stripSlash(String url) {
    return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
  }

  private static String sandboxPath(Environment environment) {
    return environment.getProperty("server.servlet.context-path", "")
        + environment.getProperty("toss-sandbox.base-path", "");
  }
}
