package io.tossbill.gateway;

import java.net.URI;
import java.time.Duration;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How tossbill reaches TossPayments.
 *
 * @param sandbox true: test keys and the Toss sandbox (the default run), with the test clock;
 *     false: real Toss
 * @param baseUrl Toss's API host when not in sandbox mode
 * @param sandboxUrl in sandbox mode, the sandbox to use when it is not the one mounted in this
 *     server: another node's ({@code http://node1:8080/toss-sandbox}) or a standalone one, so
 *     several nodes share one sandbox (give them its keys with TOSS_SECRET_KEY/TOSS_CLIENT_KEY)
 * @param secretKey secret key ({@code test_sk_...} or {@code live_sk_...}), from TOSS_SECRET_KEY;
 *     in sandbox mode without it, the mounted sandbox's generated key ({@link
 *     SandboxKeysEnvironmentPostProcessor})
 * @param clientKey client key for the card window ({@code test_ck_...}), from TOSS_CLIENT_KEY; in
 *     sandbox mode without it, the mounted sandbox's generated key
 * @param scriptUrl Toss's SDK v2 script, used when not in sandbox mode
 * @param chargeReadTimeout how long a charge may take; Toss asks for at least 60 s
 * @param readTimeout lookups, cancels and billing-key calls
 * @param acceptLanguage language of Toss's error messages
 */
@ConfigurationProperties("tossbill.toss")
public record TossProperties(
    @DefaultValue("true") boolean sandbox,
    @DefaultValue("https://api.tosspayments.com") URI baseUrl,
    @Nullable URI sandboxUrl,
    @Nullable String secretKey,
    @Nullable String clientKey,
    @DefaultValue("https://js.tosspayments.com/v2/standard") String scriptUrl,
    @DefaultValue("60s") Duration chargeReadTimeout,
    @DefaultValue("30s") Duration readTimeout,
    @DefaultValue("ko-KR") String acceptLanguage) {

  public TossProperties {
    // The sandbox refuses live keys anyway; failing here says why instead of a 401 at the first
    // call,
    // and keeps a production key from being pointed at a sandbox by a forgotten default.
    if (sandbox && (isLive(secretKey) || isLive(clientKey))) {
      throw new IllegalArgumentException(
          "tossbill.toss.sandbox is on (the default), but "
              + (isLive(secretKey) ? "TOSS_SECRET_KEY" : "TOSS_CLIENT_KEY")
              + " is a live key (live_...):"
              + " set TOSSBILL_TOSS_SANDBOX=false to use real Toss, or use test keys (test_sk_/test_ck_)"
              + " with the sandbox");
    }
  }

  private static boolean isLive(@Nullable String key) {
    return key != null && key.strip().startsWith("live_");
  }

  String effectiveSecretKey() {
    if (secretKey != null && !secretKey.isBlank()) {
      return secretKey;
    }
    if (sandbox) {
      throw new IllegalStateException(
          "tossbill.toss.secret-key is not set in sandbox mode: it is generated with the mounted"
              + " sandbox (toss-sandbox.enabled=true) unless TOSS_SECRET_KEY gives the sandbox's"
              + " secret key");
    }
    throw new IllegalStateException(
        "TOSS_SECRET_KEY is not set: set it to your Toss secret key (test_sk_... or live_sk_...),"
            + " or run with tossbill.toss.sandbox=true to use the built-in sandbox");
  }

  /** Never shows the secret key, only whether one is set and of which kind. */
  @Override
  public String toString() {
    return "TossProperties[sandbox="
        + sandbox
        + ", baseUrl="
        + baseUrl
        + ", sandboxUrl="
        + sandboxUrl
        + ", secretKey="
        + masked(secretKey)
        + ", clientKey="
        + clientKey
        + ", scriptUrl="
        + scriptUrl
        + ", chargeReadTimeout="
        + chargeReadTimeout
        + ", readTimeout="
        + readTimeout
        + ", acceptLanguage="
        + acceptLanguage
        + "]";
  }

  private static String masked(@Nullable String key) {
    if (key == null || key.isBlank()) {
      return "unset";
    }
    String stripped = key.strip();
    for (String prefix : new String[] {"test_sk_", "live_sk_", "test_gsk_", "live_gsk_"}) {
      if (stripped.startsWith(prefix)) {
        return prefix + "***";
      }
    }
    return "***";
  }

  String effectiveClientKey() {
    if (clientKey != null && !clientKey.isBlank()) {
      return clientKey;
    }
    if (sandbox) {
      throw new IllegalStateException(
          "tossbill.toss.client-key is not set in sandbox mode: it is generated with the mounted"
              + " sandbox unless TOSS_CLIENT_KEY gives the sandbox's client key");
    }
    throw new IllegalStateException(
        "TOSS_CLIENT_KEY is not set: set it to your Toss client key (test_ck_... or live_ck_...)");
  }
}
