package io.tossbill.payment;

import io.tossbill.platform.Won;

/**
 * What a refund request did: DONE, or UNKNOWN when Toss's answer was lost (a read-back settles it).
 */
public record RefundResult(long refundId, String status, Won amount, PaymentView payment) {}
