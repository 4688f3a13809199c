/**
 * The admin dashboard's figures: MRR normalised to a month, active subscriptions, new and churned
 * in 30 days, revenue per day, failed payments and recoveries, active per plan; read through the
 * billing and payment modules' query services (docs/dashboard.md says how each is computed).
 */
@NullMarked
package io.tossbill.dashboard;

import org.jspecify.annotations.NullMarked;
