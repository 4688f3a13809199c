package io.tossbill.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Runs the SDK stand-in under Node.js (skipped where no node is installed). */
class SdkScriptTests {

  @TempDir Path dir;

  @Test
  void validatesLikeTheSdkAndNavigatesToTheWindowBesideTheScript() throws Exception {
    assumeTrue(nodeAvailable(), "node is not installed");
    Path script = copy("standard.js");
    Path check = copy("sdk-check.js");

    Process process =
        new ProcessBuilder("node", check.toString(), script.toString())
            .redirectErrorStream(true)
            .start();
    assertThat(process.waitFor(20, TimeUnit.SECONDS)).isTrue();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);

    assertThat(output)
        .contains(
            "secretClientKey InsecureKeyUsageError/INSECURE_KEY_USAGE",
            "badClientKey InvalidClientKeyError/INVALID_CLIENT_KEY",
            "anonymous InvalidCustomerKeyError/INVALID_CUSTOMER_KEY",
            "secretCustomerKey InsecureKeyUsageError/INSECURE_KEY_USAGE",
            "rejections NotSupportedMethodError,IncorrectSuccessUrlFormatError,IncorrectFailUrlFormatError,"
                + "InvalidParametersError",
            "assigned http://127.0.0.1:8080/toss-sandbox/_sandbox/billing-auth?clientKey=test_ck_abc&customerKey=cust-1"
                + "&successUrl=http%3A%2F%2Fa%2Fs%3Fx%3D1&failUrl=http%3A%2F%2Fa%2Ff&customerName=");
  }

  private Path copy(String resource) throws IOException {
    try (var in = SdkScriptTests.class.getResourceAsStream(resource)) {
      Path target = dir.resolve(resource);
      Files.write(target, in.readAllBytes());
      return target;
    }
  }

  private static boolean nodeAvailable() {
    try {
      Process process = new ProcessBuilder("node", "--version").redirectErrorStream(true).start();
      return process.waitFor(10, TimeUnit.SECONDS) && process.exitValue() == 0;
    } catch (IOException | InterruptedException e) {
      return false;
    }
  }
}
