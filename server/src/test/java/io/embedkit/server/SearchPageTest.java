package io.embedkit.server;

import static io.embedkit.server.ServerApiTest.post;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.embedkit.core.Encoders;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The search page in a real browser: Debian's chromium and chromium-driver, headless (.ci/run installs them).
 * A person picks the collection, types a query, reads ranked hits; a filter narrows them. The screenshot is
 * written to target/search-page.png (the README's image is one).
 */
class SearchPageTest {
  private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
  private static final Path DRIVER = Path.of("/usr/bin/chromedriver");
  @TempDir Path data;

  @Test
  void typingAQueryShowsRankedHitsAndAFilterNarrowsThem() throws Exception {
    assumeTrue(Files.isExecutable(CHROMIUM) && Files.isExecutable(DRIVER),
        "needs Debian's chromium and chromium-driver (apt-get install chromium chromium-driver)");
    try (EmbeddingServer s = EmbeddingServer.builder().model("minilm", Encoders.open("minilm", String.class))
        .dataDir(data).port(0).build().start()) {
      assertThat(CollectionsTest.send(s, "PUT", "/collections/news", "{\"model\":\"minilm\"}").status()).isEqualTo(201);
      assertThat(post(s, "/collections/news/items", "{\"items\":["
          + "{\"id\":\"ai\",\"text\":\"Artificial intelligence is revolutionizing healthcare.\",\"metadata\":{\"year\":2024}},"
          + "{\"id\":\"privacy\",\"text\":\"Data privacy is a major concern in medical applications.\","
          + "\"metadata\":{\"year\":2021}},"
          + "{\"id\":\"scrolls\",\"text\":\"Ancient physicians wrote their remedies on scrolls.\",\"metadata\":{\"year\":1990}},"
          + "{\"id\":\"cat\",\"text\":\"My cat sleeps on the sofa all afternoon.\",\"metadata\":{\"year\":2019}}]}",
          null).status()).isEqualTo(200);
      System.setProperty("webdriver.chrome.driver", DRIVER.toString()); // no Selenium Manager, no download
      ChromeOptions options = new ChromeOptions();
      options.setBinary(CHROMIUM.toFile());
      options.addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--window-size=900,880");
      ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(DRIVER.toFile())
          .usingAnyFreePort().build();
      WebDriver driver = new ChromeDriver(service, options);
      try {
        WebDriverWait wait = new WebDriverWait(driver, Duration.ofSeconds(20));
        driver.get("http://127.0.0.1:" + s.port() + "/");
        wait.until(d -> !d.findElements(By.cssSelector("#collection option")).isEmpty());
        assertThat(driver.findElement(By.cssSelector("#collection option")).getText()).startsWith("news (4 items");
        driver.findElement(By.id("query")).sendKeys("AI in medicine");
        driver.findElement(By.id("go")).click();
        wait.until(d -> d.findElements(By.cssSelector("#hits li")).size() == 4);
        List<WebElement> hits = driver.findElements(By.cssSelector("#hits li"));
        assertThat(hits.get(0).findElement(By.className("id")).getText()).isEqualTo("ai");
        assertThat(hits.get(0).findElement(By.className("text")).getText())
            .isEqualTo("Artificial intelligence is revolutionizing healthcare.");
        assertThat(driver.findElement(By.id("status")).getText()).startsWith("4 hits");
        File shot = ((TakesScreenshot) driver).getScreenshotAs(OutputType.FILE);
        Files.copy(shot.toPath(), Path.of("target", "search-page.png"), StandardCopyOption.REPLACE_EXISTING);
        driver.findElement(By.id("filter")).sendKeys("year < 2020");
        driver.findElement(By.id("go")).click();
        wait.until(d -> d.findElements(By.cssSelector("#hits li")).size() == 2);
        assertThat(driver.findElements(By.cssSelector("#hits li .id"))).extracting(WebElement::getText)
            .containsExactly("scrolls", "cat");
        driver.findElement(By.id("filter")).sendKeys(" &&");
        driver.findElement(By.id("go")).click();
        wait.until(d -> d.findElement(By.id("status")).getAttribute("class").equals("error"));
        assertThat(driver.findElement(By.id("status")).getText()).contains("filter expression");
        // by words: BM25 finds the one text with "scrolls"
        driver.findElement(By.id("filter")).clear();
        new org.openqa.selenium.support.ui.Select(driver.findElement(By.id("mode"))).selectByValue("keyword");
        driver.findElement(By.id("query")).clear();
        driver.findElement(By.id("query")).sendKeys("remedies on scrolls");
        driver.findElement(By.id("go")).click();
        wait.until(d -> d.findElement(By.id("status")).getText().startsWith("1 hits"));
        assertThat(driver.findElements(By.cssSelector("#hits li .id"))).extracting(WebElement::getText)
            .containsExactly("scrolls");
      } finally {
        driver.quit();
      }
    }
  }
}
