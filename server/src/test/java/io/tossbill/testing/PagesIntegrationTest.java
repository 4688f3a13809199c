package io.tossbill.testing;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.ContextConfiguration;

/**
 * The one Spring context of the page and browser tests: the sandbox mounted as in the default run,
 * the billing loop running (a moved test clock renews at once), and mail sent to the in-process
 * SMTP server ({@link TestMailServer}) with quick retries.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@SpringBootTest(
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = {
      "tossbill.mail.first-retry-after=1s",
      "tossbill.mail.poll-interval=1s",
      "tossbill.billing.worker.poll-interval=1s"
    })
@ContextConfiguration(initializers = TestMailServer.Initializer.class)
public @interface PagesIntegrationTest {}
