package io.tossbill.mail;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import jakarta.mail.internet.MimeMessage;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.support.StaticListableBeanFactory;
import org.springframework.mail.MailSendException;
import org.springframework.mail.javamail.JavaMailSenderImpl;
import org.springframework.transaction.support.TransactionTemplate;

/** Retries with backoff, gives up after the last try, and sends nothing it could not claim. */
class MailDeliveryTests {

  static final Instant NOW = Instant.parse("2026-03-01T00:00:00Z");

  final MailRepository repository = mock(MailRepository.class);
  final JavaMailSenderImpl smtp = mock(JavaMailSenderImpl.class);
  final MailProperties properties =
      new MailProperties(
          "tossbill <no-reply@example.com>",
          3,
          Duration.ofMinutes(1),
          Duration.ofMinutes(3),
          Duration.ofSeconds(30),
          Duration.ofMinutes(10),
          false);
  final MailDelivery delivery;

  MailDeliveryTests() {
    StaticListableBeanFactory beans = new StaticListableBeanFactory();
    beans.addBean("mailSender", smtp);
    TransactionTemplate transactions = mock(TransactionTemplate.class);
    when(transactions.execute(any()))
        .thenAnswer(
            i ->
                i.<org.springframework.transaction.support.TransactionCallback<?>>getArgument(0)
                    .doInTransaction(null));
    org.mockito.Mockito.doAnswer(
            i -> {
              i.<java.util.function.Consumer<Object>>getArgument(0).accept(null);
              return null;
            })
        .when(transactions)
        .executeWithoutResult(any());
    delivery =
        new MailDelivery(
            repository,
            beans.getBeanProvider(org.springframework.mail.javamail.JavaMailSender.class),
            properties,
            Clock.fixed(NOW, ZoneOffset.UTC),
            transactions,
            Runnable::run);
    when(smtp.getSession())
        .thenReturn(jakarta.mail.Session.getInstance(new java.util.Properties()));
  }

  @Test
  void anUnreachableServerIsRetriedWithBackoffThenGivenUp() {
    when(repository.claim(eq(1L), any())).thenReturn(true);
    org.mockito.Mockito.doThrow(new MailSendException("connection refused"))
        .when(smtp)
        .send(any(MimeMessage.class));

    when(repository.find(1L)).thenReturn(Optional.of(stored(0)));
    assertThat(delivery.deliver(1)).isFalse();
    verify(repository)
        .notSent(eq(1L), eq(MailStatus.RETRY), eq(NOW.plus(Duration.ofMinutes(1))), anyString());

    when(repository.find(1L)).thenReturn(Optional.of(stored(1)));
    delivery.deliver(1);
    verify(repository)
        .notSent(eq(1L), eq(MailStatus.RETRY), eq(NOW.plus(Duration.ofMinutes(2))), anyString());

    when(repository.find(1L)).thenReturn(Optional.of(stored(2)));
    delivery.deliver(1);
    verify(repository).notSent(eq(1L), eq(MailStatus.FAILED), eq(null), anyString());
    verify(repository, never()).sent(eq(1L), any());
  }

  @Test
  void aMailClaimedElsewhereIsNotSent() {
    when(repository.claim(eq(2L), any())).thenReturn(false);
    assertThat(delivery.deliver(2)).isFalse();
    verify(smtp, never()).send(any(MimeMessage.class));
  }

  @Test
  void aSentMailIsRecordedAsSent() {
    when(repository.claim(eq(3L), any())).thenReturn(true);
    when(repository.find(3L)).thenReturn(Optional.of(stored(0)));
    assertThat(delivery.deliver(3)).isTrue();
    verify(repository).sent(3L, NOW);
  }

  private static MailRepository.Stored stored(int attempts) {
    return new MailRepository.Stored(
        1,
        "k",
        "welcome",
        "ko",
        "to@example.com",
        "제목",
        "<p>본문</p>",
        "본문",
        false,
        MailStatus.SENDING,
        attempts,
        0,
        null,
        null,
        "<id@tossbill>",
        NOW,
        null);
  }
}
