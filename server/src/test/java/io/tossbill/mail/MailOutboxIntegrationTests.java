package io.tossbill.mail;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.tossbill.testing.PagesIntegrationTest;
import io.tossbill.testing.TestMailServer;
import jakarta.mail.internet.MimeMessage;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Mail through the outbox to a real SMTP server: once per cause, never twice, in both languages.
 */
@PagesIntegrationTest
class MailOutboxIntegrationTests {

  @Autowired MailOutbox outbox;
  @Autowired MailDelivery delivery;
  @Autowired JdbcClient jdbc;

  @Test
  void theSameCauseMailsOnceAndARedeliveredEventSendsNothingMore() throws Exception {
    String to = "once-" + UUID.randomUUID().toString().substring(0, 8) + "@example.com";
    MailRequest request =
        MailRequest.of(
            "test-once:" + to,
            to,
            Locale.KOREAN,
            "welcome",
            Map.of(
                "name", "하나", "email", to, "plansUrl", "http://x/plans", "myUrl", "http://x/my"));
    long id = outbox.enqueue(request);
    assertThat(outbox.enqueue(request)).isEqualTo(id);
    await().atMost(Duration.ofSeconds(10)).until(() -> outbox.view(id).status() == MailStatus.SENT);

    // the event outbox may deliver MailQueued again after a restart: the row is claimed already
    assertThat(delivery.deliver(id)).isFalse();
    List<MimeMessage> received = TestMailServer.to(to);
    assertThat(received).hasSize(1);
    assertThat(received.getFirst().getSubject()).isEqualTo("가입을 환영합니다");
    String messageId =
        jdbc.sql("select message_id from mail_message where id = :id")
            .param("id", id)
            .query(String.class)
            .single();
    assertThat(received.getFirst().getMessageID()).isEqualTo(messageId);
    assertThat(
            jdbc.sql("select count(*) from mail_message where dedupe_key = :k")
                .param("k", "test-once:" + to)
                .query(Long.class)
                .single())
        .isEqualTo(1);
  }

  @Test
  void aResentMailKeepsItsMessageIdSoReceiversCanTellItIsTheSame() {
    String to = "again-" + UUID.randomUUID().toString().substring(0, 8) + "@example.com";
    long id =
        outbox.enqueue(
            MailRequest.of(
                "test-again:" + to,
                to,
                Locale.ENGLISH,
                "welcome",
                Map.of(
                    "name",
                    "Kim",
                    "email",
                    to,
                    "plansUrl",
                    "http://x/plans",
                    "myUrl",
                    "http://x/my")));
    await().atMost(Duration.ofSeconds(10)).until(() -> outbox.view(id).status() == MailStatus.SENT);
    outbox.resend(id);
    await().atMost(Duration.ofSeconds(10)).until(() -> TestMailServer.to(to).size() == 2);
    assertThat(TestMailServer.to(to))
        .extracting(
            m -> {
              try {
                return m.getMessageID() + " " + m.getSubject();
              } catch (jakarta.mail.MessagingException e) {
                throw new IllegalStateException(e);
              }
            })
        .hasSize(2)
        .allMatch(s -> s.endsWith("Welcome aboard"))
        .containsOnly(
            jdbc.sql("select message_id from mail_message where id = :id")
                    .param("id", id)
                    .query(String.class)
                    .single()
                + " Welcome aboard");
    assertThat(outbox.view(id).resends()).isEqualTo(1);
  }

  @Test
  void aSecretIsBlankedOnceSentAndNeverShown() {
    String to = "secret-" + UUID.randomUUID().toString().substring(0, 8) + "@example.com";
    long id =
        outbox.enqueue(
            new MailRequest(
                "test-secret:" + to,
                to,
                Locale.KOREAN,
                "password-reset",
                Map.of("name", "비밀", "resetUrl", "http://x/reset?token=SECRET123", "minutes", 30),
                List.of(),
                true));
    assertThat(outbox.view(id).textBody()).isNull();
    await().atMost(Duration.ofSeconds(10)).until(() -> outbox.view(id).status() == MailStatus.SENT);
    assertThat(
            jdbc.sql("select text_body || html_body from mail_message where id = :id")
                .param("id", id)
                .query(String.class)
                .single())
        .isEmpty();
    assertThat(TestMailServer.to(to)).hasSize(1);
  }
}
