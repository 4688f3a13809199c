package io.tossbill.toss;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The public classification of Toss error codes the server builds its dunning on. */
class ErrorCategoryTests {

  @Test
  void classifiesByCodeAsInTheGuide() {
    assertThat(ErrorCategory.of("INVALID_STOPPED_CARD")).isEqualTo(ErrorCategory.HARD_DECLINE);
    assertThat(ErrorCategory.of("REJECT_CARD_PAYMENT")).isEqualTo(ErrorCategory.SOFT_DECLINE);
    assertThat(ErrorCategory.of("PROVIDER_ERROR")).isEqualTo(ErrorCategory.TRANSIENT);
    assertThat(ErrorCategory.of("DUPLICATED_ORDER_ID")).isEqualTo(ErrorCategory.UNCERTAIN);
    assertThat(ErrorCategory.of("UNAUTHORIZED_KEY")).isEqualTo(ErrorCategory.INTEGRATION);
  }

  @Test
  void unlistedAndMissingCodesAreUnknown() {
    assertThat(ErrorCategory.of("A_CODE_TOSS_ADDED_LATER")).isEqualTo(ErrorCategory.UNKNOWN_CODE);
    assertThat(ErrorCategory.of(null)).isEqualTo(ErrorCategory.UNKNOWN_CODE);
  }

  @Test
  void onlyDeclinesHaveADeclineKind() {
    assertThat(ErrorCategory.HARD_DECLINE.declineKind()).isEqualTo(DeclineKind.HARD);
    assertThat(ErrorCategory.SOFT_DECLINE.declineKind()).isEqualTo(DeclineKind.SOFT);
    assertThat(ErrorCategory.TRANSIENT.declineKind()).isNull();
    assertThat(ErrorCategory.UNKNOWN_CODE.isDecline()).isFalse();
  }

  @Test
  void everyIntegrationCodeHasAHint() {
    assertThat(ErrorCategory.knownCodes())
        .allSatisfy(
            (code, category) -> {
              if (category == ErrorCategory.INTEGRATION) {
                assertThat(Hints.forCode(code)).as(code).startsWith("To fix: ");
              }
            });
  }
}
