using Credo.Web.Data;
using Credo.Web.Features.Customers;
using Credo.Web.Infrastructure;
using Credo.Web.Tests.Support;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace Credo.Web.Tests.Browser;

/// <summary>
/// The app on a real loopback Kestrel port (its own database, as <see cref="CredoApp"/> makes it) and one
/// headless Debian Chromium driven by Playwright. Shared by the browser tests; each test makes its own users
/// and customers.
/// </summary>
public sealed class BrowserApp : IAsyncLifetime
{
    public static readonly string[] ChromiumArgs =
    [
        "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking",
        "--disable-component-update", "--no-first-run", "--disable-sync",
    ];

    private IPlaywright? _playwright;

    public CredoApp App { get; } = new();

    public Uri BaseAddress { get; private set; } = null!;

    public IBrowser Browser { get; private set; } = null!;

    /// <summary>Where screenshots go: TestResults/screenshots under the test output folder.</summary>
    public static string ScreenshotFolder { get; } = Path.Combine(AppContext.BaseDirectory, "TestResults", "screenshots");

    public async Task InitializeAsync()
    {
        var chromium = FindChromium();
        BaseAddress = KestrelStart.Start(App, App.Log);

        _playwright = await Playwright.CreateAsync();
        Browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = chromium,
            Headless = true,
            Args = ChromiumArgs,
        });
    }

    public async Task DisposeAsync()
    {
        if (Browser is not null)
        {
            await Browser.DisposeAsync();
        }

        _playwright?.Dispose();
        await App.DisposeAsync();
    }

    /// <summary>A fresh browser context (own cookies) opened on the app.</summary>
    public async Task<IPage> NewPage()
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = BaseAddress.ToString().TrimEnd('/'),
            ViewportSize = new ViewportSize { Width = 1366, Height = 900 },
        });
        context.SetDefaultTimeout(15_000);
        return await context.NewPageAsync();
    }

    /// <summary>Creates a staff user through Identity and returns its email and password.</summary>
    public Task<(string Email, string Password)> StaffUser(string role) => Pages.PageSession.StaffUser(App, role, "Test " + role);

    /// <summary>Creates a customer through the SaveCustomer use case.</summary>
    public async Task<string> Customer(string legalName, string currency = "USD", string terms = "NET30", string? groupCode = null, IReadOnlyList<(string Dimension, string Code)>? segments = null)
    {
        var number = Http.Unique("C");
        var saved = await App.InScope(sp => sp.GetRequiredService<SaveCustomer>().Create(
            new CustomerRequest(
                number, legalName, null, "TAX-" + number[^6..], "ap@" + number.ToLowerInvariant() + ".example", null, null, currency, terms, null, groupCode,
                new AddressDto("1 Quay Street", null, "Cork", null, "T12 X0Y1", "IE"), null, [new ContactDto("Ciara Walsh", "Accounts payable", "ciara@example.test", "+353 21 000 0000")], segments?.Select(x => new SegmentRef(x.Dimension, x.Code)).ToList(), null),
            CancellationToken.None));
        Assert.True(saved.IsOk, saved.Error?.Message);
        return number;
    }

    /// <summary>Saves a full-page screenshot under <see cref="ScreenshotFolder"/> and returns its path.</summary>
    public static async Task<string> Screenshot(IPage page, string fileName)
    {
        Directory.CreateDirectory(ScreenshotFolder);
        var path = Path.Combine(ScreenshotFolder, fileName);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = path, FullPage = true });
        Console.WriteLine($"Screenshot: {path}");
        return path;
    }

    /// <summary>Runs an expectation; if it fails, saves a screenshot first so that CI keeps the evidence.</summary>
    public static async Task OnFailureScreenshot(IPage page, string fileName, Func<Task> expectation)
    {
        try
        {
            await expectation();
        }
        catch (PlaywrightException)
        {
            await Screenshot(page, fileName);
            throw;
        }
    }

    /// <summary>Creates a corporate group (under <paramref name="parentCode"/>) through the Groups use case; returns its code.</summary>
    public async Task<string> Group(string name, string? parentCode = null)
    {
        var code = Http.Unique("G");
        var created = await App.InScope(sp => sp.GetRequiredService<Groups>().Create(new GroupRequest(code, name, parentCode), CancellationToken.None));
        Assert.True(created.IsOk, created.Error?.Message);
        return code;
    }

    public static async Task SignIn(IPage page, string email, string password)
    {
        await page.GotoAsync("/account/sign-in");
        await page.GetByLabel("Email").FillAsync(email);
        await page.GetByLabel("Password").FillAsync(password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
    }

    /// <summary>Debian's Chromium (the CI image installs it with apt). Playwright's own browser download is not used.</summary>
    internal static string FindChromium()
    {
        var fromEnv = Environment.GetEnvironmentVariable("CREDO_CHROMIUM");
        if (!string.IsNullOrWhiteSpace(fromEnv) && File.Exists(fromEnv))
        {
            return fromEnv;
        }

        var path = (Environment.GetEnvironmentVariable("PATH") ?? string.Empty).Split(Path.PathSeparator)
            .SelectMany(dir => new[] { "chromium", "chromium-browser" }.Select(name => Path.Combine(dir, name)))
            .FirstOrDefault(File.Exists);
        return path ?? throw new InvalidOperationException(
            "Browser tests need Debian's Chromium, which was not found on PATH. Install it with `apt-get update && apt-get install -y chromium` " +
            "(CI does the same), or set CREDO_CHROMIUM to a Chromium executable. Playwright's browser download is not used.");
    }
}

[CollectionDefinition(Name)]
public sealed class BrowserCollection : ICollectionFixture<BrowserApp>
{
    public const string Name = "Browser";
}
