package io.tossbill.sandbox;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The sandbox's in-memory state: the merchants with their keys, pending authKeys and the ledger.
 * Only known keys name a merchant: the installation's own pair (from the configuration or
 * generated) and the pairs created through the controls. Nothing is created by looking a key up.
 */
final class SandboxState {

  private static final Logger log = LoggerFactory.getLogger(SandboxState.class);

  private final Map<String, MerchantState> merchants = new ConcurrentHashMap<>();
  private final Map<String, MerchantState> byClientKey = new ConcurrentHashMap<>();
  private final Map<String, AuthKeyRecord> authKeys = new ConcurrentHashMap<>();
  private final List<LedgerEntry> ledger = new ArrayList<>();
  private final AtomicLong ledgerSequence = new AtomicLong();
  private final Changes changes;
  private final MerchantState installation;

  SandboxState(Changes changes, TossSandboxKeys installationKeys) {
    this.changes = changes;
    this.installation = new MerchantState(installationKeys);
    add(installation);
  }

  /** The merchant whose secret key this is, if the sandbox knows it. */
  Optional<MerchantState> merchant(String secretKey) {
    return Optional.ofNullable(merchants.get(secretKey));
  }

  /** The merchant whose client key this is, if the sandbox knows it. */
  Optional<MerchantState> merchantByClientKey(String clientKey) {
    return Optional.ofNullable(byClientKey.get(clientKey));
  }

  /** The merchant of the installation's own keys, which alone may change sandbox-wide settings. */
  MerchantState installation() {
    return installation;
  }

  boolean isInstallation(MerchantState merchant) {
    return merchant == installation;
  }

  /** A new merchant with a random key pair of its own, isolated from every other merchant. */
  MerchantState createMerchant() {
    MerchantState merchant = new MerchantState(TossSandboxKeys.generate());
    add(merchant);
    changes.fire();
    return merchant;
  }

  private synchronized void add(MerchantState merchant) {
    if (merchants.putIfAbsent(merchant.secretKey, merchant) != null
        || byClientKey.putIfAbsent(merchant.clientKey, merchant) != null) {
      merchants.remove(merchant.secretKey, merchant);
      throw new IllegalStateException("a sandbox merchant with this key exists already");
    }
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

  /**
   * Forgets the data of one merchant (null: of every merchant): billing keys, payments, authKeys,
   * ledger entries, webhook URL. Keys stay valid.
   */
  void reset(@Nullable String secretKey) {
    if (secretKey == null) {
      merchants.values().forEach(MerchantState::clear);
      authKeys.clear();
      synchronized (ledger) {
        ledger.clear();
      }
    } else {
      merchant(secretKey).ifPresent(MerchantState::clear);
      authKeys.values().removeIf(a -> a.secretKey().equals(secretKey));
      synchronized (ledger) {
        ledger.removeIf(e -> e.secretKey().equals(secretKey));
      }
    }
    changes.fire();
  }

  /**
   * A merchant created through the controls of an earlier run: its keys are still a valid pair. The
   * installation's former keys are not restorable (a created merchant never has them).
   */
  private static boolean isRestorable(MerchantState.Snapshot m) {
    try {
      new TossSandboxKeys(m.clientKey(), m.secretKey());
      return m.created();
    } catch (IllegalArgumentException e) {
      return false;
    }
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
        merchants.values().stream().map(m -> m.snapshot(m != installation)).toList(),
        List.copyOf(authKeys.values()),
        ledgerCopy);
  }

  /**
   * Puts a snapshot back and answers the secret keys whose data came back. The installation's data
   * is kept when its secret key is still the same; merchants created through the controls come back
   * with their keys. Data of a secret key the sandbox no longer knows (the installation's keys were
   * changed) is left out.
   */
  java.util.Set<String> restore(Snapshot snapshot) {
    java.util.Set<String> known = new java.util.HashSet<>();
    for (MerchantState.Snapshot m : snapshot.merchants()) {
      MerchantState merchant;
      if (m.secretKey().equals(installation.secretKey)) {
        merchant = installation;
      } else if (byClientKey.containsKey(m.clientKey()) || !isRestorable(m)) {
        log.warn(
            "toss-sandbox: the saved data of merchant {} belongs to keys this sandbox no longer"
                + " uses; it is left out",
            MerchantState.mIdOf(m.clientKey()));
        continue;
      } else {
        merchant = new MerchantState(new TossSandboxKeys(m.clientKey(), m.secretKey()));
        add(merchant);
      }
      merchant.restore(m);
      known.add(m.secretKey());
    }
    snapshot.authKeys().stream()
        .filter(a -> known.contains(a.secretKey()))
        .forEach(a -> authKeys.put(a.authKey(), a));
    synchronized (ledger) {
      snapshot.ledger().stream().filter(e -> known.contains(e.secretKey())).forEach(ledger::add);
      ledgerSequence.set(
          snapshot.ledger().stream().mapToLong(LedgerEntry::sequence).max().orElse(0));
    }
    return known;
  }
}
