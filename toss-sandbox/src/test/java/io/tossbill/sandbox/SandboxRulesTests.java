package io.tossbill.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class SandboxRulesTests {

  @Test
  void computesVatHalfUp() {
    assertThat(PaymentRecord.vatOf(4900)).isEqualTo(445);
    assertThat(PaymentRecord.vatOf(15000)).isEqualTo(1364);
    assertThat(PaymentRecord.vatOf(30000)).isEqualTo(2727);
    assertThat(PaymentRecord.vatOf(11)).isEqualTo(1);
    assertThat(PaymentRecord.vatOf(16)).isEqualTo(1);
    assertThat(PaymentRecord.vatOf(17)).isEqualTo(2);
    assertThat(PaymentRecord.vatOf(0)).isZero();
  }

  @Test
  void masksCardNumbersLikeToss() {
    assertThat(TestCards.mask("4330123412341234")).isEqualTo("43301234****123*");
    assertThat(TestCards.mask("374512341234123")).isEqualTo("37451234****12*");
  }

  @Test
  void acceptsOnlyRealBirthDates() {
    assertThat(TestCards.isBirthDate("900101")).isTrue();
    assertThat(TestCards.isBirthDate("000229")).isTrue();
    assertThat(TestCards.isBirthDate("010229")).isFalse();
    assertThat(TestCards.isBirthDate("901301")).isFalse();
  }

  @Test
  void refusesIllegalPaymentTransitions() {
    assertThat(PaymentStatus.DONE.moveTo(PaymentStatus.CANCELED)).isEqualTo(PaymentStatus.CANCELED);
    assertThatThrownBy(() -> PaymentStatus.ABORTED.moveTo(PaymentStatus.CANCELED))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("ABORTED");
    assertThatThrownBy(() -> PaymentStatus.CANCELED.moveTo(PaymentStatus.PARTIAL_CANCELED))
        .isInstanceOf(IllegalStateException.class);
  }

  @Test
  void knowsEveryCodeTheSandboxThrows() {
    for (String code :
        List.of(
            "UNAUTHORIZED_KEY",
            "INCORRECT_BASIC_AUTH_FORMAT",
            "INVALID_TEST_CODE",
            "INVALID_IDEMPOTENCY_KEY",
            "IDEMPOTENT_REQUEST_PROCESSING",
            "NOT_FOUND_BILLING",
            "INVALID_BILLING_AUTH",
            "INVALID_BILL_KEY_REQUEST",
            "ALREADY_PROCESSING_REQUEST",
            "NOT_ALLOWED_PARTIAL_REFUND",
            "INVALID_CURRENCY",
            "PAY_PROCESS_CANCELED")) {
      assertThat(ErrorCatalogue.find(code)).as(code).isPresent();
    }
    TestCards.SPECIAL
        .values()
        .forEach(
            behaviour -> {
              if (behaviour.declineCode() != null) {
                assertThat(ErrorCatalogue.find(behaviour.declineCode())).isPresent();
              }
            });
    assertThat(ErrorCatalogue.get("NOT_CANCELABLE_AMOUNT").status()).isEqualTo(403);
    assertThat(ErrorCatalogue.get("REJECT_CARD_PAYMENT").status()).isEqualTo(403);
    assertThat(ErrorCatalogue.all()).hasSizeGreaterThan(150);
  }

  @Test
  void movesTheSandboxClockForwardOnly() {
    java.time.Clock fixed =
        java.time.Clock.fixed(Instant.parse("2026-01-01T00:00:00Z"), java.time.ZoneOffset.UTC);
    SandboxClock clock = new SandboxClock(fixed);
    assertThat(clock.advance(Duration.ofHours(1))).isEqualTo(Instant.parse("2026-01-01T01:00:00Z"));
    assertThatThrownBy(() -> clock.advance(Duration.ofSeconds(-1)))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(clock.set(Instant.parse("2027-01-01T00:00:00Z")))
        .isEqualTo(Instant.parse("2027-01-01T00:00:00Z"));
    assertThat(clock.reset()).isEqualTo(Instant.parse("2026-01-01T00:00:00Z"));
    assertThat(Times.api(Instant.parse("2026-01-01T00:00:00Z")))
        .isEqualTo("2026-01-01T09:00:00+09:00");
    assertThat(Times.webhookCreatedAt(Instant.parse("2026-01-01T00:00:00.123456Z")))
        .isEqualTo("2026-01-01T09:00:00.123456");
  }

  @Test
  void refusesClockMovesOutOfRangeWithoutMovingTheClock() {
    java.time.Clock fixed =
        java.time.Clock.fixed(Instant.parse("2026-01-01T00:00:00Z"), java.time.ZoneOffset.UTC);
    SandboxClock clock = new SandboxClock(fixed);
    assertThatThrownBy(() -> clock.advance(SandboxClock.MAX_MOVE.plusMillis(1)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("at most");
    assertThatThrownBy(() -> clock.advance(Duration.ofSeconds(Long.MAX_VALUE)))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> clock.set(Instant.MAX)).isInstanceOf(IllegalArgumentException.class);
    assertThat(clock.instant()).isEqualTo(Instant.parse("2026-01-01T00:00:00Z"));

    clock.set(Instant.parse("9990-01-01T00:00:00Z"));
    assertThatThrownBy(() -> clock.advance(Duration.ofDays(3660)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("9999-01-01");
    assertThat(clock.instant()).isEqualTo(Instant.parse("9990-01-01T00:00:00Z"));
    assertThat(clock.advance(Duration.ofDays(365)))
        .isEqualTo(Instant.parse("9991-01-01T00:00:00Z"));

    SandboxClock restored = new SandboxClock(fixed);
    assertThat(restored.restoreOffset(Duration.ofDays(106_000_000_000L))).isFalse();
    assertThat(restored.restoreOffset(Duration.ofSeconds(Long.MAX_VALUE))).isFalse();
    assertThat(restored.offset()).isZero();
  }

  @Test
  void validatesProperties() {
    assertThatThrownBy(
            () ->
                new TossSandboxProperties(
                    true,
                    "toss-sandbox/",
                    Duration.ZERO,
                    Duration.ZERO,
                    null,
                    null,
                    Duration.ofSeconds(1),
                    Duration.ofSeconds(1),
                    Duration.ZERO,
                    null,
                    null))
        .hasMessageContaining("toss-sandbox/");
    assertThat(TossSandboxProperties.defaults().hangDuration()).isEqualTo(Duration.ofSeconds(90));
  }

  @Test
  void neverTakesASecretKeyDerivableFromItsClientKey() {
    assertThatThrownBy(() -> keys("test_ck_demo", "test_sk_demo"))
        .hasMessageContaining("derivable");
    assertThatThrownBy(() -> keys("test_ck_only", null)).hasMessageContaining("secret-key");
    assertThatThrownBy(() -> keys(null, "live_sk_abc")).hasMessageContaining("test_sk_");
    assertThatThrownBy(() -> keys(null, "test_sk_with space")).hasMessageContaining("test_sk_");

    TossSandboxProperties secretOnly = keys(null, "test_sk_demo");
    TossSandboxKeys completed = secretOnly.configuredKeys();
    assertThat(completed.secretKey()).isEqualTo("test_sk_demo");
    assertThat(completed.clientKey()).startsWith("test_ck_").isNotEqualTo("test_ck_demo");
    assertThat(keys("test_ck_page", "test_sk_demo").toString())
        .contains("test_ck_page")
        .doesNotContain("test_sk_demo");
    assertThat(completed.toString()).doesNotContain("test_sk_demo");
  }

  @Test
  void hasEveryTextInKoreanAndEnglish() {
    assertThat(Messages.keys(Lang.EN)).isEqualTo(Messages.keys(Lang.KO)).isNotEmpty();
    for (String key : Messages.keys(Lang.KO)) {
      assertThat(Messages.get(Lang.KO, key)).as(key).isNotBlank();
      assertThat(Messages.get(Lang.EN, key))
          .as(key)
          .isNotBlank()
          .isNotEqualTo(Messages.get(Lang.KO, key));
    }
    for (int status : new int[] {400, 401, 403, 404, 405, 406, 413, 415, 417, 500, 501, 418}) {
      assertThat(Problems.title(status, Lang.EN)).isNotBlank();
      assertThat(Messages.get(Lang.KO, Problems.messageKeyOf(status), status)).isNotBlank();
    }
  }

  @Test
  void generatesRandomUnrelatedKeyPairs() {
    TossSandboxKeys first = TossSandboxKeys.generate();
    TossSandboxKeys second = TossSandboxKeys.generate();
    assertThat(first.secretKey()).matches("test_sk_[A-Za-z0-9]{32}");
    assertThat(first.clientKey()).matches("test_ck_[A-Za-z0-9]{24}");
    assertThat(first.secretKey()).isNotEqualTo(second.secretKey());
    assertThat(first.secretKey().substring(8)).doesNotContain(first.clientKey().substring(8));
  }

  private static TossSandboxProperties keys(String clientKey, String secretKey) {
    return new TossSandboxProperties(
        true,
        "",
        Duration.ZERO,
        Duration.ZERO,
        null,
        null,
        Duration.ofSeconds(1),
        Duration.ofSeconds(1),
        Duration.ZERO,
        clientKey,
        secretKey);
  }
}
