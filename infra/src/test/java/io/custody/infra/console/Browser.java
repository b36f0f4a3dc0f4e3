package io.custody.infra.console;

import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.TimeoutException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedCondition;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Debian's headless chromium driven through chromium-driver, on the console of a running server. The two
 * executables are found on the PATH (or named by {@code -Dconsole.chromium=} and {@code -Dconsole.chromedriver=});
 * without them the tests fail rather than skip, since a suite of skipped browser tests proves nothing
 * ({@code .ci/run} installs them).
 */
final class Browser implements AutoCloseable {

    private static final Duration WAIT = Duration.ofSeconds(30);

    private final ChromeDriver driver;
    private final String baseUrl;
    private final Path screenshots;

    Browser(String baseUrl) {
        this.baseUrl = baseUrl;
        Path chromium = executable("console.chromium", "chromium", "chromium-browser", "google-chrome");
        Path chromedriver = executable("console.chromedriver", "chromedriver", "chromium-driver");
        ChromeOptions options = new ChromeOptions();
        options.setBinary(chromium.toFile());
        // --no-sandbox: CI runs as root, where chromium's sandbox refuses to start.
        options.addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu",
                "--window-size=1440,1000", "--force-device-scale-factor=1", "--lang=en-GB");
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(chromedriver.toFile())
                .usingAnyFreePort().build();
        this.driver = new ChromeDriver(service, options);
        this.screenshots = Path.of(System.getProperty("console.screenshots", "target/console-screenshots"));
    }

    /** The executable a system property names, else the first of these names on the PATH; fails without one. */
    private static Path executable(String property, String... names) {
        String named = System.getProperty(property);
        if (named != null && !named.isBlank()) {
            return Path.of(named);
        }
        String path = Optional.ofNullable(System.getenv("PATH")).orElse("/usr/bin:/bin");
        return Stream.of(names).flatMap(name -> Stream.of(path.split(":")).map(dir -> Path.of(dir, name)))
                .filter(Files::isExecutable).findFirst()
                .orElseThrow(() -> new IllegalStateException("The console's browser tests need " + String.join(" or ",
                        names) + " on the PATH (Debian: apt-get install -y chromium chromium-driver; .ci/run "
                        + "installs them), or -D" + property + "=<path>"));
    }

    /** Loads the console afresh (a sign-in keeps to this tab's sessionStorage, so a reload keeps it). */
    void load(String hash) {
        driver.get(baseUrl + "/" + hash);
    }

    /** Shows a route in the signed-in console and waits until its page has rendered. */
    void open(String hash) {
        script("document.getElementById('page').replaceChildren(); location.hash = arguments[0];", hash);
        ready();
    }

    /** Clicks what leads to another route and waits until the page there has rendered. */
    void follow(WebElement link) {
        script("document.querySelectorAll('main .page').forEach(p => p.removeAttribute('data-ready'));");
        link.click();
        ready();
    }

    /** Submits a form that changes the route and waits until the page has rendered. */
    void submit(WebElement form) {
        script("document.querySelectorAll('main .page').forEach(p => p.removeAttribute('data-ready'));");
        form.findElement(By.cssSelector("button[type=submit]")).click();
        ready();
    }

    void ready() {
        waitFor(By.cssSelector("main .page[data-ready='true']"));
    }

    WebElement waitFor(By by) {
        return until(ExpectedConditions.presenceOfElementLocated(by));
    }

    void waitForText(By by, String text) {
        until(ExpectedConditions.textToBePresentInElementLocated(by, text));
    }

    /** Waits for a condition; when it never comes, the failure says what the page showed instead. */
    private <T> T until(ExpectedCondition<T> condition) {
        try {
            return new WebDriverWait(driver, WAIT).until(condition);
        } catch (TimeoutException e) {
            throw new AssertionError("waited " + WAIT.toSeconds() + " s for " + condition + " at " + url()
                    + "; the page showed:\n" + script("return document.body.innerText"), e);
        }
    }

    WebElement find(String css) {
        return driver.findElement(By.cssSelector(css));
    }

    List<WebElement> all(String css) {
        return driver.findElements(By.cssSelector(css));
    }

    String text(String css) {
        return find(css).getText();
    }

    Object script(String script, Object... args) {
        return ((JavascriptExecutor) driver).executeScript(script, args);
    }

    String url() {
        return driver.getCurrentUrl();
    }

    /**
     * A PNG of the whole page (the window grown to its height, at most 2,400 pixels), for docs/console/
     * (-Dconsole.screenshots=docs/console) or target/.
     */
    void screenshot(String name) {
        Dimension window = driver.manage().window().getSize();
        long height = ((Number) script("return document.documentElement.scrollHeight")).longValue();
        try {
            driver.manage().window().setSize(new Dimension(window.getWidth(), (int) Math.min(2400, Math.max(height + 120,
                    window.getHeight()))));
            Files.createDirectories(screenshots);
            Files.write(screenshots.resolve(name + ".png"), ((TakesScreenshot) driver).getScreenshotAs(OutputType.BYTES));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            driver.manage().window().setSize(window);
        }
    }

    @Override
    public void close() {
        driver.quit();
    }
}
