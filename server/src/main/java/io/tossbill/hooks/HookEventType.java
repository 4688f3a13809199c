package io.tossbill.hooks;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * The events an endpoint can receive, by their public names ({@code group.action}). The names are
 * part of the API: never renamed, only added to.
 */
public enum HookEventType {
  CUSTOMER_CREATED("customer.created"),
  CUSTOMER_UPDATED("customer.updated"),
  CUSTOMER_DELETED("customer.deleted"),
  CARD_REGISTERED("card.registered"),
  CARD_UNUSABLE("card.unusable"),
  SUBSCRIPTION_CREATED("subscription.created"),
  SUBSCRIPTION_RENEWED("subscription.renewed"),
  SUBSCRIPTION_PAST_DUE("subscription.past_due"),
  SUBSCRIPTION_PAUSED("subscription.paused"),
  SUBSCRIPTION_RESUMED("subscription.resumed"),
  SUBSCRIPTION_CANCEL_SCHEDULED("subscription.cancel_scheduled"),
  SUBSCRIPTION_CANCELED("subscription.canceled"),
  SUBSCRIPTION_EXPIRED("subscription.expired"),
  SUBSCRIPTION_PRICE_CHANGE_SCHEDULED("subscription.price_change_scheduled"),
  PAYMENT_SUCCEEDED("payment.succeeded"),
  PAYMENT_FAILED("payment.failed"),
  PAYMENT_REFUNDED("payment.refunded"),
  CONSENT_REQUESTED("consent.requested"),
  CONSENT_ACCEPTED("consent.accepted"),
  CONSENT_DECLINED("consent.declined"),
  CONSENT_WITHDRAWN("consent.withdrawn");

  /** What an endpoint subscribes to for every type, present and future. */
  public static final String ALL = "*";

  private final String publicName;

  HookEventType(String publicName) {
    this.publicName = publicName;
  }

  /** The name in payloads and in an endpoint's {@code eventTypes}, e.g. {@code payment.failed}. */
  public String publicName() {
    return publicName;
  }

  /** The part before the dot: {@code payment} for {@code payment.failed}. */
  public String group() {
    return publicName.substring(0, publicName.indexOf('.'));
  }

  public static Optional<HookEventType> byPublicName(String name) {
    return Arrays.stream(values()).filter(t -> t.publicName.equals(name)).findFirst();
  }

  /** Every public name, in the order above. */
  public static List<String> publicNames() {
    return Arrays.stream(values()).map(HookEventType::publicName).toList();
  }

  /** The groups, each as its wildcard ({@code payment.*}). */
  public static List<String> groupWildcards() {
    return Arrays.stream(values()).map(t -> t.group() + ".*").distinct().toList();
  }

  /**
   * Whether an endpoint subscribed to {@code selection} ({@code *}, names and group wildcards)
   * receives this type.
   */
  public boolean selectedBy(List<String> selection) {
    for (String wanted : selection) {
      if (wanted.equals(ALL) || wanted.equals(publicName) || wanted.equals(group() + ".*")) {
        return true;
      }
    }
    return false;
  }
}
