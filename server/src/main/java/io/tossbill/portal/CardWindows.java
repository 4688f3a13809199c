package io.tossbill.portal;

import io.tossbill.customer.CardSummary;
import io.tossbill.customer.Cards;
import io.tossbill.customer.CustomerId;
import io.tossbill.customer.Customers;
import io.tossbill.gateway.PaymentGateway;
import io.tossbill.platform.ApiException;
import io.tossbill.web.Messages;
import jakarta.servlet.http.HttpSession;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.springframework.ui.Model;
import org.springframework.web.servlet.support.ServletUriComponentsBuilder;

/**
 * Toss's card window on a page: the SDK v2 script, the merchant's client key and the customer's
 * customerKey, with success and fail addresses under the page's own path. The customerKey handed to
 * the window is remembered in the session; a success callback with any other is refused before the
 * authKey is exchanged.
 */
@Component
class CardWindows {

  private static final Logger log = LoggerFactory.getLogger(CardWindows.class);
  private static final String ISSUED = CardWindows.class.getName() + ".issued";
  private static final Pattern CODE = Pattern.compile("[A-Z0-9_]{1,80}");

  /** What the page needs to open the window (see card-window.js). */
  record Window(
      String scriptUrl,
      String clientKey,
      String customerKey,
      String successUrl,
      String failUrl,
      @Nullable String customerEmail,
      @Nullable String customerName) {}

  private final PaymentGateway gateway;
  private final Customers customers;
  private final Cards cards;
  private final Messages messages;

  CardWindows(PaymentGateway gateway, Customers customers, Cards cards, Messages messages) {
    this.gateway = gateway;
    this.customers = customers;
    this.cards = cards;
    this.messages = messages;
  }

  /**
   * Adds {@code cardWindow} (and the current card, if any) to the model of a page at {@code base}.
   */
  void addTo(Model model, HttpSession session, CustomerId customerId, String base) {
    var customer = customers.require(customerId);
    PaymentGateway.CardWindow window = gateway.cardWindow();
    session.setAttribute(ISSUED, customer.customerKey());
    String origin = ServletUriComponentsBuilder.fromCurrentContextPath().toUriString();
    model.addAttribute(
        "cardWindow",
        new Window(
            window.scriptUrl(),
            window.clientKey(),
            customer.customerKey(),
            origin + base + "/card/success",
            origin + base + "/card/fail",
            customer.email(),
            customer.name()));
    model.addAttribute("card", cards.currentCard(customerId).orElse(null));
  }

  /**
   * Exchanges the window's authKey for the customer's new card. Refused (400 {@code
   * CUSTOMER_KEY_MISMATCH}) when the window returned a customerKey other than the one this session
   * handed out for this customer.
   */
  CardSummary register(
      HttpSession session,
      CustomerId customerId,
      @Nullable String customerKey,
      @Nullable String authKey) {
    Object issued = session.getAttribute(ISSUED);
    String expected = customers.require(customerId).customerKey();
    if (customerKey == null
        || authKey == null
        || !(issued instanceof String issuedKey)
        || !same(issuedKey, customerKey)
        || !same(expected, customerKey)) {
      throw ApiException.badRequest("CUSTOMER_KEY_MISMATCH", "api.CUSTOMER_KEY_MISMATCH.2");
    }
    session.removeAttribute(ISSUED);
    try {
      return cards.registerCard(customerId, authKey, customerKey);
    } catch (ApiException e) {
      throw e;
    } catch (RuntimeException e) {
      // Toss did not answer (or answered nonsense): nothing was stored; the subscriber may retry.
      log.warn(
          "Card registration for customer {} failed: {}",
          customerId.value(),
          e.getClass().getSimpleName());
      throw ApiException.conflict("TOSS_UNAVAILABLE", "api.TOSS_UNAVAILABLE");
    }
  }

  /**
   * The window's failure in the page's language: the bundle's text for Toss's code, or Toss's own.
   */
  String failure(@Nullable String code, @Nullable String tossMessage) {
    String safeCode = code != null && CODE.matcher(code).matches() ? code : "UNKNOWN";
    String key = "toss.fail." + safeCode;
    if (messages.has(key)) {
      return messages.text(key);
    }
    String message =
        tossMessage == null || tossMessage.isBlank()
            ? ""
            : tossMessage.strip().substring(0, Math.min(200, tossMessage.strip().length()));
    return messages.text("toss.fail.other", safeCode, message);
  }

  private static boolean same(String a, String b) {
    return MessageDigest.isEqual(
        a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8));
  }
}
