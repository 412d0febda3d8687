using Credo.Domain.Common;
using Credo.Web.Features.CashApplication;
using Credo.Web.Infrastructure;
using Credo.Web.Pages.Shared;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Credo.Web.Pages.Team.CashApplication;

/// <summary>
/// One statement's lines, split into suggested, unmatched and applied, each with the answer and its evidence; confirm
/// or reject a suggestion in one click, undo an applied line. Calls the same use cases as the API.
/// </summary>
internal sealed class StatementModel(ReadCashApplication read, ConfirmSuggestion confirm, RejectSuggestion reject, UndoBankLine undo, MatchLineManually manual, IAuthorizationService authorization) : PageModel
{
    public StatementDto? Statement { get; private set; }

    public IReadOnlyList<BankLineDto> Lines { get; private set; } = [];

    public bool CanWork { get; private set; }

    /// <summary>Undoing reverses a payment: a correction (ADR 0004), for Admins and CreditManagers, not Collectors.</summary>
    public bool CanUndo { get; private set; }

    public string? Message { get; private set; }

    public bool Failed { get; private set; }

    public async Task<IActionResult> OnGetAsync(long id, CancellationToken ct) => await Load(id, ct) ? Page() : NotFound();

    public Task<IActionResult> OnPostConfirmAsync(long id, long line, CancellationToken ct) => Act(id, () => confirm.Handle(line, ct), "Confirmed: the payment is posted.", ct);

    public Task<IActionResult> OnPostRejectAsync(long id, long line, CancellationToken ct) => Act(id, () => reject.Handle(line, null, ct), "Rejected: the line is unmatched and will not be suggested that way again.", ct);

    public Task<IActionResult> OnPostUndoAsync(long id, long line, CancellationToken ct) =>
        Act(id, () => undo.Handle(line, "Undone on the statement page", ct), "Undone: the payment is reversed and the invoices are open again.", ct, AccessPolicies.Corrections);

    /// <summary>
    /// A person's own split of a line over a customer's invoices (the API's manual match): each invoice number with the
    /// amount it gets; what the rows do not use goes on account.
    /// </summary>
    public Task<IActionResult> OnPostSplitAsync(long id, long line, string? customer, string?[]? invoice, string?[]? amount, CancellationToken ct)
    {
        var rows = (invoice ?? []).Select((number, i) => (Number: number?.Trim(), Amount: amount is not null && i < amount.Length ? amount[i]?.Trim() : null))
            .Where(r => !string.IsNullOrEmpty(r.Number) || !string.IsNullOrEmpty(r.Amount))
            .Select(r => new ManualAllocation(r.Number, MoneyText.Parse(r.Amount))).ToList();
        return Act(id, () => manual.Handle(line, new ManualMatchRequest(customer, rows, "Split on the statement page"), ct), "Applied: the line is split over the invoices, the rest is on account.", ct);
    }

    /// <summary>Rows offered in the split form.</summary>
    public const int SplitRows = 3;

    private async Task<IActionResult> Act(long id, Func<Task<Result<long>>> action, string done, CancellationToken ct, string policy = AccessPolicies.Receivables)
    {
        if (!(await authorization.AuthorizeAsync(User, policy)).Succeeded)
        {
            return Forbid();
        }

        var result = await action();
        (Failed, Message) = result.IsOk ? (false, done) : (true, result.Error!.Message);
        return await Load(id, ct) ? Page() : NotFound();
    }

    private async Task<bool> Load(long id, CancellationToken ct)
    {
        CanWork = (await authorization.AuthorizeAsync(User, AccessPolicies.Receivables)).Succeeded;
        CanUndo = (await authorization.AuthorizeAsync(User, AccessPolicies.Corrections)).Succeeded;
        Statement = await read.Statement(id, ct);
        if (Statement is null)
        {
            return false;
        }

        Lines = await read.Lines(id, null, ct);
        return true;
    }

    /// <summary>Who decided, in words.</summary>
    public static string Who(string? action) => action switch
    {
        "matched" => "applied by the engine",
        "suggested" => "suggested by the engine",
        "unmatched" => "no good answer found",
        "confirmed" => "suggestion confirmed by a person",
        "rejected" => "suggestion rejected by a person",
        "undone" => "applied, then undone by a person",
        "manual" => "matched by a person",
        _ => "not decided yet",
    };
}
