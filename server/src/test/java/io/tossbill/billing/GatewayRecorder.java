package io.tossbill.billing;

import io.tossbill.gateway.PaymentGateway;
import io.tossbill.toss.Billing;
import io.tossbill.toss.CancelOutcome;
import io.tossbill.toss.CancelRequest;
import io.tossbill.toss.ChargeOutcome;
import io.tossbill.toss.ChargeRequest;
import io.tossbill.toss.IdempotencyKey;
import io.tossbill.toss.Payment;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.sql.DataSource;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.BeanPostProcessor;

/**
 * Watches every call the server makes to Toss in the billing tests: for each charge, its orderId,
 * its Idempotency-Key, and the payment row's status as another connection sees it at that moment
 * (committed or not). It can also lose the next charge before it reaches Toss (as a timeout before
 * the request left would) and hide a payment from read-backs (as Toss's lag would). It wraps the
 * real gateway bean; every other call passes through unchanged.
 */
public class GatewayRecorder implements BeanPostProcessor {

  /** One charge call as the server made it. */
  public record Charge(
      String orderId, String idempotencyKey, @Nullable String committedStatus, boolean lost) {}

  private final ObjectProvider<DataSource> dataSource;
  private final List<Charge> charges = new CopyOnWriteArrayList<>();
  private final Set<String> hidden = ConcurrentHashMap.newKeySet();
  private final AtomicBoolean loseNext = new AtomicBoolean();

  GatewayRecorder(ObjectProvider<DataSource> dataSource) {
    this.dataSource = dataSource;
  }

  @Override
  public Object postProcessAfterInitialization(Object bean, String beanName) {
    return bean instanceof PaymentGateway gateway ? new Recording(gateway) : bean;
  }

  /** Forgets what was recorded and every trick asked for. */
  public void reset() {
    charges.clear();
    hidden.clear();
    loseNext.set(false);
  }

  /** The charge calls so far, oldest first. */
  public List<Charge> charges() {
    return List.copyOf(charges);
  }

  /** The next charge call is lost before it reaches Toss: an unknown outcome, nothing at Toss. */
  public void loseNextCharge() {
    loseNext.set(true);
  }

  /** Read-backs of this orderId find nothing until {@link #reset}. */
  public void hideFromReadBack(String orderId) {
    hidden.add(orderId);
  }

  /** The payment row's status as a fresh connection sees it: only what was committed. */
  private @Nullable String committedStatus(String orderId) {
    try (Connection connection = dataSource.getObject().getConnection();
        PreparedStatement query =
            connection.prepareStatement("SELECT status FROM payment WHERE order_id = ?")) {
      connection.setAutoCommit(true);
      query.setString(1, orderId);
      try (ResultSet rs = query.executeQuery()) {
        return rs.next() ? rs.getString(1) : null;
      }
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  private final class Recording implements PaymentGateway {

    private final PaymentGateway delegate;

    Recording(PaymentGateway delegate) {
      this.delegate = delegate;
    }

    @Override
    public ChargeOutcome charge(
        String billingKey, ChargeRequest request, IdempotencyKey idempotencyKey) {
      boolean lost = loseNext.getAndSet(false);
      charges.add(
          new Charge(
              request.orderId(), idempotencyKey.value(), committedStatus(request.orderId()), lost));
      if (lost) {
        return new ChargeOutcome.Unknown("lost before it reached Toss (test)", null);
      }
      return delegate.charge(billingKey, request, idempotencyKey);
    }

    @Override
    public Optional<Payment> findPaymentByOrderId(String orderId) {
      Optional<Payment> found = delegate.findPaymentByOrderId(orderId);
      return hidden.contains(orderId) ? Optional.empty() : found;
    }

    @Override
    public Billing issueBillingKey(
        String authKey, String customerKey, IdempotencyKey idempotencyKey) {
      return delegate.issueBillingKey(authKey, customerKey, idempotencyKey);
    }

    @Override
    public Optional<Payment> findPayment(String paymentKey) {
      return delegate.findPayment(paymentKey);
    }

    @Override
    public CancelOutcome cancel(
        String paymentKey, CancelRequest request, IdempotencyKey idempotencyKey) {
      return delegate.cancel(paymentKey, request, idempotencyKey);
    }

    @Override
    public void deleteBillingKey(String billingKey) {
      delegate.deleteBillingKey(billingKey);
    }

    @Override
    public CardWindow cardWindow() {
      return delegate.cardWindow();
    }
  }
}
