package io.tossbill.testclock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tossbill.gateway.TossProperties;
import io.tossbill.platform.ApiException;
import io.tossbill.platform.MovableClock;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.SimpleDriverDataSource;

class TestClockTests {

  private final MovableClock clock =
      new MovableClock(Clock.fixed(Instant.parse("2028-01-31T01:00:00Z"), ZoneId.of("Asia/Seoul")));

  @Test
  void advancesByCalendarPeriodsInSeoulAndByDurations() {
    Instant janThirtyFirst = Instant.parse("2028-01-31T01:00:00Z"); // 10:00 in Seoul
    assertThat(TestClock.plus(janThirtyFirst, "P1M"))
        .isEqualTo(Instant.parse("2028-02-29T01:00:00Z"));
    assertThat(TestClock.plus(janThirtyFirst, "p1y"))
        .isEqualTo(Instant.parse("2029-01-31T01:00:00Z"));
    assertThat(TestClock.plus(janThirtyFirst, "PT36H"))
        .isEqualTo(Instant.parse("2028-02-01T13:00:00Z"));
    assertThat(TestClock.plus(janThirtyFirst, "P7D"))
        .isEqualTo(Instant.parse("2028-02-07T01:00:00Z"));
  }

  @Test
  void refusesNonsenseAndGoingBackwards() {
    Instant now = Instant.parse("2028-01-31T01:00:00Z");
    assertThatThrownBy(() -> TestClock.plus(now, "a month"))
        .isInstanceOfSatisfying(
            ApiException.class, e -> assertThat(e.code()).isEqualTo("INVALID_DURATION"));
    assertThatThrownBy(() -> TestClock.plus(now, "-P1D"))
        .isInstanceOfSatisfying(
            ApiException.class, e -> assertThat(e.code()).isEqualTo("TEST_CLOCK_BACKWARDS"));
  }

  /** Moving it in sandbox mode, kept in the database: ServerTestClockIntegrationTests. */
  @Test
  void refusesToMoveTheServerClockOutsideSandboxModeAndReadsNothing() {
    TestClock live = testClock(false);
    assertThat(live.movable()).isFalse();
    assertThatThrownBy(() -> live.advance("P1D"))
        .isInstanceOfSatisfying(
            ApiException.class,
            e -> {
              assertThat(e.code()).isEqualTo("TEST_CLOCK_UNAVAILABLE");
              assertThat(e.status().value()).isEqualTo(409);
            });
    assertThat(clock.offset()).isEqualTo(Duration.ZERO);
    assertThat(live.offset(new io.tossbill.customer.CustomerId(1))).isEqualTo(Duration.ZERO);
  }

  private TestClock testClock(boolean sandbox) {
    TossProperties toss =
        new TossProperties(
            sandbox,
            URI.create("https://api.tosspayments.com"),
            null,
            "test_sk_x",
            "test_ck_x",
            "https://js.tosspayments.com/v2/standard",
            Duration.ofSeconds(60),
            Duration.ofSeconds(30),
            "ko-KR");
    JdbcClient unused = JdbcClient.create(new SimpleDriverDataSource());
    return new TestClock(clock, unused, toss, event -> {});
  }
}
