package io.tossbill.consent;

/** One kind of step in the append-only consent history (the consent_history table). */
enum ConsentStep {
  /** A request was made for a change; it is sent when its window opens. */
  SCHEDULED,
  /** The request was sent ({@code ConsentRequested}). */
  REQUESTED,
  /** An unanswered request was sent once more before its deadline. */
  REMINDED,
  /** A send came due while the subscriber's "don't ask again" was running: nothing was sent. */
  REQUEST_SUPPRESSED,
  /** The subscriber agreed to the text shown. */
  ACCEPTED,
  /** The subscriber said no. */
  DECLINED,
  /** The subscriber asked not to be asked again for some days (not an answer). */
  SNOOZED,
  /** The subscriber took back their consent before the change. */
  WITHDRAWN,
  /** A new change for the same date is covered by the consent already given: kept. */
  CHANGE_COVERED,
  /** The customer's card changed: the open request's text (and hash) now shows the new one. */
  TEXT_REFRESHED,
  /** A newer change, a price decrease or the subscription's end replaced the request. */
  SUPERSEDED,
  /** The renewal charged the new price on this consent. */
  CHARGE_ALLOWED,
  /** The renewal found no consent: the new price was not charged. */
  CHARGE_BLOCKED,
  /** The change date came before any request was sent: the increase moved one period on. */
  DEFERRED,
  /** A price decrease (or an equal price) was scheduled: nothing to ask. */
  NOT_REQUIRED
}
