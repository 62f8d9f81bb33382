package dev.skyport.e2e.platform;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.function.Function;

import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.TimeoutException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The Swagger UI at {@code /docs} as a user sees it in a real browser: what it shows, "Authorize" (the sign-in
 * popup) and "Try it out". Waits are liveness bounds for a loaded 2-core machine, never speed assertions.
 */
public final class ApiReferencePage implements AutoCloseable {

    private static final Duration WAIT = Duration.ofSeconds(90);

    private final ChromeDriver driver;
    private final WebDriverWait wait;

    /** One "Try it out" answer as the page shows it. */
    public record Result(String requestUrl, String status, String body) {
    }

    private ApiReferencePage(ChromeDriver driver) {
        this.driver = driver;
        this.wait = new WebDriverWait(driver, WAIT);
    }

    /** Opens {@code <gateway>/docs} and waits until the first definition is rendered. */
    public static ApiReferencePage open(URI gateway) {
        ChromeDriver driver = HeadlessChromium.start();
        try {
            driver.get(gateway + "/docs");
            ApiReferencePage page = new ApiReferencePage(driver);
            page.until("the first definition rendered", ExpectedConditions.visibilityOfElementLocated(
                    By.cssSelector(".information-container .info .title")));
            return page;
        } catch (RuntimeException | Error e) {
            driver.quit();
            throw e;
        }
    }

    /** The definitions of the top bar's "Select a definition", in order. */
    public List<String> definitions() {
        return select(".topbar select").getOptions().stream().map(WebElement::getText).toList();
    }

    public String selectedDefinition() {
        return select(".topbar select").getFirstSelectedOption().getText();
    }

    public String title() {
        return driver.findElement(By.cssSelector(".information-container .info .title")).getText();
    }

    /** The "Servers" choices. */
    public List<String> servers() {
        until("the servers", ExpectedConditions.presenceOfElementLocated(By.cssSelector(".servers select")));
        return select(".servers select").getOptions().stream().map(o -> o.getAttribute("value")).toList();
    }

    /** Every link of the definition's header (description and external docs). */
    public List<String> links() {
        return driver.findElements(By.cssSelector(".information-container a")).stream()
                .map(a -> a.getAttribute("href")).toList();
    }

    /**
     * "Authorize" with every scope ticked; signs in on the login page of the popup Swagger UI opens, and waits until
     * the popup has handed the token back (the dialog then offers "Logout").
     */
    public void authorize(String email, String password) {
        String main = driver.getWindowHandle();
        click(until("the Authorize button", ExpectedConditions.elementToBeClickable(
                By.cssSelector(".scheme-container button.authorize"))));
        WebElement dialog = until("the authorization dialog",
                ExpectedConditions.visibilityOfElementLocated(By.cssSelector(".dialog-ux .modal-ux")));
        for (WebElement scope : dialog.findElements(By.cssSelector("input[type=checkbox]"))) {
            if (!scope.isSelected()) {
                click(scope);
            }
        }
        click(dialog.findElement(By.cssSelector(".auth-btn-wrapper button.authorize")));
        until("the sign-in popup", d -> d.getWindowHandles().size() == 2);
        String popup = driver.getWindowHandles().stream().filter(h -> !h.equals(main)).findFirst().orElseThrow();
        driver.switchTo().window(popup);
        WebElement user = until("the login form", ExpectedConditions.visibilityOfElementLocated(
                By.cssSelector("input[name=username], input[type=email], input[name=email]")));
        user.sendKeys(email);
        WebElement secret = driver.findElement(By.cssSelector("input[type=password]"));
        secret.sendKeys(password);
        secret.submit();
        // The popup lands on Swagger UI's oauth2-redirect page, which gives the code to the opener and closes.
        until("the popup to hand the code back and close", d -> d.getWindowHandles().size() == 1);
        driver.switchTo().window(main);
        until("the dialog to show Logout (signed in)", d -> d.findElements(
                By.cssSelector(".dialog-ux .auth-btn-wrapper button")).stream()
                .anyMatch(b -> b.getText().strip().equals("Logout")));
        click(driver.findElement(By.cssSelector(".dialog-ux button.close-modal")));
        until("the dialog to close",
                ExpectedConditions.invisibilityOfElementLocated(By.cssSelector(".dialog-ux .modal-ux")));
    }

    /** Opens the operation, "Try it out", "Execute", and reads the live response. */
    public Result tryOut(String method, String path) {
        By summary = By.cssSelector(".opblock-summary-path[data-path='" + path + "']");
        WebElement operation = until(method + " " + path, d -> d.findElements(By.cssSelector(".opblock.opblock-" + method))
                .stream().filter(o -> !o.findElements(summary).isEmpty())
                .findFirst().orElse(null));
        click(operation.findElement(By.cssSelector(".opblock-summary-path")));
        click(until("Try it out", d -> visible(operation, "button.try-out__btn")));
        click(until("Execute", d -> visible(operation, "button.execute")));
        WebElement response = until("the response", d -> visible(operation, ".live-responses-table .response"));
        String requestUrl = until("the request URL", d -> visible(operation, ".request-url pre")).getText();
        String status = response.findElement(By.cssSelector(".response-col_status")).getText().strip();
        String body = response.findElement(By.cssSelector(".response-col_description")).getText();
        return new Result(requestUrl, status, body);
    }

    /** Waits for the condition; on timeout says what was awaited and where the browser was. */
    private <T> T until(String what, Function<WebDriver, T> condition) {
        try {
            return wait.until(condition);
        } catch (TimeoutException e) {
            String text = driver.findElements(By.tagName("body")).stream().map(WebElement::getText).findFirst()
                    .orElse("");
            throw new AssertionError("waited " + WAIT + " for " + what + "; the browser is on " + driver.getCurrentUrl()
                    + " (" + driver.getWindowHandles().size() + " windows), showing:\n"
                    + text.substring(0, Math.min(text.length(), 3000)), e);
        }
    }

    private static WebElement visible(WebElement within, String css) {
        return within.findElements(By.cssSelector(css)).stream().filter(WebElement::isDisplayed).findFirst()
                .orElse(null);
    }

    private Select select(String css) {
        return new Select(driver.findElement(By.cssSelector(css)));
    }

    /** A click as the user's, through the page's script (no flakiness from overlapping or animated elements). */
    private void click(WebElement element) {
        ((JavascriptExecutor) driver).executeScript(
                "arguments[0].scrollIntoView({block: 'center'}); arguments[0].click();", element);
    }

    @Override
    public void close() {
        driver.quit();
    }
}
