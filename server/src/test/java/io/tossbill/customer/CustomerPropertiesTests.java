package io.tossbill.customer;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class CustomerPropertiesTests {

  @Test
  void toStringShowsKeyIdsButNeverTheKeys() {
    String k2 = "KkGxDY7o5FpzKLCodCb6jYVP5ZaHNy1H73tOTslOQ4E=";
    String k1 = "n3Vq0b9yZ2a8Qm4sX1cT6uR7wE5pL0kJ9hG3fD2sA1o=";
    CustomerProperties properties =
        new CustomerProperties(
            List.of("k2:" + k2 + ",k1:" + k1, "no-colon-" + k1),
            "./data/encryption.key",
            Duration.ofMinutes(15));

    assertThat(properties.toString())
        .doesNotContain(k2)
        .doesNotContain(k1)
        .doesNotContain("KkGx")
        .doesNotContain("n3Vq")
        .contains("k2:***")
        .contains("k1:***")
        .contains("./data/encryption.key");
  }
}
