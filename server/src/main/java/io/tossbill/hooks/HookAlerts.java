package io.tossbill.hooks;

import io.tossbill.mail.MailOutbox;
import io.tossbill.mail.MailRequest;
import io.tossbill.web.PublicUrls;
import java.time.Instant;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Tells the operator ({@code tossbill.hooks.alert-email}) that an endpoint was disabled because it
 * kept failing: a mail through the outbox, in the transaction that disabled it, once per disabling.
 */
@Component
class HookAlerts {

  private static final Logger log = LoggerFactory.getLogger(HookAlerts.class);
  static final String TEMPLATE = "webhook-endpoint-disabled";

  private final MailOutbox mail;
  private final PublicUrls urls;
  private final HookProperties properties;

  HookAlerts(MailOutbox mail, PublicUrls urls, HookProperties properties) {
    this.mail = mail;
    this.urls = urls;
    this.properties = properties;
  }

  void endpointDisabled(long endpointId, String url, HookRepository.Failing failing, Instant at) {
    if (properties.alertEmail().isEmpty()) {
      log.warn("No tossbill.hooks.alert-email: nobody is mailed about endpoint {}", endpointId);
      return;
    }
    mail.enqueue(
        MailRequest.of(
            "webhook-endpoint-disabled:" + endpointId + ":" + at.toEpochMilli(),
            properties.alertEmail(),
            properties.alertLanguage(),
            TEMPLATE,
            Map.of(
                // as text: a message format would group the digits of a number (1,234)
                "endpointId", Long.toString(endpointId),
                "url", EndpointRules.shown(url),
                "failingSince", failing.failingSince(),
                "failures", Integer.toString(failing.consecutiveFailures()),
                "consoleUrl", urls.of("/admin/webhook-endpoints/" + endpointId))));
  }
}
