package io.tossbill.payment;

import static org.assertj.core.api.Assertions.assertThat;

import io.tossbill.platform.Won;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * docs/billing.md, Refunds: a refund can never exceed {@code amount − already refunded − refunds in
 * flight}.
 */
class RefundCapTests {

  private static Won won(long value) {
    return Won.of(value);
  }

  @ParameterizedTest(name = "charged {0}, refunded {1}, in flight {2}: {3} left")
  @CsvSource({
    "30000, 0, 0, 30000",
    "30000, 10000, 0, 20000",
    "30000, 0, 10000, 20000",
    "30000, 10000, 5000, 15000",
    "30000, 20000, 10000, 0",
    "30000, 30000, 0, 0",
    "10000, 8000, 5000, 0", // more in flight than is left: nothing, never negative
    "10000, 12000, 0, 0"
  })
  void whatIsLeftCountsTheRefundsInFlightAndIsNeverNegative(
      long charged, long refunded, long inFlight, long left) {
    assertThat(RefundCap.refundable(won(charged), won(refunded), won(inFlight)))
        .isEqualTo(won(left));
  }

  @Test
  void aWantedRefundThatFitsIsAllowedWhole() {
    assertThat(RefundCap.allowed(won(30_000), won(10_000), won(5_000), won(1))).isEqualTo(won(1));
    assertThat(RefundCap.allowed(won(30_000), won(10_000), won(5_000), won(14_999)))
        .isEqualTo(won(14_999));
    assertThat(RefundCap.allowed(won(30_000), won(10_000), won(5_000), won(15_000)))
        .isEqualTo(won(15_000));
  }

  @Test
  void aWantedRefundAboveWhatIsLeftIsNotMadeAtAll() {
    assertThat(RefundCap.allowed(won(30_000), won(10_000), won(5_000), won(15_001)))
        .isEqualTo(Won.ZERO);
    // a refund in flight for the whole rest: a second one for the same amount is refused
    assertThat(RefundCap.allowed(won(30_000), won(0), won(30_000), won(30_000)))
        .isEqualTo(Won.ZERO);
  }

  @Test
  void aWantedRefundOfNothingOrLessIsNotMade() {
    assertThat(RefundCap.allowed(won(30_000), won(0), won(0), won(0))).isEqualTo(Won.ZERO);
    assertThat(RefundCap.allowed(won(30_000), won(0), won(0), won(-500))).isEqualTo(Won.ZERO);
  }

  @ParameterizedTest(name = "charged {0}, refunded {1}, in flight {2}, at most {3}: {4}")
  @CsvSource({
    "30000, 0, 0, 20000, 20000", // a prorated refund that fits
    "30000, 10000, 5000, 15000, 15000", // exactly what is left
    "30000, 10000, 5000, 20000, 15000", // capped by what is left
    "30000, 10000, 5000, 0, 0",
    "30000, 10000, 5000, -100, 0", // never a negative refund
    "30000, 20000, 10000, 5000, 0", // everything left is already on its way
    "30000, 30000, 5000, 5000, 0"
  })
  void aCappedRefundIsAtMostWhatIsLeftAndNeverNegative(
      long charged, long refunded, long inFlight, long atMost, long refund) {
    assertThat(RefundCap.upTo(won(charged), won(refunded), won(inFlight), won(atMost)))
        .isEqualTo(won(refund));
  }

  @Test
  void noWantedAmountRefundsAllThatIsLeft() {
    assertThat(RefundCap.allowed(Won.of(30_000), Won.of(10_000), Won.of(5_000), null))
        .isEqualTo(Won.of(15_000));
    assertThat(RefundCap.allowed(Won.of(30_000), Won.of(30_000), Won.ZERO, null))
        .isEqualTo(Won.ZERO);
  }
}
