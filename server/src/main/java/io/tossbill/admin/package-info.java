/**
 * The admin console for staff (ADMIN and SUPPORT): the dashboard, plans, customers and
 * subscriptions with their timelines and actions, payments with refunds and CSV export, API keys,
 * staff, Toss's webhooks, the test clock and the mail outbox.
 */
@NullMarked
package io.tossbill.admin;

import org.jspecify.annotations.NullMarked;
