package io.tossbill.testing;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * The mounted sandbox's key pair in tests, fixed by the test configuration (config/application.yml)
 * so fixtures can call the sandbox's API and controls. The default run generates its own pair.
 */
public final class TestSandbox {

  /** Same as {@code tossbill.toss.client-key} in the test configuration. */
  public static final String CLIENT_KEY = "test_ck_tossbill_local";

  /** Same as {@code tossbill.toss.secret-key} in the test configuration. */
  public static final String SECRET_KEY = "test_sk_tests_Xq7Lm2Vb9Rt4Nc8Ka1Pz";

  private TestSandbox() {}

  /** {@code Basic base64(secretKey + ":")}, for the sandbox's API and controls. */
  public static String basicAuth() {
    return "Basic "
        + Base64.getEncoder().encodeToString((SECRET_KEY + ":").getBytes(StandardCharsets.UTF_8));
  }
}
