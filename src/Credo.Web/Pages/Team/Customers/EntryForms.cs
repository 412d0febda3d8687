using Credo.Domain.Common;
using Credo.Domain.Ledger;

namespace Credo.Web.Pages.Team.Customers;

/// <summary>What a person typed into an invoice form; amounts and dates stay text until the page parses them.</summary>
internal sealed class InvoiceForm
{
    public string? Number { get; set; }

    public string? IssueDate { get; set; }

    public string? DueDate { get; set; }

    public string? Amount { get; set; }

    public string? Currency { get; set; }

    public string? PoNumber { get; set; }
}

internal sealed class PaymentForm
{
    public const string Oldest = "oldest";
    public const string OnAccount = "on-account";

    public string? Reference { get; set; }

    public string? ReceivedOn { get; set; }

    public string? Amount { get; set; }

    public string? Currency { get; set; }

    public string? Method { get; set; } = PaymentMethod.BankTransfer.Slug();

    /// <summary><see cref="Oldest"/>, <see cref="OnAccount"/>, or an invoice number.</summary>
    public string? AllocateTo { get; set; } = Oldest;
}

internal sealed class CreditNoteForm
{
    public string? Number { get; set; }

    public string? IssueDate { get; set; }

    public string? Amount { get; set; }

    public string? Currency { get; set; }

    public string? Reason { get; set; }

    /// <summary><see cref="PaymentForm.OnAccount"/>, <see cref="PaymentForm.Oldest"/>, or an invoice number.</summary>
    public string? ApplyTo { get; set; } = PaymentForm.OnAccount;
}

/// <summary>Errors of one form: by input name (shown next to the input) and a general one (shown above the form).</summary>
internal sealed class FormErrors
{
    private readonly Dictionary<string, string> _byField = new(StringComparer.OrdinalIgnoreCase);

    public string? General { get; private set; }

    public bool Any => General is not null || _byField.Count > 0;

    public string? For(string input) => _byField.GetValueOrDefault(input);

    public void Add(string input, string message) => _byField.TryAdd(input, message);

    /// <summary>
    /// Places a use-case error next to the input it names. <paramref name="inputs"/> maps the request's field
    /// names (lower case, without an index or sub-field) to the form's inputs; anything else goes on top.
    /// </summary>
    public void Add(DomainError error, IReadOnlyDictionary<string, string> inputs)
    {
        var field = error.Field?.Split('[', '.')[0].ToLowerInvariant();
        if (field is not null && inputs.TryGetValue(field, out var input))
        {
            Add(input, error.Message);
        }
        else
        {
            General ??= error.Message;
        }
    }
}
