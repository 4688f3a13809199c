package io.tossbill.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.text.NumberFormat;
import java.util.Locale;
import org.junit.jupiter.api.Test;

class PageFormatsTests {

  @Test
  void groupsDigitsInThreesAsKoreanNumberFormattingDoes() {
    long[] amounts = {
      0,
      7,
      999,
      1_000,
      9_900,
      12_345,
      100_000,
      1_234_567,
      -1,
      -999,
      -1_000,
      -1_234_567,
      Long.MAX_VALUE,
      Long.MIN_VALUE
    };
    for (long amount : amounts) {
      assertThat(PageFormats.grouped(amount))
          .as("%d", amount)
          .isEqualTo(NumberFormat.getIntegerInstance(Locale.KOREA).format(amount));
    }
    assertThat(PageFormats.grouped(1_234_567)).isEqualTo("1,234,567");
  }
}
