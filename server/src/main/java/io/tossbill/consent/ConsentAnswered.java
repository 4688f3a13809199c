package io.tossbill.consent;

import io.tossbill.billing.ChargeConsentPolicy.ChangeKind;
import io.tossbill.billing.SubscriptionId;
import io.tossbill.customer.CustomerId;
import java.time.Instant;
import java.time.LocalDate;

/**
 * The subscriber answered a consent request: {@code status} is ACCEPTED, DECLINED or WITHDRAWN
 * (published in the answering transaction).
 */
public record ConsentAnswered(
    ConsentRequestId requestId,
    SubscriptionId subscriptionId,
    CustomerId customerId,
    ChangeKind kind,
    ConsentStatus status,
    LocalDate changeDate,
    Instant answeredAt) {}
