package io.lbgate.stats;

import io.lbgate.support.SystemPackage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.Select;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Headless Chromium (Debian's {@code chromium} and {@code chromium-driver}, installed by
 * {@code .ci/run}) logs in, sees every server, drains one through HAProxy's form, and sees another
 * drained by a script appear without a reload. Leaves {@code target/stats-page.png}.
 */
class StatsPageBrowserTest {
    @TempDir
    static Path dir;
    static StatsGateway gateway;
    static ChromeDriver driver;

    @BeforeAll
    static void start() throws Exception {
        SystemPackage.require("/usr/bin/chromium", "chromium");
        SystemPackage.require("/usr/bin/chromedriver", "chromium-driver");
        gateway = StatsGateway.start(dir, "    stats admin if TRUE\n");
        ChromeOptions options = new ChromeOptions();
        options.setBinary("/usr/bin/chromium");
        options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--no-first-run", "--window-size=1500,1000",
                "--user-data-dir=" + Files.createTempDirectory(dir, "chromium"));
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(new File("/usr/bin/chromedriver")).usingAnyFreePort().build();
        driver = new ChromeDriver(service, options);
    }

    @AfterAll
    static void stop() {
        if (driver != null) {
            driver.quit();
        }
        if (gateway != null) {
            gateway.close();
        }
    }

    @Test
    void operatorDrainsThroughTheFormAndSeesLiveChanges() throws Exception {
        // What a browser sends once the operator typed the credentials into its Basic prompt, for
        // every request of the page (its script, its event stream, its form). Raw CDP through
        // chromedriver, so that no Selenium devtools version has to match the installed Chromium.
        driver.executeCdpCommand("Network.enable", Map.of());
        driver.executeCdpCommand("Network.setExtraHTTPHeaders", Map.of("headers",
                Map.of("Authorization", StatsGateway.basic(StatsGateway.USER, StatsGateway.PASSWORD))));
        driver.get("http://127.0.0.1:" + gateway.statsPort + "/haproxyadmin");
        for (String name : new String[] {"s1", "s2", "s3", "x", "h1"}) {
            assertThat(driver.findElements(By.cssSelector("tr[data-kind='server'] td.name")))
                    .anyMatch(td -> td.getText().equals(name));
        }
        // Markup in the description and in a server's failed-check reason phrase shows as text;
        // no script of its own ran.
        assertThat(driver.findElement(By.cssSelector("h2 span.desc")).getText()).isEqualTo(StatsGateway.EVIL);
        assertThat(driver.findElements(By.cssSelector("tr[data-name='h1'] td[title]")))
                .anyMatch(td -> StatsGateway.EVIL_CHECK.equals(td.getAttribute("title")));
        assertThat(driver.findElements(By.tagName("script"))).hasSize(1);

        driver.findElement(By.cssSelector("input.srv[value='s1']")).click();
        new Select(driver.findElement(By.cssSelector("#f-2 select[name='action']"))).selectByValue("drain");
        driver.findElement(By.cssSelector("#f-2 input[type='submit']")).click();

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            assertThat(driver.getCurrentUrl()).endsWith("/haproxyadmin;st=DONE");
            assertThat(driver.findElement(By.id("banner")).getText()).contains("Action processed successfully.");
            assertThat(driver.findElement(By.id("r-2-S-1")).getAttribute("class")).isEqualTo("active_draining");
        });

        // Live part: the page stays as it is while a script drains s2.
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                assertThat(driver.findElement(By.id("live")).getAttribute("class")).isEqualTo("live on"));
        ((JavascriptExecutor) driver).executeScript("window.notReloaded = true;");
        assertThat(gateway.post("", "s=s2&action=drain&b=%232").statusCode()).isEqualTo(303);
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            WebElement row = driver.findElement(By.id("r-2-S-2"));
            assertThat(row.getAttribute("class")).isEqualTo("active_draining");
            assertThat(row.findElement(By.cssSelector("td.c21")).getText()).endsWith("DRAIN");
        });
        assertThat(((JavascriptExecutor) driver).executeScript("return window.notReloaded === true;")).isEqualTo(true);

        // The filter narrows to the drained servers.
        driver.findElement(By.id("filter")).sendKeys("drain");
        assertThat(driver.findElement(By.id("r-2-S-3")).isDisplayed()).isFalse();
        assertThat(driver.findElement(By.id("r-2-S-2")).isDisplayed()).isTrue();
        driver.findElement(By.id("filter")).clear();
        ((JavascriptExecutor) driver).executeScript(
                "document.getElementById('filter').dispatchEvent(new Event('input'));");

        File shot = ((TakesScreenshot) driver).getScreenshotAs(OutputType.FILE);
        Path target = Path.of("target", "stats-page.png");
        Files.createDirectories(target.getParent());
        Files.copy(shot.toPath(), target, StandardCopyOption.REPLACE_EXISTING);
        assertThat(Files.size(target)).isPositive();
    }
}
