package io.tossbill.notice;

import io.tossbill.customer.CustomerId;

/**
 * The kinds of lifecycle notice, each a mail template ({@code
 * src/main/jte/mail/html/<template>.jte} and {@code mail/text/<template>.jte}). A notice's dedupe
 * key in the outbox names its kind, its customer and its cause (the event's identity), so one cause
 * mails one customer at most once per kind.
 */
enum NoticeKind {
  SUBSCRIBED("subscribed"),
  RECEIPT("receipt"),
  CONSENT_TRIAL("consent-trial"),
  CONSENT_PRICE_INCREASE("consent-price-increase"),
  UPCOMING_RENEWAL("upcoming-renewal"),
  PAYMENT_FAILED("payment-failed"),
  CARD_UNUSABLE("card-unusable"),
  CANCEL_SCHEDULED("cancel-scheduled"),
  CANCELED("canceled"),
  EXPIRED("expired"),
  REFUND("refund");

  private final String template;

  NoticeKind(String template) {
    this.template = template;
  }

  String template() {
    return template;
  }

  /** {@code <template>:c<customer>:<cause>}, e.g. {@code receipt:c42:payment-17}. */
  String key(CustomerId customer, String cause) {
    return template + ":c" + customer.value() + ":" + cause;
  }
}
