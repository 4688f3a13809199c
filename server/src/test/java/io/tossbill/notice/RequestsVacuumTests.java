package io.tossbill.notice;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The request table is vacuumed after every so many deletions, never without them. */
class RequestsVacuumTests {

  private final AtomicInteger vacuums = new AtomicInteger();

  @Test
  void vacuumsOnceEachTimeTheDeletionsReachTheThreshold() {
    RequestsVacuum vacuum = new RequestsVacuum(100, vacuums::incrementAndGet);
    vacuum.deleted(60);
    vacuum.deleted(0);
    assertThat(vacuums).hasValue(0);
    vacuum.deleted(40);
    assertThat(vacuums).hasValue(1);
    vacuum.deleted(99);
    assertThat(vacuums).hasValue(1);
    vacuum.deleted(250);
    assertThat(vacuums).hasValue(2);
  }

  @Test
  void zeroLeavesItToAutovacuum() {
    RequestsVacuum vacuum = new RequestsVacuum(0, vacuums::incrementAndGet);
    vacuum.deleted(1_000_000);
    assertThat(vacuums).hasValue(0);
    assertThatThrownBy(() -> new RequestsVacuum(-1, vacuums::incrementAndGet))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void aFailedVacuumIsLoggedAndTriedAgainAtTheNextThreshold() {
    RequestsVacuum vacuum =
        new RequestsVacuum(
            10,
            () -> {
              vacuums.incrementAndGet();
              throw new IllegalStateException("must be owner of table notice_request");
            });
    vacuum.deleted(10);
    vacuum.deleted(10);
    assertThat(vacuums).hasValue(2);
  }
}
