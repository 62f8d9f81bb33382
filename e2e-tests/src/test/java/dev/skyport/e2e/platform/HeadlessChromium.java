package dev.skyport.e2e.platform;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import org.junit.jupiter.api.Assumptions;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * A real headless browser: Debian's {@code chromium} driven through its {@code chromium-driver}, both named by path
 * so that Selenium never downloads a browser or a driver (no Selenium Manager). Where they are missing the calling
 * test is skipped, saying so, unless {@code CI} is set: then it must run (and fails on the missing browser).
 */
public final class HeadlessChromium {

    public static final Path BROWSER = Path.of("/usr/bin/chromium");
    public static final Path DRIVER = Path.of("/usr/bin/chromedriver");

    private HeadlessChromium() {
    }

    /** Skips the calling test when chromium or chromedriver is missing outside CI. */
    public static void assumeInstalledOrCi() {
        boolean installed = Files.isExecutable(BROWSER) && Files.isExecutable(DRIVER);
        Assumptions.assumeTrue(installed || System.getenv("CI") != null, () -> "skipped: " + BROWSER + " or " + DRIVER
                + " is missing (Debian packages chromium and chromium-driver; .ci/run installs them, and under CI=true"
                + " this test runs)");
    }

    public static ChromeDriver start() {
        ChromeOptions options = new ChromeOptions();
        options.setBinary(BROWSER.toFile());
        // --no-sandbox: CI machines run the build as root, where chromium's sandbox refuses to start.
        options.addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu",
                "--window-size=1400,1000", "--no-first-run", "--disable-extensions");
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(DRIVER.toFile())
                .usingAnyFreePort().withTimeout(Duration.ofMinutes(2)).build();
        return new ChromeDriver(service, options);
    }
}
