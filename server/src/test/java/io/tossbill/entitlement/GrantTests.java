package io.tossbill.entitlement;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** What a plan's feature value grants, and the more generous of two plans' grants. */
class GrantTests {

  @Test
  void readsSwitchesLimitsUnlimitedAndText() {
    assertThat(Grant.of("true")).isEqualTo(new Grant("true", true, null, false));
    assertThat(Grant.of(" FALSE ")).isEqualTo(new Grant("FALSE", false, null, false));
    assertThat(Grant.of("3")).isEqualTo(new Grant("3", true, 3L, false));
    assertThat(Grant.of("0")).isEqualTo(new Grant("0", false, 0L, false));
    assertThat(Grant.of("Unlimited")).isEqualTo(new Grant("unlimited", true, null, true));
    assertThat(Grant.of("email")).isEqualTo(new Grant("email", true, null, false));
    // too long to be a limit: a text
    assertThat(Grant.of("1234567890123456789").limit()).isNull();
  }

  @Test
  void twoPlansTogetherGrantTheMoreGenerous() {
    assertThat(Grant.of("false").or(Grant.of("true")).enabled()).isTrue();
    assertThat(Grant.of("true").or(Grant.of("false")).enabled()).isTrue();
    assertThat(Grant.of("3").or(Grant.of("10")).limit()).isEqualTo(10);
    assertThat(Grant.of("10").or(Grant.of("3")).limit()).isEqualTo(10);
    assertThat(Grant.of("10").or(Grant.of("unlimited")).unlimited()).isTrue();
    assertThat(Grant.of("unlimited").or(Grant.of("10")).unlimited()).isTrue();
    assertThat(Grant.of("0").or(Grant.of("2")).limit()).isEqualTo(2);
    assertThat(Grant.of("true").or(Grant.of("5")).limit()).isEqualTo(5);
    // two texts: the first (the newer subscription's) is kept
    assertThat(Grant.of("phone").or(Grant.of("email")).value()).isEqualTo("phone");
  }
}
