using System.Net;
using Credo.Domain.Bureau;
using Credo.Domain.Amounts;
using Microsoft.Extensions.Options;

namespace Credo.Web.Features.Evidence;

/// <summary>What a bureau is asked about: the key its reports are cached under, and what the providers look up.</summary>
/// <param name="Key">"tax:" + normalised tax id, else "customer:" + id, else "application:" + id.</param>
/// <param name="Currency">The currency the caller wants amounts in (the local bureau answers in it).</param>
internal sealed record BureauSubject(string Key, string? TaxId, long? CustomerId, long? ApplicationId, string? Country, Currency Currency)
{
    public static BureauSubject For(string? taxId, long? customerId, long? applicationId, string? country, Currency currency)
    {
        var normalised = string.IsNullOrWhiteSpace(taxId) ? null : BureauSubjects.NormaliseTaxId(taxId);
        return new BureauSubject(KeyFor(taxId, customerId, applicationId), string.IsNullOrEmpty(normalised) ? null : normalised, customerId, applicationId, country, currency);
    }

    /// <summary>What pulls are stored and found under: <c>tax:</c> the normalised tax id, else <c>customer:</c> id, else <c>application:</c> id.</summary>
    public static string KeyFor(string? taxId, long? customerId, long? applicationId)
    {
        var normalised = string.IsNullOrWhiteSpace(taxId) ? null : BureauSubjects.NormaliseTaxId(taxId);
        return !string.IsNullOrEmpty(normalised) ? "tax:" + normalised
            : customerId is { } c ? "customer:" + c
            : "application:" + applicationId;
    }
}

/// <summary>One bureau. Implementations do I/O only; mapping and derivation are pure code in Credo.Domain.Bureau.</summary>
internal interface IBureauProvider
{
    string Name { get; }

    Money CostPerCall { get; }

    Task<BureauAnswer> PullAsync(BureauSubject subject, CancellationToken ct);
}

/// <summary>
/// Reports an analyst entered by hand are stored when entered (see <see cref="EnterBureauReport"/>) and found by the
/// cache step of the waterfall while fresh; asked live, this provider has nothing newer to give.
/// </summary>
internal sealed class ManualBureauProvider(IOptions<EvidenceOptions> options) : IBureauProvider
{
    public const string ProviderName = "manual";

    public string Name => ProviderName;

    public Money CostPerCall => Money.Zero(Currency.Of(options.Value.Bureau.CostCurrency));

    public Task<BureauAnswer> PullAsync(BureauSubject subject, CancellationToken ct) =>
        Task.FromResult<BureauAnswer>(new BureauAnswer.NoMatch("No manual report was entered within the re-pull window.", "{}"));
}

/// <summary>The deterministic local bureau (<see cref="LocalBureau"/>): for the demo and the tests, selected by configuration like any other.</summary>
internal sealed class LocalBureauProvider(IOptions<EvidenceOptions> options) : IBureauProvider
{
    public const string ProviderName = "local";

    public string Name => ProviderName;

    public Money CostPerCall => new(options.Value.Bureau.LocalCostMinor, Currency.Of(options.Value.Bureau.CostCurrency));

    public Task<BureauAnswer> PullAsync(BureauSubject subject, CancellationToken ct) =>
        Task.FromResult(subject.TaxId is null
            ? new BureauAnswer.NoMatch("The local bureau looks companies up by tax id; there is none.", "{}")
            : LocalBureau.Report(subject.TaxId, subject.Currency));
}

/// <summary>
/// A bureau reached over HTTP: GET base URL + path template (tax id and country filled in), the key in a header,
/// a timeout, and the answer mapped to the normalised fields by configured JSON paths. 404 is "no match"; any other
/// failure (status, timeout, unreadable JSON) is a failure that falls through to the next provider.
/// </summary>
internal sealed class HttpBureauProvider(HttpBureauOptions settings, IHttpClientFactory clients) : IBureauProvider
{
    public string Name => settings.Name;

    public Money CostPerCall => new(settings.CostMinor, Currency.Of(settings.CostCurrency));

    public const string ClientName = "bureau";

    public async Task<BureauAnswer> PullAsync(BureauSubject subject, CancellationToken ct)
    {
        if (subject.TaxId is null)
        {
            return new BureauAnswer.NoMatch($"{Name} looks companies up by tax id; there is none.", "{}");
        }

        var path = settings.PathTemplate
            .Replace("{taxId}", Uri.EscapeDataString(subject.TaxId), StringComparison.Ordinal)
            .Replace("{country}", Uri.EscapeDataString(subject.Country ?? string.Empty), StringComparison.Ordinal);
        var baseUrl = settings.BaseUrl.EndsWith('/') ? settings.BaseUrl : settings.BaseUrl + "/";
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(new Uri(baseUrl), path.TrimStart('/')));
        if (!string.IsNullOrEmpty(settings.ApiKey))
        {
            request.Headers.TryAddWithoutValidation(settings.ApiKeyHeader, settings.ApiKey);
        }

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(TimeSpan.FromSeconds(settings.TimeoutSeconds));
        try
        {
            var client = clients.CreateClient(ClientName);
            using var response = await client.SendAsync(request, timeout.Token);
            var body = await response.Content.ReadAsStringAsync(timeout.Token);
            if (response.StatusCode == HttpStatusCode.NotFound)
            {
                return new BureauAnswer.NoMatch($"{Name} answered 404 (no such company).", string.IsNullOrWhiteSpace(body) ? "{}" : body);
            }

            if (!response.IsSuccessStatusCode)
            {
                return new BureauAnswer.Failed($"{Name} answered {(int)response.StatusCode}.");
            }

            var mapping = settings.Fields.ToMapping();
            return BureauResponseMapping.Map(body, mapping.DefaultCurrency is null ? mapping with { DefaultCurrency = subject.Currency.Code } : mapping);
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            return new BureauAnswer.Failed($"{Name} did not answer within {settings.TimeoutSeconds} s.");
        }
        catch (HttpRequestException e)
        {
            return new BureauAnswer.Failed($"{Name} could not be reached ({e.HttpRequestError}).");
        }
    }
}

/// <summary>The configured providers by name, in waterfall order.</summary>
internal sealed class BureauProviders(IOptions<EvidenceOptions> options, IHttpClientFactory clients)
{
    public IReadOnlyList<IBureauProvider> InOrder() =>
        [.. options.Value.Bureau.Order.Select(Create)];

    public IReadOnlyList<string> Names => options.Value.Bureau.Order;

    private IBureauProvider Create(string name) =>
        name switch
        {
            ManualBureauProvider.ProviderName => new ManualBureauProvider(options),
            LocalBureauProvider.ProviderName => new LocalBureauProvider(options),
            _ => options.Value.Bureau.Http.FirstOrDefault(h => h.Name == name) is { } http
                ? new HttpBureauProvider(http, clients)
                : throw new InvalidOperationException($"Evidence:Bureau:Waterfall names '{name}', which is neither manual, local nor a configured HTTP provider."),
        };

    /// <summary>Refuses at start-up a waterfall that names an unknown provider or an HTTP provider without a base URL.</summary>
    public static IEnumerable<string> Problems(EvidenceOptions o)
    {
        foreach (var name in o.Bureau.Order)
        {
            if (name is not (ManualBureauProvider.ProviderName or LocalBureauProvider.ProviderName) && o.Bureau.Http.All(h => h.Name != name))
            {
                yield return $"Evidence:Bureau:Waterfall names '{name}', which is neither manual, local nor a configured HTTP provider.";
            }
        }

        foreach (var http in o.Bureau.Http)
        {
            if (!Uri.TryCreate(http.BaseUrl, UriKind.Absolute, out _))
            {
                yield return $"Evidence:Bureau:Http '{http.Name}' needs an absolute BaseUrl.";
            }

            if (!Currency.TryParse(http.CostCurrency, out _))
            {
                yield return $"Evidence:Bureau:Http '{http.Name}' has an unknown CostCurrency.";
            }
        }

        if (o.Bureau.MaxAgeDays < 0)
        {
            yield return "Evidence:Bureau:MaxAgeDays is zero or more.";
        }
    }
}
