using Credo.Domain.Common;
using Credo.Domain.Amounts;

namespace Credo.Domain.Ledger.Settlement;

/// <summary>
/// The one place that decides how a credit (payment, credit note; later a bank line, a dunning fee's settlement, a
/// portal payment) settles debit items. Pure: the caller loads the debits it may touch, asks
/// <see cref="Plan"/>, and writes the plan with its own writer (the ledger's EF unit of work, or the import's bulk
/// writer). Every refusal is a <see cref="DomainError"/> with a stable code and the input it names:
/// <list type="bullet">
/// <item><c>validation</c>: no such invoice; an allocation amount not above zero.</item>
/// <item><c>wrong-customer</c>, <c>currency-mismatch</c>, <c>invoice-reversed</c>: a named invoice it may not settle.</item>
/// <item><c>over-allocation</c>: more than an invoice has open, or than the credit has available.</item>
/// <item><c>invoice-not-open</c>: a named invoice with nothing open, when <see cref="WhenNothingOpen.Refuse"/>.</item>
/// </list>
/// A plan never applies more than the credit has, never more than a debit has open, never across currencies or
/// customers, and conserves money: the credit's open amount moves by exactly what the debits' open amounts move.
/// </summary>
public static class SettlementPlanner
{
    public static Result<SettlementPlan> Plan(CreditItem credit, SettlementRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentOutOfRangeException.ThrowIfNegative(credit.AvailableMinor);
        ArgumentOutOfRangeException.ThrowIfLessThan(credit.OriginalMinor, credit.AvailableMinor);
        var decided = request.Mode switch
        {
            SettlementMode.Lines => FromLines(credit, request),
            SettlementMode.NamedInvoice => FromNamedInvoice(credit, request),
            SettlementMode.OldestFirst => FromOldestFirst(credit, request.OpenDebits),
            SettlementMode.OnAccount => Result<IReadOnlyList<(Application, SettlementDebit)>>.Ok([]),
        };
        return decided.IsOk ? Outcome(credit, decided.Value!) : decided.Error!;
    }

    /// <summary>
    /// Whether a credit of <paramref name="customerId"/> in <paramref name="currency"/> may settle (or an adjustment be
    /// applied to) <paramref name="invoice"/>: the same customer and currency, not reversed.
    /// </summary>
    public static DomainError? CheckTarget(string number, SettlementDebit? invoice, long customerId, Currency currency, string field)
    {
        if (invoice is not { } found)
        {
            return new ValidationFailed(field, $"No invoice '{number}'.");
        }

        if (found.CustomerId != customerId)
        {
            return new Refusal("wrong-customer", $"Invoice '{number}' belongs to another customer.", field);
        }

        if (found.Currency != currency)
        {
            return new Refusal("currency-mismatch", $"Invoice '{number}' is in {found.Currency.Code}, not {currency.Code}.", field);
        }

        return found.State == ItemState.Reversed
            ? new Refusal("invoice-reversed", $"Invoice '{number}' has been reversed.", field)
            : null;
    }

    /// <summary>
    /// The state of a debit item whose open amount goes from <see cref="SettlementDebit.OpenMinor"/> to
    /// <paramref name="openAfterMinor"/> by allocations, by the ledger's derivation (<see cref="OpenItems.State"/>).
    /// </summary>
    public static ItemState StateAfter(SettlementDebit debit, long openAfterMinor) =>
        OpenItems.State(new ItemHistory(debit.OriginalMinor, debit.OpenMinor - debit.OriginalMinor, debit.OpenMinor - openAfterMinor, debit.WrittenOffMinor, debit.State == ItemState.Reversed));

    private static Result<IReadOnlyList<(Application, SettlementDebit)>> FromLines(CreditItem credit, SettlementRequest request)
    {
        var requested = new List<RequestedApplication>(request.RequestedLines.Count);
        var debits = new Dictionary<long, SettlementDebit>();
        foreach (var line in request.RequestedLines)
        {
            if (CheckTarget(line.Number, line.Invoice, credit.CustomerId, credit.Currency, line.InvoiceField) is { } refused)
            {
                return refused;
            }

            var invoice = line.Invoice!.Value;
            requested.Add(new RequestedApplication(invoice.Id, line.AmountMinor, line.AmountField));
            debits[invoice.Id] = invoice;
        }

        var checkedLines = Corrections.Explicit(credit.AvailableMinor, requested, debits.ToDictionary(d => d.Key, d => d.Value.OpenMinor), request.TotalField);
        return checkedLines.IsOk
            ? Result<IReadOnlyList<(Application, SettlementDebit)>>.Ok([.. checkedLines.Value!.Select(a => (a, debits[a.ItemId]))])
            : checkedLines.Error!;
    }

    private static Result<IReadOnlyList<(Application, SettlementDebit)>> FromNamedInvoice(CreditItem credit, SettlementRequest request)
    {
        var number = request.InvoiceNumber ?? string.Empty;
        if (CheckTarget(number, request.Invoice, credit.CustomerId, credit.Currency, request.InvoiceField) is { } refused)
        {
            return refused;
        }

        var invoice = request.Invoice!.Value;
        if (invoice.OpenMinor <= 0)
        {
            return request.WhenNothingOpen switch
            {
                WhenNothingOpen.Refuse => new Refusal("invoice-not-open", $"Invoice '{number}' has nothing open.", request.InvoiceField),
                WhenNothingOpen.OnAccount => Result<IReadOnlyList<(Application, SettlementDebit)>>.Ok([]),
            };
        }

        var amount = Math.Min(credit.AvailableMinor, invoice.OpenMinor);
        return amount == 0
            ? Result<IReadOnlyList<(Application, SettlementDebit)>>.Ok([])
            : Result<IReadOnlyList<(Application, SettlementDebit)>>.Ok([(new Application(invoice.Id, amount), invoice)]);
    }

    private static Result<IReadOnlyList<(Application, SettlementDebit)>> FromOldestFirst(CreditItem credit, IEnumerable<SettlementDebit> openDebits)
    {
        if (credit.AvailableMinor == 0)
        {
            return Result<IReadOnlyList<(Application, SettlementDebit)>>.Ok([]);
        }

        // No dictionary here: an import asks this once per row over a customer's open items, so it stays a list.
        var eligible = new List<SettlementDebit>();
        foreach (var d in openDebits)
        {
            if (d.CustomerId == credit.CustomerId && d.Currency == credit.Currency && d.State != ItemState.Reversed && d.OpenMinor > 0)
            {
                eligible.Add(d);
            }
        }

        var applications = Allocation.OldestFirst(credit.AvailableMinor, eligible.Select(d => new OpenDebit(d.Id, d.DueOn, d.IssuedOn, d.OpenMinor)));
        if (applications.Select(a => a.ItemId).Distinct().Count() != applications.Count)
        {
            throw new ArgumentException("Each open debit is passed once.", nameof(openDebits));
        }

        return Result<IReadOnlyList<(Application, SettlementDebit)>>.Ok([.. applications.Select(a => (a, eligible.Find(d => d.Id == a.ItemId)))]);
    }

    private static SettlementPlan Outcome(CreditItem credit, IReadOnlyList<(Application Application, SettlementDebit Debit)> decided)
    {
        var applied = 0L;
        var debits = new List<SettledDebit>(decided.Count);
        foreach (var (application, debit) in decided)
        {
            applied = checked(applied + application.AmountMinor);
            var openAfter = debit.OpenMinor - application.AmountMinor;
            debits.Add(new SettledDebit(debit.Id, debit.OpenMinor, openAfter, StateAfter(debit, openAfter)));
        }

        // The credit as stored is negative: its open amount rises towards zero by what is applied.
        var creditHistory = new ItemHistory(-credit.OriginalMinor, credit.OriginalMinor - credit.AvailableMinor, applied, 0, false);
        return new SettlementPlan([.. decided.Select(d => d.Application)], applied, OpenItems.OpenMinor(creditHistory), OpenItems.State(creditHistory), debits);
    }
}
