using Credo.Domain.Common;

namespace Credo.Domain.Collections;

using Money = Credo.Domain.Amounts.Money;

/// <summary>Why a customer does not pay (part of) an invoice; the same names as stored.</summary>
public enum CaseReason
{
    Price,
    QuantityShort,
    Damaged,
    NotReceived,
    DuplicateBilling,
    Other,
}

/// <summary>How a case began: a customer disputed an invoice, or a short payment left part of an invoice it named open.</summary>
public enum CaseKind
{
    Dispute,
    Deduction,
}

/// <summary>Where a dispute or deduction case is; the three resolved states are final.</summary>
public enum CaseStatus
{
    Open,
    Investigating,
    AwaitingCustomer,
    ResolvedByCreditNote,
    ResolvedAsValid,
    WrittenOff,
}

/// <summary>What can happen to a case.</summary>
public enum CaseEvent
{
    /// <summary>Someone starts looking into it (proof of delivery, the price list).</summary>
    Investigate,

    /// <summary>We wait for the customer (a photo, a delivery note).</summary>
    AskCustomer,

    /// <summary>The customer answered: back to investigating.</summary>
    CustomerAnswered,

    /// <summary>The customer is right: a credit note for the disputed part is posted through the ledger.</summary>
    ResolveByCreditNote,

    /// <summary>The invoice stands: the disputed part is owed again and dunning resumes.</summary>
    ResolveAsValid,

    /// <summary>Not worth chasing: the disputed part is written off through the ledger.</summary>
    WriteOff,
}

/// <summary>Days allowed to resolve a case, per reason: the service level. <see cref="Default"/> is used for a reason not listed.</summary>
public sealed record CaseServiceLevel(int Default, IReadOnlyDictionary<CaseReason, int> ByReason)
{
    public static CaseServiceLevel Standard { get; } = new(14, new Dictionary<CaseReason, int>
    {
        [CaseReason.DuplicateBilling] = 5,
        [CaseReason.Price] = 10,
        [CaseReason.NotReceived] = 10,
    });

    public DateOnly DueOn(CaseReason reason, DateOnly openedOn) => openedOn.AddDays(ByReason.TryGetValue(reason, out var days) ? days : Default);
}

/// <summary>
/// The dispute and deduction case lifecycle as a pure table, with the checks on the disputed part. Resolving posts
/// money through the ledger (credit note or write-off); that is the caller's business, this table only says whether
/// the move is allowed and what it needs.
/// </summary>
public static class DisputeCaseFlow
{
    public static IReadOnlyList<CaseStatus> States { get; } = Enum.GetValues<CaseStatus>();

    public static IReadOnlyList<CaseEvent> Events { get; } = Enum.GetValues<CaseEvent>();

    public static IReadOnlyList<CaseReason> Reasons { get; } = Enum.GetValues<CaseReason>();

    /// <summary>The state <paramref name="happened"/> leads to from <paramref name="from"/>, or a refusal in words.</summary>
    public static Result<CaseStatus> Next(CaseStatus from, CaseEvent happened) =>
        Target(from, happened) is { } to
            ? to
            : new Refusal("case-transition-not-allowed", $"A case that is {Describe(from)} cannot be {Describe(happened)}.", "event");

    private static CaseStatus? Target(CaseStatus from, CaseEvent happened) => from switch
    {
        CaseStatus.Open or CaseStatus.Investigating => happened switch
        {
            CaseEvent.Investigate => from == CaseStatus.Open ? CaseStatus.Investigating : null,
            CaseEvent.AskCustomer => CaseStatus.AwaitingCustomer,
            CaseEvent.CustomerAnswered => null,
            CaseEvent.ResolveByCreditNote => CaseStatus.ResolvedByCreditNote,
            CaseEvent.ResolveAsValid => CaseStatus.ResolvedAsValid,
            CaseEvent.WriteOff => CaseStatus.WrittenOff,
        },
        CaseStatus.AwaitingCustomer => happened switch
        {
            CaseEvent.CustomerAnswered => CaseStatus.Investigating,
            CaseEvent.Investigate or CaseEvent.AskCustomer => null,
            CaseEvent.ResolveByCreditNote => CaseStatus.ResolvedByCreditNote,
            CaseEvent.ResolveAsValid => CaseStatus.ResolvedAsValid,
            CaseEvent.WriteOff => CaseStatus.WrittenOff,
        },
        CaseStatus.ResolvedByCreditNote or CaseStatus.ResolvedAsValid or CaseStatus.WrittenOff => null,
    };

    /// <summary>An open case keeps its disputed part out of dunning (and, when configured, out of the overdue block rules count).</summary>
    public static bool IsOpen(CaseStatus status) => status switch
    {
        CaseStatus.Open or CaseStatus.Investigating or CaseStatus.AwaitingCustomer => true,
        CaseStatus.ResolvedByCreditNote or CaseStatus.ResolvedAsValid or CaseStatus.WrittenOff => false,
    };

    /// <summary>What the ledger must post for a resolving event: a credit note, a write-off, or nothing.</summary>
    public static CasePosting PostingFor(CaseEvent happened) => happened switch
    {
        CaseEvent.ResolveByCreditNote => CasePosting.CreditNote,
        CaseEvent.WriteOff => CasePosting.WriteOff,
        CaseEvent.Investigate or CaseEvent.AskCustomer or CaseEvent.CustomerAnswered or CaseEvent.ResolveAsValid => CasePosting.None,
    };

    /// <summary>
    /// The disputed part of an invoice: the amount asked for, or the whole open amount when none is given; more than
    /// zero and at most what is open.
    /// </summary>
    public static Result<Money> DisputedPart(Money open, Money? asked)
    {
        if (open.Minor <= 0)
        {
            return new Refusal("invoice-not-open", "Nothing is open on this invoice, so there is nothing to dispute.", "invoice");
        }

        if (asked is not { } part)
        {
            return open;
        }

        if (part.Currency != open.Currency)
        {
            return new ValidationFailed("amount", $"The disputed amount is in the invoice's currency, {open.Currency.Code}.");
        }

        return part.Minor <= 0 || part.Minor > open.Minor
            ? new ValidationFailed("amount", $"The disputed amount is more than zero and at most the open {open.ToDisplayString()}.")
            : part;
    }

    /// <summary>
    /// The amount a resolution posts: the disputed part, or less when the parties agree on less (a partial credit); never
    /// more than the disputed part or what is still open on the invoice.
    /// </summary>
    public static Result<Money> ResolutionAmount(Money disputed, Money openNow, Money? agreed)
    {
        var cap = Math.Min(disputed.Minor, openNow.Minor);
        if (cap <= 0)
        {
            return new Refusal("invoice-not-open", "Nothing is open on the invoice any more; resolve the case as valid instead.", "event");
        }

        var amount = agreed ?? new Money(cap, disputed.Currency);
        if (amount.Currency != disputed.Currency)
        {
            return new ValidationFailed("amount", $"The amount is in the invoice's currency, {disputed.Currency.Code}.");
        }

        return amount.Minor <= 0 || amount.Minor > cap
            ? new ValidationFailed("amount", $"The amount is more than zero and at most {new Money(cap, disputed.Currency).ToDisplayString()}.")
            : amount;
    }

    /// <summary>
    /// Whether a payment that named an invoice and left <paramref name="leftOpen"/> on it is a deduction: more than the
    /// tolerance short.
    /// </summary>
    public static bool IsDeduction(Money leftOpen, long toleranceMinor) => leftOpen.Minor > toleranceMinor;

    /// <summary>Days past the service level (0 when within it or resolved).</summary>
    public static int DaysPastServiceLevel(CaseStatus status, DateOnly dueOn, DateOnly asOf) =>
        IsOpen(status) ? Math.Max(0, asOf.DayNumber - dueOn.DayNumber) : 0;

    public static string Describe(CaseStatus status) => status switch
    {
        CaseStatus.Open => "open",
        CaseStatus.Investigating => "being investigated",
        CaseStatus.AwaitingCustomer => "waiting for the customer",
        CaseStatus.ResolvedByCreditNote => "resolved by a credit note",
        CaseStatus.ResolvedAsValid => "resolved: the invoice stands",
        CaseStatus.WrittenOff => "written off",
    };

    public static string Describe(CaseEvent happened) => happened switch
    {
        CaseEvent.Investigate => "investigated",
        CaseEvent.AskCustomer => "put to the customer",
        CaseEvent.CustomerAnswered => "answered by the customer",
        CaseEvent.ResolveByCreditNote => "resolved by a credit note",
        CaseEvent.ResolveAsValid => "resolved as valid",
        CaseEvent.WriteOff => "written off",
    };

    public static string Describe(CaseReason reason) => reason switch
    {
        CaseReason.Price => "Price",
        CaseReason.QuantityShort => "Quantity short",
        CaseReason.Damaged => "Damaged goods",
        CaseReason.NotReceived => "Not received",
        CaseReason.DuplicateBilling => "Duplicate billing",
        CaseReason.Other => "Other",
    };

    public static string Describe(CaseKind kind) => kind switch
    {
        CaseKind.Dispute => "Dispute",
        CaseKind.Deduction => "Deduction",
    };

    /// <summary>The slug used in the API and forms (price, quantity-short, …).</summary>
    public static string Slug(CaseReason reason) => reason switch
    {
        CaseReason.Price => "price",
        CaseReason.QuantityShort => "quantity-short",
        CaseReason.Damaged => "damaged",
        CaseReason.NotReceived => "not-received",
        CaseReason.DuplicateBilling => "duplicate-billing",
        CaseReason.Other => "other",
    };

    public static string Slug(CaseStatus status) => status switch
    {
        CaseStatus.Open => "open",
        CaseStatus.Investigating => "investigating",
        CaseStatus.AwaitingCustomer => "awaiting-customer",
        CaseStatus.ResolvedByCreditNote => "resolved-by-credit-note",
        CaseStatus.ResolvedAsValid => "resolved-as-valid",
        CaseStatus.WrittenOff => "written-off",
    };

    public static string Slug(CaseEvent happened) => happened switch
    {
        CaseEvent.Investigate => "investigate",
        CaseEvent.AskCustomer => "ask-customer",
        CaseEvent.CustomerAnswered => "customer-answered",
        CaseEvent.ResolveByCreditNote => "resolve-by-credit-note",
        CaseEvent.ResolveAsValid => "resolve-as-valid",
        CaseEvent.WriteOff => "write-off",
    };

    public static CaseReason? ParseReason(string? slug) => Reasons.Select(r => (CaseReason?)r).FirstOrDefault(r => Slug(r!.Value) == slug?.Trim().ToLowerInvariant());

    public static CaseEvent? ParseEvent(string? slug) => Events.Select(e => (CaseEvent?)e).FirstOrDefault(e => Slug(e!.Value) == slug?.Trim().ToLowerInvariant());
}

/// <summary>What a resolution posts through the ledger.</summary>
public enum CasePosting
{
    None,
    CreditNote,
    WriteOff,
}

/// <summary>An uploaded file as the check sees it: its name, the type the browser claimed, its size and its first bytes.</summary>
public sealed record UploadFacts(string FileName, string? ContentType, long SizeBytes, ReadOnlyMemory<byte> Head);

/// <summary>
/// The check on attachments: at most <see cref="MaxBytes"/>, and one of PDF, PNG, JPEG or plain text, recognised by its
/// first bytes (the name's extension and the claimed type are not trusted alone). Returns the type to store.
/// </summary>
public static class CaseAttachments
{
    public const long MaxBytes = 5 * 1024 * 1024;

    public static IReadOnlyList<string> Allowed { get; } = ["PDF", "PNG", "JPEG", "plain text"];

    public static Result<string> Check(UploadFacts file)
    {
        if (string.IsNullOrWhiteSpace(file.FileName) || file.FileName.Length > 200 || file.FileName.Any(char.IsControl))
        {
            return new ValidationFailed("attachment", "The file needs a name of at most 200 characters.");
        }

        if (file.SizeBytes <= 0)
        {
            return new ValidationFailed("attachment", "The file is empty.");
        }

        if (file.SizeBytes > MaxBytes)
        {
            return new ValidationFailed("attachment", "The file is larger than 5 MB.");
        }

        return Sniff(file.Head.Span, Path.GetExtension(file.FileName).ToLowerInvariant()) is { } type
            ? type
            : new ValidationFailed("attachment", $"The file is not one of: {string.Join(", ", Allowed)}.");
    }

    private static string? Sniff(ReadOnlySpan<byte> head, string extension)
    {
        if (head.StartsWith("%PDF-"u8))
        {
            return "application/pdf";
        }

        if (head.StartsWith(new byte[] { 0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A }))
        {
            return "image/png";
        }

        if (head.StartsWith(new byte[] { 0xFF, 0xD8, 0xFF }))
        {
            return "image/jpeg";
        }

        return extension == ".txt" && IsText(head) ? "text/plain" : null;
    }

    private static bool IsText(ReadOnlySpan<byte> head)
    {
        foreach (var b in head)
        {
            if (b < 0x09 || (b > 0x0D && b < 0x20 && b != 0x1B))
            {
                return false;
            }
        }

        return true;
    }
}
