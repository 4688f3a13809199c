package io.tossbill.sandbox;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;

/**
 * Everything one test merchant (one secret key) owns. Compound check-then-change operations
 * synchronize on the instance; the maps stay safe to read at any time.
 */
final class MerchantState {

  final String secretKey;
  final String mId;
  volatile @Nullable String webhookUrl;
  final Map<String, BillingKeyRecord> billingKeys = new ConcurrentHashMap<>();
  final Map<String, PaymentRecord> payments = new ConcurrentHashMap<>();
  final Map<String, String> paymentKeyByOrderId = new ConcurrentHashMap<>();
  final Set<String> ordersInFlight = ConcurrentHashMap.newKeySet();

  MerchantState(String secretKey) {
    this.secretKey = secretKey;
    this.mId = mIdOf(secretKey);
  }

  /**
   * The merchant id shown in responses: "sbx" and 11 hex digits of the key's SHA-256 (14 chars).
   */
  static String mIdOf(String secretKey) {
    try {
      byte[] hash =
          MessageDigest.getInstance("SHA-256").digest(secretKey.getBytes(StandardCharsets.UTF_8));
      return "sbx" + HexFormat.of().formatHex(hash).substring(0, 11);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  @Nullable PaymentRecord paymentByOrderId(String orderId) {
    String paymentKey = paymentKeyByOrderId.get(orderId);
    return paymentKey == null ? null : payments.get(paymentKey);
  }

  /** The merchant's state in a form the snapshot can hold. */
  record Snapshot(
      String secretKey,
      @Nullable String webhookUrl,
      java.util.List<BillingKeyRecord> billingKeys,
      java.util.List<PaymentRecord> payments,
      Map<String, String> paymentKeyByOrderId) {}

  synchronized Snapshot snapshot() {
    return new Snapshot(
        secretKey,
        webhookUrl,
        java.util.List.copyOf(billingKeys.values()),
        java.util.List.copyOf(payments.values()),
        Map.copyOf(paymentKeyByOrderId));
  }

  static MerchantState restore(Snapshot snapshot) {
    MerchantState merchant = new MerchantState(snapshot.secretKey());
    merchant.webhookUrl = snapshot.webhookUrl();
    snapshot.billingKeys().forEach(key -> merchant.billingKeys.put(key.billingKey(), key));
    snapshot.payments().forEach(payment -> merchant.payments.put(payment.paymentKey(), payment));
    merchant.paymentKeyByOrderId.putAll(snapshot.paymentKeyByOrderId());
    return merchant;
  }
}
