package io.tossbill.sandbox;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.jspecify.annotations.Nullable;

/** The sandbox's in-memory state: merchants, pending authKeys and the ledger. */
final class SandboxState {

  private final Map<String, MerchantState> merchants = new ConcurrentHashMap<>();
  private final Map<String, AuthKeyRecord> authKeys = new ConcurrentHashMap<>();
  private final List<LedgerEntry> ledger = new ArrayList<>();
  private final AtomicLong ledgerSequence = new AtomicLong();
  private final Changes changes;

  SandboxState(Changes changes) {
    this.changes = changes;
  }

  /** The merchant of a test secret key, created on first use. */
  MerchantState merchant(String secretKey) {
    return merchants.computeIfAbsent(
        secretKey,
        key -> {
          changes.fire();
          return new MerchantState(key);
        });
  }

  Collection<MerchantState> merchants() {
    return merchants.values();
  }

  Map<String, AuthKeyRecord> authKeys() {
    return authKeys;
  }

  void changed() {
    changes.fire();
  }

  LedgerEntry record(
      String type,
      MerchantState merchant,
      PaymentRecord payment,
      long amount,
      String status,
      @Nullable String failureCode,
      String transactionKey,
      @Nullable String cancelReason,
      java.time.Instant at) {
    LedgerEntry entry;
    synchronized (ledger) {
      entry =
          new LedgerEntry(
              ledgerSequence.incrementAndGet(),
              type,
              merchant.secretKey,
              merchant.mId,
              at,
              payment.paymentKey(),
              payment.orderId(),
              payment.billingKey(),
              payment.customerKey(),
              amount,
              status,
              failureCode,
              transactionKey,
              cancelReason);
      ledger.add(entry);
    }
    changes.fire();
    return entry;
  }

  List<LedgerEntry> ledger(@Nullable String secretKey) {
    synchronized (ledger) {
      return ledger.stream()
          .filter(e -> secretKey == null || e.secretKey().equals(secretKey))
          .toList();
    }
  }

  void reset(@Nullable String secretKey) {
    if (secretKey == null) {
      merchants.clear();
      authKeys.clear();
      synchronized (ledger) {
        ledger.clear();
      }
    } else {
      merchants.remove(secretKey);
      authKeys.values().removeIf(a -> a.secretKey().equals(secretKey));
      synchronized (ledger) {
        ledger.removeIf(e -> e.secretKey().equals(secretKey));
      }
    }
    changes.fire();
  }

  /** The persistent part of this state. */
  record Snapshot(
      List<MerchantState.Snapshot> merchants,
      List<AuthKeyRecord> authKeys,
      List<LedgerEntry> ledger) {}

  Snapshot snapshot() {
    List<LedgerEntry> ledgerCopy;
    synchronized (ledger) {
      ledgerCopy = List.copyOf(ledger);
    }
    return new Snapshot(
        merchants.values().stream().map(MerchantState::snapshot).toList(),
        List.copyOf(authKeys.values()),
        ledgerCopy);
  }

  void restore(Snapshot snapshot) {
    snapshot.merchants().forEach(m -> merchants.put(m.secretKey(), MerchantState.restore(m)));
    snapshot.authKeys().forEach(a -> authKeys.put(a.authKey(), a));
    synchronized (ledger) {
      ledger.addAll(snapshot.ledger());
      ledgerSequence.set(
          snapshot.ledger().stream().mapToLong(LedgerEntry::sequence).max().orElse(0));
    }
  }
}
