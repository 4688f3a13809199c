package io.tossbill.consent;

import io.tossbill.billing.SubscriptionId;
import io.tossbill.platform.ApiException;
import java.security.Principal;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * Merchant API for consents ({@code Authorization: Bearer <api key>}): the merchant's page shows
 * the request's text and records the subscriber's answer. Closing the dialog or "later" is no
 * answer.
 */
@RestController
class ConsentController {

  private final Consents consents;

  ConsentController(Consents consents) {
    this.consents = consents;
  }

  /**
   * @param textHash SHA-256 (hex) of the exact text shown, as {@code GET} returned it
   * @param channel where the subscriber answered: WEB, APP, EMAIL, SMS, KAKAO, PHONE or API
   * @param ip the subscriber's IP address, when known
   */
  record AcceptForm(@Nullable String textHash, @Nullable String channel, @Nullable String ip) {}

  record AnswerForm(@Nullable String channel, @Nullable String ip) {}

  record SnoozeForm(@Nullable Integer days, @Nullable String channel, @Nullable String ip) {}

  @GetMapping("/api/v1/subscriptions/{id}/consents")
  List<ConsentRequest> ofSubscription(@PathVariable long id) {
    return consents.ofSubscription(subscription(id));
  }

  @GetMapping("/api/v1/subscriptions/{id}/consents/history")
  List<ConsentHistoryEntry> historyOfSubscription(@PathVariable long id) {
    return consents.history(subscription(id));
  }

  @GetMapping("/api/v1/consents/{requestId}")
  ConsentRequest request(@PathVariable long requestId) {
    return consents.request(requestId(requestId));
  }

  @GetMapping("/api/v1/consents/{requestId}/history")
  List<ConsentHistoryEntry> history(@PathVariable long requestId) {
    return consents.history(requestId(requestId));
  }

  @PostMapping("/api/v1/consents/{requestId}/accept")
  ConsentRequest accept(
      @PathVariable long requestId,
      @RequestBody(required = false) @Nullable AcceptForm form,
      Principal principal) {
    AcceptForm f = form == null ? new AcceptForm(null, null, null) : form;
    return consents.accept(
        requestId(requestId),
        f.textHash(),
        answer(principal, ConsentChannel.parse(f.channel(), null), f.ip()));
  }

  @PostMapping("/api/v1/consents/{requestId}/decline")
  ConsentRequest decline(
      @PathVariable long requestId,
      @RequestBody(required = false) @Nullable AnswerForm form,
      Principal principal) {
    AnswerForm f = form == null ? new AnswerForm(null, null) : form;
    return consents.decline(
        requestId(requestId),
        answer(principal, ConsentChannel.parse(f.channel(), ConsentChannel.API), f.ip()));
  }

  @PostMapping("/api/v1/consents/{requestId}/withdraw")
  ConsentRequest withdraw(
      @PathVariable long requestId,
      @RequestBody(required = false) @Nullable AnswerForm form,
      Principal principal) {
    AnswerForm f = form == null ? new AnswerForm(null, null) : form;
    return consents.withdraw(
        requestId(requestId),
        answer(principal, ConsentChannel.parse(f.channel(), ConsentChannel.API), f.ip()));
  }

  @PostMapping("/api/v1/consents/{requestId}/snooze")
  ConsentRequest snooze(
      @PathVariable long requestId,
      @RequestBody(required = false) @Nullable SnoozeForm form,
      Principal principal) {
    SnoozeForm f = form == null ? new SnoozeForm(null, null, null) : form;
    return consents.snooze(
        requestId(requestId),
        f.days(),
        answer(principal, ConsentChannel.parse(f.channel(), ConsentChannel.API), f.ip()));
  }

  private static Consents.Answer answer(
      Principal principal, ConsentChannel channel, @Nullable String ip) {
    return new Consents.Answer(
        "api-key " + principal.getName(), channel, ip == null || ip.isBlank() ? null : ip.strip());
  }

  private static SubscriptionId subscription(long id) {
    if (id <= 0) {
      throw ApiException.notFound("SUBSCRIPTION_NOT_FOUND", "api.SUBSCRIPTION_NOT_FOUND.2", id);
    }
    return new SubscriptionId(id);
  }

  private static ConsentRequestId requestId(long id) {
    if (id <= 0) {
      throw Consents.notFound(new ConsentRequestId(Long.MAX_VALUE));
    }
    return new ConsentRequestId(id);
  }
}
