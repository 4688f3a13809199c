package io.tossbill.platform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import org.junit.jupiter.api.Test;

class TextTests {

  @Test
  void refusesNulAndOtherControlCharactersNamingTheField() {
    assertThatExceptionOfType(ApiException.class)
        .isThrownBy(() -> Text.requirePrintable("name", "김\0토스"))
        .satisfies(
            e -> {
              assertThat(e.status().value()).isEqualTo(400);
              assertThat(e.code()).isEqualTo("INVALID_REQUEST");
              assertThat(e.messageEn()).startsWith("name ");
            });
    assertThatExceptionOfType(ApiException.class)
        .isThrownBy(() -> Text.requirePrintable("name", "a\nb"));
    assertThatExceptionOfType(ApiException.class)
        .isThrownBy(() -> Text.requirePrintableMultiline("description", "a\u0007b"));
  }

  @Test
  void passesPrintableTextAndNull() {
    assertThat(Text.requirePrintable("name", "김토스 😀")).isEqualTo("김토스 😀");
    assertThat(Text.requirePrintable("name", null)).isNull();
    assertThat(Text.requirePrintableMultiline("description", "첫 줄\r\n둘째\t줄"))
        .isEqualTo("첫 줄\r\n둘째\t줄");
  }

  @Test
  void textForTheLogIsOneBoundedLineWithNothingThatCouldForgeAnother() {
    assertThat(Text.forLog("a\nb\rc\u0007d", 100)).isEqualTo("a?b?c?d");
    assertThat(Text.forLog("line\u2028next\u2029para\u202Eevil\u200Bzero", 100))
        .isEqualTo("line?next?para?evil?zero");
    assertThat(Text.forLog("김토스 😀", 100)).isEqualTo("김토스 😀");
    assertThat(Text.forLog("\uD800alone", 100)).isEqualTo("?alone");
    assertThat(Text.forLog("x".repeat(500), 10)).isEqualTo("xxxxxxxxxx…(500 chars)");
    assertThat(Text.forLog(null, 10)).isEqualTo("null");
  }
}
