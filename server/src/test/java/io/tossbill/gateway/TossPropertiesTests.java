package io.tossbill.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatNoException;

import java.net.URI;
import java.time.Duration;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

class TossPropertiesTests {

  private static final String LIVE_SECRET = "live_sk_zXLkKEypNArWmo50nX3lmeaxYG5R";

  @Test
  void refusesLiveKeysInSandboxMode() {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> properties(true, LIVE_SECRET, null))
        .withMessageContaining("TOSS_SECRET_KEY is a live key")
        .withMessageContaining("TOSSBILL_TOSS_SANDBOX=false")
        .withMessageNotContaining(LIVE_SECRET);
    assertThatIllegalArgumentException()
        .isThrownBy(() -> properties(true, null, "live_ck_D5GePWvyJnrK0W0k6q8gLzN97Eoq"))
        .withMessageContaining("TOSS_CLIENT_KEY is a live key");
  }

  @Test
  void takesLiveKeysForRealTossAndTestKeysEverywhere() {
    assertThatNoException().isThrownBy(() -> properties(false, LIVE_SECRET, "live_ck_x"));
    assertThatNoException().isThrownBy(() -> properties(true, "test_sk_x", "test_ck_x"));
    assertThatNoException().isThrownBy(() -> properties(true, null, null));
  }

  @Test
  void toStringNeverShowsTheSecretKey() {
    TossProperties properties = properties(false, LIVE_SECRET, "live_ck_public");

    assertThat(properties.toString())
        .doesNotContain(LIVE_SECRET)
        .doesNotContain("zXLkKEyp")
        .contains("secretKey=live_sk_***")
        .contains("live_ck_public")
        .contains("sandbox=false");
    assertThat(properties(true, null, null).toString()).contains("secretKey=unset");
  }

  private static TossProperties properties(
      boolean sandbox, @Nullable String secretKey, @Nullable String clientKey) {
    return new TossProperties(
        sandbox,
        URI.create("https://api.tosspayments.com"),
        null,
        secretKey,
        clientKey,
        "https://js.tosspayments.com/v2/standard",
        Duration.ofSeconds(60),
        Duration.ofSeconds(30),
        "ko-KR");
  }
}
