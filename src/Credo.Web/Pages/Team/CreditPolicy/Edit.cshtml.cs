using System.Text.Json;
using Credo.Domain.Policy;
using Credo.Web.Data;
using Credo.Web.Features.CreditPolicy;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Credo.Web.Pages.Team.CreditPolicy;

/// <summary>
/// One policy version: its definition in a JSON editor with the validation messages beside it, a backtest against the
/// published version (rates, totals, movers and a chart), and publishing with an explicit confirmation.
/// </summary>
internal sealed class EditModel(ListPolicies list, SaveDraft drafts, PublishPolicy publisher, RunBacktest backtests, IAuthorizationService authorization) : PageModel
{
    private static readonly JsonSerializerOptions ChartJsonOptions = new(JsonSerializerDefaults.Web);

    public PolicyDto? Version { get; private set; }

    [BindProperty]
    public string? Name { get; set; }

    [BindProperty]
    public string? Definition { get; set; }

    [BindProperty]
    public bool Confirm { get; set; }

    public IReadOnlyList<PolicyProblem> Problems { get; private set; } = [];

    public bool Checked { get; private set; }

    public BacktestReport? Backtest { get; private set; }

    public string? Message { get; private set; }

    public bool Failed { get; private set; }

    public bool CanWrite { get; private set; }

    public bool CanReview { get; private set; }

    public bool Editable => CanWrite && Version?.Status == PolicyStatus.Draft;

    /// <summary>
    /// The backtest chart's data: each bar is one part and version, as shares of its own cases (0–100 %), so ten
    /// applications and three hundred customers are never drawn on one count axis (issue 12 §4); each label says how
    /// many cases it stands for.
    /// </summary>
    public string ChartJson => Backtest is null ? "{}" : JsonSerializer.Serialize(ChartData(Backtest), ChartJsonOptions);

    internal static object ChartData(BacktestReport bt)
    {
        var bars = new[]
        {
            ("Applications, published", bt.Applications.Baseline), ("Applications, this version", bt.Applications.Draft),
            ("Book, published", bt.Book.Baseline), ("Book, this version", bt.Book.Draft),
        };
        static decimal Percent(decimal rate) => decimal.Round(rate * 100m, 1);
        return new
        {
            unit = "percent",
            labels = bars.Select(b => $"{b.Item1} ({b.Item2.Cases} {(b.Item2.Cases == 1 ? "case" : "cases")})").ToArray(),
            approved = bars.Select(b => Percent(b.Item2.ApprovalRate)).ToArray(),
            referred = bars.Select(b => Percent(b.Item2.ReferralRate)).ToArray(),
            declined = bars.Select(b => Percent(b.Item2.DeclineRate)).ToArray(),
        };
    }

    public static IReadOnlyList<FactDefinition> Catalog => FactCatalog.All;

    public async Task<IActionResult> OnGetAsync(int number, CancellationToken ct) => await Load(number, ct) ? Page() : NotFound();

    public async Task<IActionResult> OnPostSaveAsync(int number, CancellationToken ct)
    {
        if (!await Load(number, ct, keepInput: true))
        {
            return NotFound();
        }

        if (!Editable)
        {
            return Forbid();
        }

        await Save(number, ct);
        return Page();
    }

    public async Task<IActionResult> OnPostValidateAsync(int number, CancellationToken ct)
    {
        if (!await Load(number, ct, keepInput: true))
        {
            return NotFound();
        }

        if (!CanWrite)
        {
            return Forbid();
        }

        Check();
        return Page();
    }

    public async Task<IActionResult> OnPostBacktestAsync(int number, CancellationToken ct)
    {
        if (!await Load(number, ct, keepInput: true))
        {
            return NotFound();
        }

        if (!CanReview)
        {
            return Forbid();
        }

        if (Editable && !await Save(number, ct))
        {
            return Page();
        }

        var report = await backtests.Handle(number, new BacktestRequest(100), ct);
        if (report.IsOk)
        {
            Backtest = report.Value;
        }
        else
        {
            (Message, Failed) = (report.Error!.Message, true);
        }

        return Page();
    }

    public async Task<IActionResult> OnPostPublishAsync(int number, CancellationToken ct)
    {
        if (!await Load(number, ct, keepInput: true))
        {
            return NotFound();
        }

        if (!Editable)
        {
            return Forbid();
        }

        if (!Confirm)
        {
            (Message, Failed) = ("Tick the confirmation to publish: every automatic decision will use this version from now on.", true);
            return Page();
        }

        if (!await Save(number, ct))
        {
            return Page();
        }

        var published = await publisher.Handle(number, ct);
        if (published.Error is PolicyInvalid invalid)
        {
            (Problems, Checked, Message, Failed) = (invalid.Errors, true, invalid.Message, true);
            return Page();
        }

        if (!published.IsOk)
        {
            (Message, Failed) = (published.Error!.Message, true);
            return Page();
        }

        await Load(number, ct);
        Message = $"Version {number} is published; decisions use it from now on.";
        return Page();
    }

    private void Check()
    {
        var errors = PolicyDtos.Check(Definition ?? string.Empty);
        Problems = PolicyDtos.Problems(errors);
        Checked = true;
    }

    private async Task<bool> Save(int number, CancellationToken ct)
    {
        var saved = await drafts.UpdateJson(number, Name, Definition ?? string.Empty, ct);
        if (!saved.IsOk)
        {
            (Message, Failed) = (saved.Error!.Message, true);
            return false;
        }

        Version = saved.Value;
        Check();
        Message = Problems.Count == 0 ? "Saved. The draft is valid." : $"Saved as a draft with {Problems.Count} problem(s) to fix before publishing.";
        return true;
    }

    private async Task<bool> Load(int number, CancellationToken ct, bool keepInput = false)
    {
        var found = await list.One(number, ct);
        if (!found.IsOk)
        {
            return false;
        }

        Version = found.Value;
        CanWrite = (await authorization.AuthorizeAsync(User, CreditPolicyFeature.WritePolicy)).Succeeded;
        CanReview = (await authorization.AuthorizeAsync(User, CreditPolicyFeature.ReviewPolicy)).Succeeded;
        if (!keepInput || !Editable)
        {
            Name = Version!.Name;
            Definition = Pretty(Version.Definition);
        }

        return true;
    }

    private static string Pretty(JsonElement definition) => JsonSerializer.Serialize(definition, new JsonSerializerOptions { WriteIndented = true });
}
