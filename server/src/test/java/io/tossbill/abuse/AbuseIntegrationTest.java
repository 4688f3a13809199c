package io.tossbill.abuse;

import io.tossbill.testing.TestMailServer;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.ContextConfiguration;

/**
 * The Spring context of the abuse tests (the authorization matrix, the form sweep): a context of
 * its own, so nothing another test left behind writes while they compare tables, with mail sent to
 * the test SMTP server.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@SpringBootTest(
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = {
      "tossbill.test.context=abuse",
      "tossbill.mail.first-retry-after=1s",
      // a failed webhook try is retried after a day: no retry lands while tables are compared
      "tossbill.hooks.retry-schedule=1d",
      // the login forms are swept from 127.0.0.1 like every principal's login
      "tossbill.security.login-throttle.per-address=1000000"
    })
@ContextConfiguration(initializers = TestMailServer.Initializer.class)
@interface AbuseIntegrationTest {}
