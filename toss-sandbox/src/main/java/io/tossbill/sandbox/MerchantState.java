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
 * Everything one test merchant (one key pair) owns. Compound check-then-change operations
 * synchronize on the instance; the maps stay safe to read at any time.
 */
final class MerchantState {

  final String secretKey;
  final String clientKey;
  final String mId;
  volatile @Nullable String webhookUrl;
  final Map<String, BillingKeyRecord> billingKeys = new ConcurrentHashMap<>();
  final Map<String, PaymentRecord> payments = new ConcurrentHashMap<>();
  final Map<String, String> paymentKeyByOrderId = new ConcurrentHashMap<>();
  final Set<String> ordersInFlight = ConcurrentHashMap.newKeySet();

  MerchantState(TossSandboxKeys keys) {
    this.secretKey = keys.secretKey();
    this.clientKey = keys.clientKey();
    this.mId = mIdOf(keys.clientKey());
  }

  TossSandboxKeys keys() {
    return new TossSandboxKeys(clientKey, secretKey);
  }

  /**
   * The merchant id shown in responses: "sbx" and 11 hex digits of the SHA-256 of the public client
   * key (14 chars), so nothing about the secret key shows.
   */
  static String mIdOf(String clientKey) {
    try {
      byte[] hash =
          MessageDigest.getInstance("SHA-256").digest(clientKey.getBytes(StandardCharsets.UTF_8));
      return "sbx" + HexFormat.of().formatHex(hash).substring(0, 11);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  @Nullable PaymentRecord paymentByOrderId(String orderId) {
    String paymentKey = paymentKeyByOrderId.get(orderId);
    return paymentKey == null ? null : payments.get(paymentKey);
  }

  /** Forgets everything the merchant did (billing keys, payments, webhook URL); keeps its keys. */
  synchronized void clear() {
    webhookUrl = null;
    billingKeys.clear();
    payments.clear();
    paymentKeyByOrderId.clear();
  }

  /** The merchant's state in a form the snapshot can hold. */
  record Snapshot(
      String secretKey,
      String clientKey,
      boolean created,
      @Nullable String webhookUrl,
      java.util.List<BillingKeyRecord> billingKeys,
      java.util.List<PaymentRecord> payments,
      Map<String, String> paymentKeyByOrderId) {}

  synchronized Snapshot snapshot(boolean created) {
    return new Snapshot(
        secretKey,
        clientKey,
        created,
        webhookUrl,
        java.util.List.copyOf(billingKeys.values()),
        java.util.List.copyOf(payments.values()),
        Map.copyOf(paymentKeyByOrderId));
  }

  /** Puts back the snapshot's data; the keys are the caller's business. */
  synchronized void restore(Snapshot snapshot) {
    webhookUrl = snapshot.webhookUrl();
    snapshot.billingKeys().forEach(key -> billingKeys.put(key.billingKey(), key));
    snapshot.payments().forEach(payment -> payments.put(payment.paymentKey(), payment));
    paymentKeyByOrderId.putAll(snapshot.paymentKeyByOrderId());
  }
}
