package io.tossbill.payment;

import com.github.kagkarlsson.scheduler.task.helper.RecurringTask;
import com.github.kagkarlsson.scheduler.task.helper.Tasks;
import com.github.kagkarlsson.scheduler.task.schedule.FixedDelay;
import java.time.Clock;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The payment module's cluster-wide jobs (db-scheduler: each run picked by one node): the charge
 * janitor and the refund janitor.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(
    name = "tossbill.payment.janitor.enabled",
    havingValue = "true",
    matchIfMissing = true)
class PaymentJobs {

  @Bean
  RecurringTask<Void> chargeJanitorTask(
      ChargeJanitor janitor, PaymentProperties properties, Clock clock) {
    return Tasks.recurring(
            "payment-charge-janitor", FixedDelay.of(properties.janitor().pollInterval()))
        .execute(
            (instance, context) -> {
              while (janitor.runPass(clock.instant()) == properties.janitor().batchSize()
                  && !Thread.currentThread().isInterrupted()) {
                // a full batch: there may be more due now
              }
            });
  }

  @Bean
  RecurringTask<Void> refundJanitorTask(
      RefundJanitor janitor, PaymentProperties properties, Clock clock) {
    return Tasks.recurring(
            "payment-refund-janitor", FixedDelay.of(properties.janitor().pollInterval()))
        .execute((instance, context) -> janitor.runPass(clock.instant()));
  }
}
