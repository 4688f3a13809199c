/**
 * Subscriber consent as Korean law (전자상거래법) requires before a price increase or a trial's first
 * paid charge: requests, their recording, and the policy that blocks the charge without them.
 */
@NullMarked
package io.tossbill.consent;

import org.jspecify.annotations.NullMarked;
