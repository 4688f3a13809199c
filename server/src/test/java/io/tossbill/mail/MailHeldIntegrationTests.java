package io.tossbill.mail;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tossbill.platform.ApiException;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;

/** The default run has no SMTP server: mail lands in the outbox and waits there. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class MailHeldIntegrationTests {

  @Autowired MailOutbox outbox;

  @Test
  void withoutSmtpAMailIsHeldInTheOutboxAndShown() {
    assertThat(outbox.smtpConfigured()).isFalse();
    long id =
        outbox.enqueue(
            MailRequest.of(
                "test-held:1",
                "held@example.com",
                Locale.KOREAN,
                "welcome",
                Map.of("name", "보관", "email", "held@example.com", "plansUrl", "u", "myUrl", "m")));
    MailView mail = outbox.view(id);
    assertThat(mail.status()).isEqualTo(MailStatus.HELD);
    assertThat(mail.textBody()).contains("보관님, 안녕하세요.");
    assertThat(mail.htmlBody()).contains("<h1");
    assertThatThrownBy(() -> outbox.resend(id))
        .isInstanceOf(ApiException.class)
        .hasMessageContaining("MAIL_NO_SMTP");
  }

  @Test
  void aMalformedAddressIsRefusedBeforeAnythingIsStored() {
    assertThatThrownBy(
            () ->
                outbox.enqueue(
                    MailRequest.of(
                        "test-bad:1",
                        "someone\r\nBcc: x@example.com",
                        Locale.KOREAN,
                        "welcome",
                        Map.of())))
        .isInstanceOf(ApiException.class)
        .hasMessageContaining("INVALID_EMAIL");
    assertThat(outbox.page(null, 0, 200).mails())
        .noneMatch(m -> m.dedupeKey().equals("test-bad:1"));
  }
}
