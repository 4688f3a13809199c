package io.tossbill.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A real headless Chromium (the machine's {@code chromium} and {@code chromium-driver}, never a
 * download) with axe-core: {@link #axe()} runs it on the page shown and fails on any serious or
 * critical violation.
 */
public final class Browser implements AutoCloseable {

  static final String CHROMIUM = "/usr/bin/chromium";
  static final String DRIVER = "/usr/bin/chromedriver";
  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static final String AXE = load("/axe/axe.min.js");

  private final ChromeDriver driver;
  private final Path profile;
  private final String base;
  private final Set<String> checked = new LinkedHashSet<>();

  public Browser(int port, String language) {
    assertThat(new File(CHROMIUM))
        .as("Debian's chromium (apt-get install chromium chromium-driver; .ci/run does it)")
        .exists();
    assertThat(new File(DRIVER)).as("Debian's chromium-driver").exists();
    try {
      profile = Files.createTempDirectory("tossbill-chromium-");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    ChromeOptions options = new ChromeOptions();
    options.setBinary(CHROMIUM);
    options.addArguments(
        "--headless=new",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-dev-shm-usage",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--hide-scrollbars",
        "--lang=" + language,
        "--window-size=1280,900",
        "--user-data-dir=" + profile);
    options.setExperimentalOption("prefs", java.util.Map.of("intl.accept_languages", language));
    ChromeDriverService service =
        new ChromeDriverService.Builder().usingDriverExecutable(new File(DRIVER)).build();
    driver = new ChromeDriver(service, options);
    driver.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(30));
    driver.manage().timeouts().scriptTimeout(Duration.ofSeconds(30));
    base = "http://127.0.0.1:" + port;
  }

  public String base() {
    return base;
  }

  public ChromeDriver driver() {
    return driver;
  }

  /** Opens a page of this server and checks it with axe. */
  public Browser open(String path) {
    driver.get(path.startsWith("http") ? path : base + path);
    return this;
  }

  public WebElement find(String css) {
    return wait(ExpectedConditions.presenceOfElementLocated(By.cssSelector(css)));
  }

  public String text(String css) {
    return find(css).getText();
  }

  public List<WebElement> all(String css) {
    return driver.findElements(By.cssSelector(css));
  }

  public Browser type(String css, String text) {
    WebElement field = find(css);
    field.clear();
    field.sendKeys(text);
    return this;
  }

  public Browser click(String css) {
    wait(ExpectedConditions.elementToBeClickable(By.cssSelector(css))).click();
    return this;
  }

  /** Clicks the link or button whose text is exactly {@code text}. */
  public Browser clickText(String text) {
    wait(ExpectedConditions.elementToBeClickable(
            By.xpath("//*[self::a or self::button][normalize-space(.)='" + text + "']")))
        .click();
    return this;
  }

  public String url() {
    return driver.getCurrentUrl();
  }

  /** Waits until the address ends with {@code suffix} (after a redirect or a form). */
  public Browser waitForUrl(String regex) {
    wait(ExpectedConditions.urlMatches(regex));
    return this;
  }

  public <T> T wait(org.openqa.selenium.support.ui.ExpectedCondition<T> condition) {
    return new WebDriverWait(driver, Duration.ofSeconds(20)).until(condition);
  }

  /**
   * Runs axe-core on the page shown and fails on serious or critical violations; returns the number
   * of rules that passed.
   */
  public int axe() {
    JavascriptExecutor js = driver;
    js.executeScript(AXE);
    Object raw =
        js.executeAsyncScript(
            "const done = arguments[arguments.length - 1];"
                + "axe.run(document, {resultTypes: ['violations']})"
                + ".then(r => done(JSON.stringify({violations: r.violations, passes: r.passes.length})))"
                + ".catch(e => done(JSON.stringify({error: String(e)})));");
    JsonNode result = JSON.readTree(String.valueOf(raw));
    assertThat(result.has("error")).as(String.valueOf(result.get("error"))).isFalse();
    List<String> bad = new ArrayList<>();
    for (JsonNode violation : result.get("violations")) {
      String impact = violation.path("impact").asString("");
      if (impact.equals("serious") || impact.equals("critical")) {
        StringBuilder where = new StringBuilder();
        for (JsonNode node : violation.get("nodes")) {
          where
              .append("\n    ")
              .append(node.get("target"))
              .append(' ')
              .append(node.path("failureSummary").asString(""));
        }
        bad.add(
            violation.get("id").asString()
                + " ("
                + impact
                + "): "
                + violation.get("help").asString()
                + where);
      }
    }
    assertThat(bad).as("axe on %s", url()).isEmpty();
    checked.add(url().replace(base, "").replaceAll("\\?.*", "").replaceAll("/\\d+", "/{id}"));
    return result.get("passes").asInt();
  }

  /** The pages axe checked, by path. */
  public Set<String> checkedPages() {
    return checked;
  }

  /** Resizes to {@code width} and the page's height (at most 4000) and saves a PNG. */
  public void screenshot(Path file, int width) {
    driver.manage().window().setSize(new Dimension(width, 900));
    // charts and grids settle on the new width before the picture (a chart redraws on resize)
    try {
      new WebDriverWait(driver, Duration.ofSeconds(3))
          .until(
              d ->
                  (Boolean)
                      ((JavascriptExecutor) d)
                          .executeScript(
                              "return document.documentElement.scrollWidth <= window.innerWidth"));
    } catch (org.openqa.selenium.TimeoutException e) {
      // a page wider than the window is shown as it is
    }
    long height =
        ((Number)
                ((JavascriptExecutor) driver)
                    .executeScript("return document.documentElement.scrollHeight"))
            .longValue();
    driver.manage().window().setSize(new Dimension(width, (int) Math.min(height + 60, 4000)));
    try {
      Files.createDirectories(file.getParent());
      Files.write(file, driver.getScreenshotAs(OutputType.BYTES));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    driver.manage().window().setSize(new Dimension(1280, 900));
  }

  @Override
  public void close() {
    driver.quit();
    try (var files = Files.walk(profile)) {
      files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      // a leftover temporary profile is harmless
    }
  }

  private static String load(String resource) {
    try (InputStream in = Browser.class.getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException(resource + " is missing from the test resources");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
