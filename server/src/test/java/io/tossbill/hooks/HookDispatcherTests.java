package io.tossbill.hooks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyInt;
import static org.mockito.ArgumentMatchers.anyLong;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.doAnswer;
import static org.mockito.Mockito.doThrow;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.transaction.support.TransactionCallback;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * A try's outcome survives the database going away for a moment: the fault trials
 * (docs/reliability.md) saw a delivery the receiver had answered 2xx sent again after a PostgreSQL
 * restart, because its outcome could not be written once and was dropped.
 */
class HookDispatcherTests {

  static final Instant NOW = Instant.parse("2026-03-01T00:00:00Z");

  final HookRepository repository = mock(HookRepository.class);
  final HookSender sender = mock(HookSender.class);
  final HookDispatcher dispatcher;

  HookDispatcherTests() {
    HookProperties properties =
        new HookProperties(
            List.of(Duration.ofMinutes(1)),
            Duration.ofSeconds(1),
            Duration.ofSeconds(2),
            Duration.ofSeconds(5),
            50,
            16,
            Duration.ofSeconds(30),
            Duration.ofDays(3),
            10,
            Duration.ofHours(24),
            50,
            Duration.ofDays(30),
            "",
            "ko",
            true);
    TransactionTemplate transactions = mock(TransactionTemplate.class);
    when(transactions.execute(any()))
        .thenAnswer(i -> i.<TransactionCallback<?>>getArgument(0).doInTransaction(null));
    doAnswer(
            i -> {
              i.<Consumer<Object>>getArgument(0).accept(null);
              return null;
            })
        .when(transactions)
        .executeWithoutResult(any());
    dispatcher =
        new HookDispatcher(
            repository,
            sender,
            mock(HookAlerts.class),
            properties,
            Clock.fixed(NOW, ZoneOffset.UTC),
            transactions,
            new SimpleMeterRegistry());
    HookRepository.Claimed claimed =
        new HookRepository.Claimed(
            7,
            1,
            0,
            0,
            "evt_0123456789abcdef0123456789abcdef",
            "subscription.renewed",
            3,
            12,
            34L,
            "{\"id\":\"evt_0123456789abcdef0123456789abcdef\"}",
            "http://127.0.0.1:9/hooks",
            HookSignature.newSecret(),
            null,
            null);
    when(repository.claim(any(UUID.class), eq(NOW), any(), eq(50))).thenReturn(List.of(claimed));
    when(sender.send(anyString(), anyString(), anyLong(), anyString(), anyString()))
        .thenReturn(new HookSender.Result(HookSender.Outcome.DELIVERED, 204, 12, null, null));
    when(repository.delivered(anyLong(), any(UUID.class), any(), anyInt())).thenReturn(true);
  }

  @Test
  void aDeliveredTryIsRecordedOnceTheDatabaseIsBackNotSentAgain() {
    doThrow(new DataAccessResourceFailureException("the database is restarting"))
        .doThrow(new DataAccessResourceFailureException("the database is restarting"))
        .doNothing()
        .when(repository)
        .insertAttempt(anyLong(), anyInt(), any(), any());

    assertThat(dispatcher.pass()).isEqualTo(1);

    verify(sender, times(1)).send(anyString(), anyString(), anyLong(), anyString(), anyString());
    verify(repository, times(3)).insertAttempt(eq(7L), eq(1), eq(NOW), any());
    verify(repository).delivered(eq(7L), any(UUID.class), eq(NOW), eq(204));
    verify(repository).endpointSucceeded(1L, NOW);
  }

  @Test
  void anOutcomeThatCannotBeWrittenBeforeTheLeaseEndsIsLeftToTheClaimsExpiry() {
    int[] writes = {0};
    Runnable failing =
        () -> {
          writes[0]++;
          throw new DataAccessResourceFailureException("the database is away");
        };

    // the last moment to write has passed: no second write, the failure goes up
    assertThatThrownBy(() -> dispatcher.writeOutcome(failing, System.nanoTime() - 1))
        .isInstanceOf(DataAccessResourceFailureException.class);
    assertThat(writes[0]).isEqualTo(1);
  }
}
