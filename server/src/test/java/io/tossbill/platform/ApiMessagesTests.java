package io.tossbill.platform;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The API's messages come from the bundle, in both languages: every key the code names exists in
 * Korean and English, every key in the bundle is used, and no refusal is built from text written in
 * Java.
 */
class ApiMessagesTests {

  private static final Path SOURCES = Path.of("src/main/java/io/tossbill");
  private static final Pattern KEY = Pattern.compile("\"(api\\.[A-Za-z0-9_.]+)\"");
  private static final Pattern REFUSAL =
      Pattern.compile(
          "ApiException\\.(?:badRequest|conflict|notFound)\\(|new ApiException\\(\\s*HttpStatus");

  @Test
  void everyKeyTheCodeUsesIsInBothLanguagesAndEveryBundleKeyIsUsed() throws IOException {
    Set<String> used = new TreeSet<>();
    for (String source : sources()) {
      Matcher key = KEY.matcher(source);
      while (key.find()) {
        used.add(key.group(1));
      }
    }
    Set<String> korean = keys("messages/api.properties");
    Set<String> english = keys("messages/api_en.properties");

    assertThat(english).isEqualTo(korean);
    assertThat(korean).containsAll(used);
    assertThat(used).as("keys in the bundle no code uses").containsAll(korean);
  }

  @Test
  void noBundleGivesAKeyTwice() throws IOException {
    // java.util.Properties keeps the last of two lines with one key: a merge that leaves both
    // silently changes the text people read
    try (Stream<Path> files = Files.list(Path.of("src/main/resources/messages"))) {
      for (Path file : files.filter(f -> f.toString().endsWith(".properties")).toList()) {
        List<String> keys =
            Files.readAllLines(file, StandardCharsets.UTF_8).stream()
                .filter(line -> !line.isBlank() && !line.startsWith("#") && line.contains("="))
                .map(line -> line.substring(0, line.indexOf('=')).strip())
                .toList();
        assertThat(keys).as("keys of %s", file.getFileName()).doesNotHaveDuplicates();
      }
    }
  }

  @Test
  void noRefusalIsBuiltFromTextWrittenInJava() throws IOException {
    List<String> literal = new ArrayList<>();
    for (String source : sources()) {
      Matcher refusal = REFUSAL.matcher(source);
      while (refusal.find()) {
        // the message is the second (after the status: third) argument: a bundle key
        String call =
            source.substring(refusal.start(), Math.min(source.length(), refusal.end() + 240));
        if (!call.contains("\"api.") && !call.contains(".key()") && !call.contains(", key,")) {
          literal.add(call.lines().findFirst().orElse(call));
        }
      }
    }
    assertThat(literal).isEmpty();
  }

  @Test
  void formatsValuesAsTextAndPartsInTheSameLanguage() {
    assertThat(ApiMessages.format(Locale.KOREAN, "api.method.not.allowed", "DELETE"))
        .isEqualTo("이 주소는 DELETE 요청을 받지 않습니다.");
    assertThat(ApiMessages.format(Locale.ENGLISH, "api.method.not.allowed", "DELETE"))
        .isEqualTo("This address does not accept DELETE.");
    assertThat(
            new ApiException(
                    org.springframework.http.HttpStatus.BAD_REQUEST,
                    "WEBHOOK_MALFORMED_BODY",
                    "api.WEBHOOK_MALFORMED_BODY",
                    new ApiMessages.Part("api.webhook.body.empty"))
                .messageEn())
        .endsWith("The body is empty.");
    // a number is shown as it is, not grouped
    assertThat(ApiMessages.format(Locale.ENGLISH, "api.fields.invalid", 1234567))
        .endsWith("1234567");
  }

  private static List<String> sources() throws IOException {
    List<String> all = new ArrayList<>();
    try (Stream<Path> files = Files.walk(SOURCES)) {
      for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
        all.add(Files.readString(file));
      }
    }
    return all;
  }

  private static Set<String> keys(String resource) throws IOException {
    Properties properties = new Properties();
    try (var in = ApiMessagesTests.class.getClassLoader().getResourceAsStream(resource)) {
      properties.load(new InputStreamReader(in, StandardCharsets.UTF_8));
    }
    return new TreeSet<>(properties.stringPropertyNames());
  }
}
