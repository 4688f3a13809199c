package io.tossbill.billing;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;

/**
 * The one Spring context of the billing tests: the sandbox over HTTP through the real gateway, a
 * short charge timeout and hang so timeouts take seconds, and no background loop (tests run
 * passes).
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Import({BillingPasses.class, GatewayRecorder.class})
@SpringBootTest(
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = {
      "tossbill.toss.charge-read-timeout=2s",
      "toss-sandbox.hang-duration=4s",
      "tossbill.billing.worker.enabled=false",
      "tossbill.payment.janitor.first-check-after=1s",
      "tossbill.billing.worker.recheck-after=1s",
      "tossbill.payment.janitor.enabled=false"
    })
@interface BillingIntegrationTest {}
