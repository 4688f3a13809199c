package io.tossbill.coupon;

import io.tossbill.billing.BillingPasses;
import io.tossbill.billing.GatewayRecorder;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;

/**
 * The billing tests' Spring context (same properties, so the cached context is shared): the sandbox
 * over HTTP, no background loops (tests run billing passes by hand).
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
@interface CouponIntegrationTest {}
