package io.tossbill.hooks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;

class HookSignatureTests {

  // The test vector of the Standard Webhooks reference libraries.
  private static final String SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
  private static final String ID = "msg_p5jXN8AQM9LWM0D4loKWxJek";
  private static final long TIMESTAMP = 1614265330;
  private static final String BODY = "{\"test\": 2432232314}";
  private static final String SIGNATURE = "g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=";

  @Test
  void signsTheStandardWebhooksTestVectorExactly() {
    assertThat(HookSignature.sign(SECRET, ID, TIMESTAMP, BODY)).isEqualTo(SIGNATURE);
    assertThat(HookSignature.header(List.of(SECRET), ID, TIMESTAMP, BODY))
        .isEqualTo("v1," + SIGNATURE);
  }

  @Test
  void theDocumentedVerifierAcceptsTheVectorAndNothingElse() {
    WebhookVerifier verifier = new WebhookVerifier(SECRET);
    Instant now = Instant.ofEpochSecond(TIMESTAMP + 30);

    verifier.verify(ID, Long.toString(TIMESTAMP), "v1," + SIGNATURE, BODY, now);

    assertThatThrownBy(
            () ->
                verifier.verify(
                    ID, Long.toString(TIMESTAMP), "v1," + SIGNATURE, BODY.replace('2', '3'), now))
        .isInstanceOf(SecurityException.class);
    assertThatThrownBy(
            () ->
                verifier.verify(
                    "msg_other", Long.toString(TIMESTAMP), "v1," + SIGNATURE, BODY, now))
        .isInstanceOf(SecurityException.class);
    assertThatThrownBy(
            () -> verifier.verify(ID, Long.toString(TIMESTAMP + 1), "v1," + SIGNATURE, BODY, now))
        .isInstanceOf(SecurityException.class);
    assertThatThrownBy(
            () -> verifier.verify(ID, Long.toString(TIMESTAMP), "v2," + SIGNATURE, BODY, now))
        .isInstanceOf(SecurityException.class);
    assertThatThrownBy(
            () -> verifier.verify(ID, Long.toString(TIMESTAMP), "v1,@@not base64@@", BODY, now))
        .isInstanceOf(SecurityException.class);
    // a delivery replayed by someone else six minutes later is refused
    assertThatThrownBy(
            () ->
                verifier.verify(
                    ID,
                    Long.toString(TIMESTAMP),
                    "v1," + SIGNATURE,
                    BODY,
                    Instant.ofEpochSecond(TIMESTAMP + 360)))
        .hasMessageContaining("too far");
    assertThatThrownBy(
            () ->
                new WebhookVerifier(HookSignature.newSecret())
                    .verify(ID, Long.toString(TIMESTAMP), "v1," + SIGNATURE, BODY, now))
        .isInstanceOf(SecurityException.class);
  }

  @Test
  void signsWithEverySecretGivenSoAReceiverWithEitherAccepts() {
    String rolled = HookSignature.newSecret();
    String header = HookSignature.header(List.of(rolled, SECRET), ID, TIMESTAMP, BODY);
    Instant now = Instant.ofEpochSecond(TIMESTAMP);

    assertThat(header.split(" ")).hasSize(2).allMatch(s -> s.startsWith("v1,"));
    assertThat(header).endsWith(" v1," + SIGNATURE);
    new WebhookVerifier(SECRET).verify(ID, Long.toString(TIMESTAMP), header, BODY, now);
    new WebhookVerifier(rolled).verify(ID, Long.toString(TIMESTAMP), header, BODY, now);
  }

  @Test
  void aNewSecretIsWhsecAndThirtyTwoRandomBytes() {
    String one = HookSignature.newSecret();
    String two = HookSignature.newSecret();

    assertThat(one).startsWith("whsec_").isNotEqualTo(two);
    assertThat(Base64.getDecoder().decode(one.substring("whsec_".length()))).hasSize(32);
  }

  @Test
  void signsTheBodyAsUtf8Bytes() {
    String korean = "{\"name\":\"김토스\"}";
    String signature = HookSignature.sign(SECRET, ID, TIMESTAMP, korean);

    new WebhookVerifier(SECRET)
        .verify(
            ID,
            Long.toString(TIMESTAMP),
            "v1," + signature,
            korean,
            Instant.ofEpochSecond(TIMESTAMP));
    assertThat(signature)
        .isNotEqualTo(HookSignature.sign(SECRET, ID, TIMESTAMP, "{\"name\":\"?\"}"));
  }
}
