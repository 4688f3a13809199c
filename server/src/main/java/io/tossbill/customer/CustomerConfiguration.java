package io.tossbill.customer;

import com.github.kagkarlsson.scheduler.task.helper.RecurringTask;
import com.github.kagkarlsson.scheduler.task.helper.Tasks;
import com.github.kagkarlsson.scheduler.task.schedule.FixedDelay;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(CustomerProperties.class)
class CustomerConfiguration {

  @Bean
  BillingKeyCipher billingKeyCipher(CustomerProperties properties, Environment environment) {
    boolean sandbox = environment.getProperty("tossbill.toss.sandbox", Boolean.class, true);
    return EncryptionKeys.cipher(properties, sandbox);
  }

  /**
   * Retries deleting at Toss the keys of replaced and deleted cards; claimed in the database, so
   * one node does it.
   */
  @Bean
  RecurringTask<Void> deleteReplacedBillingKeys(CardService cards, CustomerProperties properties) {
    return Tasks.recurring(
            "customer-delete-replaced-billing-keys", FixedDelay.of(properties.keyDeletionRetry()))
        .execute((instance, context) -> cards.deleteKeysAtToss(0, 100));
  }

  /**
   * After a rotation (a new key put first in TOSSBILL_ENCRYPTION_KEYS), rewrites the stored billing
   * keys under it, a few minutes after start; nothing to do costs one index read.
   */
  @Bean
  RecurringTask<Void> reencryptBillingKeys(BillingKeyRotation rotation) {
    return Tasks.recurring("customer-reencrypt-billing-keys", FixedDelay.ofMinutes(5))
        .execute((instance, context) -> rotation.reencryptAll());
  }
}
