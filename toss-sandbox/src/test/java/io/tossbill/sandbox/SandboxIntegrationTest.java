package io.tossbill.sandbox;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.springframework.boot.test.context.SpringBootTest;

/**
 * The standalone sandbox on a random port with short delays and the standalone defaults of {@link
 * TossSandboxApplication}, shared by the integration tests.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@SpringBootTest(
    classes = TossSandboxApplication.class,
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = {
      "toss-sandbox.hang-duration=3s",
      "toss-sandbox.delayed-approval-duration=1500ms",
      "toss-sandbox.webhook-poll-interval=50ms",
      "toss-sandbox.webhook-timeout=2s",
      "toss-sandbox.client-key=" + SandboxHttp.INSTALLATION_CLIENT_KEY,
      "toss-sandbox.secret-key=" + SandboxHttp.INSTALLATION_SECRET_KEY,
      "spring.threads.virtual.enabled=true",
      "spring.servlet.multipart.enabled=false",
      "spring.mvc.formcontent.filter.enabled=false",
      "logging.level.io.tossbill.sandbox=INFO"
    })
@interface SandboxIntegrationTest {}
