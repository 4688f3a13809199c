package io.tossbill.customer;

import io.tossbill.gateway.PaymentGateway;
import io.tossbill.platform.ApiException;
import io.tossbill.toss.Billing;
import io.tossbill.toss.IdempotencyKey;
import io.tossbill.toss.TossApiException;
import io.tossbill.toss.TossCommunicationException;
import io.tossbill.webhook.TossBillingKeyDeleted;
import io.tossbill.webhook.TossWebhookLog;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.modulith.events.ApplicationModuleListener;
import org.springframework.stereotype.Service;

/**
 * Cards: registration through Toss's window, the card to charge, and the keys to delete at Toss.
 * Toss is called here, outside any transaction; {@link CardStore} writes in short transactions.
 */
@Service
class CardService implements Cards {

  private static final Logger log = LoggerFactory.getLogger(CardService.class);
  static final int MAX_AUTH_KEY_LENGTH = 300;

  /** Toss's answers to deleting a key that is already gone: nothing left to do. */
  private static final Set<String> ALREADY_GONE =
      Set.of("NOT_FOUND_BILLING", "BILLING_KEY_NOT_FOUND", "ALREADY_REMOVED_BILLING_KEY");

  private final CustomerService customers;
  private final CardStore store;
  private final PaymentGateway gateway;
  private final CustomerProperties properties;
  private final TossWebhookLog webhooks;

  CardService(
      CustomerService customers,
      CardStore store,
      PaymentGateway gateway,
      CustomerProperties properties,
      TossWebhookLog webhooks) {
    this.customers = customers;
    this.store = store;
    this.gateway = gateway;
    this.properties = properties;
    this.webhooks = webhooks;
  }

  @Override
  public Optional<ChargeableCard> chargeableCard(CustomerId id) {
    return store.chargeable(id);
  }

  @Override
  public java.util.Map<CustomerId, ChargeableCard> chargeableCards(
      java.util.Collection<CustomerId> ids) {
    return store.chargeable(ids);
  }

  @Override
  public Optional<CardSummary> currentCard(CustomerId id) {
    return store.current(id);
  }

  @Override
  public CardSummary registerCard(CustomerId id, String authKey, String returnedCustomerKey) {
    var customer = customers.stored(id);
    if (customer.deleted()) {
      throw CardStore.deleted();
    }
    String customerKey = customer.customer().customerKey();
    if (returnedCustomerKey == null
        || !BillingKeyCipher.constantTimeEquals(customerKey, returnedCustomerKey)) {
      throw mismatch();
    }
    if (authKey == null || authKey.isBlank() || authKey.length() > MAX_AUTH_KEY_LENGTH) {
      throw ApiException.badRequest("INVALID_AUTH_KEY", "api.INVALID_AUTH_KEY");
    }
    Billing billing = issue(authKey, customerKey);
    if (!BillingKeyCipher.constantTimeEquals(customerKey, billing.customerKey())) {
      throw mismatch();
    }
    CardStore.Registration registration;
    try {
      registration = store.store(id, billing.billingKey(), summary(billing));
    } catch (RuntimeException e) {
      discardIssuedKey(id, billing.billingKey());
      throw e;
    }
    if (registration.replacedCardId() != null) {
      deleteKeysAtToss(registration.replacedCardId().value(), 1);
    }
    return registration.summary();
  }

  /**
   * Toss issued a key that could not be stored (the customer was deleted meanwhile, the database
   * failed): no card row knows it, so nothing would ever delete it at Toss. Best effort, and never
   * a key that a card row holds, because then that card's life cycle owns it. Never logs the key.
   */
  private void discardIssuedKey(CustomerId id, String billingKey) {
    try {
      if (store.isStored(billingKey)) {
        return;
      }
      gateway.deleteBillingKey(billingKey);
      log.info(
          "Deleted at Toss the billing key just issued for customer {}, which could not be stored",
          id.value());
    } catch (TossApiException e) {
      if (!ALREADY_GONE.contains(e.code())) {
        log.warn(
            "Could not delete at Toss the billing key just issued for customer {} ({} {}); it stays"
                + " unused at Toss",
            id.value(),
            e.httpStatus(),
            e.code());
      }
    } catch (RuntimeException e) {
      log.warn(
          "Could not delete at Toss the billing key just issued for customer {} ({}); it stays"
              + " unused at Toss",
          id.value(),
          e.getClass().getSimpleName());
    }
  }

  /** The window's authKey may be retried: the same authKey replays the same issue at Toss. */
  static IdempotencyKey issueKey(String authKey) {
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256").digest(authKey.getBytes(StandardCharsets.UTF_8));
      return IdempotencyKey.of("issue-" + HexFormat.of().formatHex(digest).substring(0, 48));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private Billing issue(String authKey, String customerKey) {
    try {
      return gateway.issueBillingKey(authKey, customerKey, issueKey(authKey));
    } catch (TossApiException e) {
      log.info("Toss refused to issue a billing key: {} {}", e.httpStatus(), e.code());
      throw new ApiException(
          org.springframework.http.HttpStatus.UNPROCESSABLE_CONTENT,
          "CARD_REGISTRATION_FAILED",
          "api.CARD_REGISTRATION_FAILED",
          e.error().message(),
          e.code());
    } catch (TossCommunicationException e) {
      log.warn("Toss did not answer a billing key issue: {}", e.getMessage());
      throw new TossUnavailableException();
    }
  }

  static CardSummary summary(Billing billing) {
    Billing.BillingCard card = billing.card();
    String issuerCode = card == null ? null : card.issuerCode();
    return new CardSummary(
        issuerCode,
        IssuerNames.of(issuerCode),
        card == null || card.number() == null ? "" : card.number(),
        card == null || card.cardType() == null ? "미확인" : card.cardType(),
        card == null || card.ownerType() == null ? "미확인" : card.ownerType());
  }

  private static ApiException mismatch() {
    return ApiException.badRequest("CUSTOMER_KEY_MISMATCH", "api.CUSTOMER_KEY_MISMATCH");
  }

  /**
   * Toss deleted a billing key (BILLING_DELETED webhook): the card stops being charged, once. The
   * event carries the key masked only; the key itself comes from the stored delivery.
   */
  @ApplicationModuleListener
  void on(TossBillingKeyDeleted event) {
    Optional<String> billingKey = webhooks.deletedBillingKey(event.transmissionId());
    if (billingKey.isEmpty()) {
      log.warn(
          "Toss webhook {} reported billing key {} deleted, but that delivery holds no processed"
              + " BILLING_DELETED key; nothing to do",
          event.transmissionId(),
          event.maskedBillingKey());
      return;
    }
    store.billingKeyDeletedAtToss(billingKey.get(), event.reason());
  }

  /**
   * Deletes at Toss the keys of replaced and deleted cards: best effort, never inside a
   * transaction. A failure is logged (without the key) and tried again by the recurring job after
   * {@code tossbill.customer.key-deletion-retry}; a key Toss no longer knows counts as deleted.
   *
   * @param onlyCardId 0 for any due card
   * @return how many keys were confirmed deleted
   */
  int deleteKeysAtToss(long onlyCardId, int limit) {
    List<CardRepository.KeyToDelete> due =
        store.claimKeyDeletions(onlyCardId, limit, properties.keyDeletionRetry());
    int deleted = 0;
    for (CardRepository.KeyToDelete key : due) {
      try {
        gateway.deleteBillingKey(store.decrypt(key.encryptedBillingKey()));
        store.keyDeletedAtToss(key.id());
        deleted++;
      } catch (TossApiException e) {
        if (ALREADY_GONE.contains(e.code())) {
          store.keyDeletedAtToss(key.id());
          deleted++;
        } else {
          log.warn(
              "Could not delete the billing key of card {} at Toss ({} {}); will retry",
              key.id().value(),
              e.httpStatus(),
              e.code());
        }
      } catch (RuntimeException e) {
        log.warn(
            "Could not delete the billing key of card {} at Toss ({}); will retry",
            key.id().value(),
            e.getClass().getSimpleName());
      }
    }
    return deleted;
  }

  /** Deletes the customer unless a guard refuses; their key is deleted at Toss after commit. */
  void deleteCustomer(CustomerId id, List<CustomerDeletionGuard> guards) {
    @Nullable CardId card = store.deleteCustomer(id, guards).orElse(null);
    if (card != null) {
      deleteKeysAtToss(card.value(), 1);
    }
  }

  /** Toss could not be reached: the caller may try again (503, not a refusal of the request). */
  static final class TossUnavailableException extends RuntimeException {
    TossUnavailableException() {
      super("Toss did not answer");
    }
  }
}
