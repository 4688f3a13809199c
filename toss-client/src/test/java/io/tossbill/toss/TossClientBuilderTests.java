package io.tossbill.toss;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.net.URI;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Building a client checks its settings without ever echoing the secret key. */
class TossClientBuilderTests {

  @ParameterizedTest
  @ValueSource(strings = {"", "   "})
  void refusesABlankSecretKey(String secretKey) {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> TossClient.builder().secretKey(secretKey).build())
        .withMessageContaining("secretKey must not be blank");
  }

  @Test
  void refusesAMissingSecretKey() {
    assertThatIllegalArgumentException().isThrownBy(() -> TossClient.builder().build());
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "\uFEFFtest_sk_zXLkKEypNArWmo50nX3lmeaxYG5R",
        "test_sk_zXLkKEypNArWmo50nX3lmeaxYG5R\n",
        " test_sk_zXLkKEypNArWmo50nX3lmeaxYG5R"
      })
  void refusesAPastedKeyWithBomOrWhitespaceWithoutPrintingIt(String secretKey) {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> TossClient.builder().secretKey(secretKey).build())
        .withMessageContaining("byte-order mark")
        .withMessageNotContaining("zXLkKEypNArWmo50nX3lmeaxYG5R");
  }

  @Test
  void toStringNeverShowsTheKey() {
    try (TossClient client = TossClient.builder().secretKey(FakeToss.SECRET_KEY).build()) {
      assertThat(client.toString())
          .isEqualTo("TossClient[https://api.tosspayments.com]")
          .doesNotContain("zXLkKEypNArWmo50nX3lmeaxYG5R");
    }
  }

  @Test
  void refusesABaseUriThatIsNotHttp() {
    assertThatIllegalArgumentException()
        .isThrownBy(
            () ->
                TossClient.builder()
                    .secretKey(FakeToss.SECRET_KEY)
                    .baseUri(URI.create("ftp://example.com"))
                    .build());
    assertThatIllegalArgumentException()
        .isThrownBy(
            () ->
                TossClient.builder()
                    .secretKey(FakeToss.SECRET_KEY)
                    .baseUri(URI.create("/relative"))
                    .build());
  }

  @Test
  void refusesNonPositiveTimeouts() {
    assertThatIllegalArgumentException()
        .isThrownBy(
            () ->
                TossClient.builder()
                    .secretKey(FakeToss.SECRET_KEY)
                    .chargeReadTimeout(Duration.ZERO)
                    .build())
        .withMessageContaining("chargeReadTimeout");
  }

  @Test
  void masksBillingKeysAndEncodesPathSegments() {
    assertThat(TossClient.mask("Z_t5vOvQxrj4499PeiJcjen28-V2RyqgYTwN44Rdzk0="))
        .isEqualTo("Z_t5****");
    assertThat(TossClient.mask("short")).isEqualTo("****");
    assertThat(TossClient.segment("a+b/c=d e")).isEqualTo("a%2Bb%2Fc%3Dd%20e");
  }

  @Test
  void secretDataStaysOutOfRequestToStrings() {
    CardBillingRequest card =
        new CardBillingRequest(
            "customer-1", "4330123412341234", "28", "12", "900101", "12", "김토스", null);

    assertThat(card.toString()).doesNotContain("4330123412341234").doesNotContain("900101");
  }
}
