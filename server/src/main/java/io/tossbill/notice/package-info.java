/**
 * Lifecycle notices: the mails a subscriber gets when something happens to their subscription,
 * payment or card (subscribed, receipt, consent request, upcoming renewal, payment failed, card
 * unusable, cancel scheduled, canceled, expired, refund), in their language, each asked for once
 * per cause through the mail outbox.
 */
@NullMarked
package io.tossbill.notice;

import org.jspecify.annotations.NullMarked;
