namespace Credo.Domain.Ledger;

/// <summary>
/// Why a ledger entry exists. Signs: a positive amount increases what the customer owes.
/// Invoice +, CreditNote −, Payment −, WriteOff −, Adjustment ±, Reversal = −(the original).
/// </summary>
public enum EntryKind
{
    Invoice,
    CreditNote,
    Payment,
    Adjustment,
    WriteOff,
    Reversal,
}

/// <summary>The derived state of an open item (an invoice, or a credit such as a payment or credit note).</summary>
public enum ItemState
{
    /// <summary>Nothing settled yet.</summary>
    Open,

    /// <summary>Part settled.</summary>
    PartiallyPaid,

    /// <summary>Fully settled by payments and credits.</summary>
    Paid,

    /// <summary>Closed by a write-off (in whole or for the remainder).</summary>
    WrittenOff,

    /// <summary>Cancelled by a reversing entry.</summary>
    Reversed,
}

public static class EntryKinds
{
    /// <summary>Entries that are items of their own (can be open), as opposed to ones applied to an item.</summary>
    public static bool IsDebitItem(this EntryKind kind) => kind switch
    {
        EntryKind.Invoice => true,
        EntryKind.Adjustment => true,
        EntryKind.CreditNote => false,
        EntryKind.Payment => false,
        EntryKind.WriteOff => false,
        EntryKind.Reversal => false,
    };

    /// <summary>Entries whose open amount can be allocated to invoices.</summary>
    public static bool IsCreditItem(this EntryKind kind) => kind switch
    {
        EntryKind.CreditNote => true,
        EntryKind.Payment => true,
        EntryKind.Adjustment => true,
        EntryKind.Invoice => false,
        EntryKind.WriteOff => false,
        EntryKind.Reversal => false,
    };

    public static string Slug(this EntryKind kind) => kind switch
    {
        EntryKind.Invoice => "invoice",
        EntryKind.CreditNote => "credit-note",
        EntryKind.Payment => "payment",
        EntryKind.Adjustment => "adjustment",
        EntryKind.WriteOff => "write-off",
        EntryKind.Reversal => "reversal",
    };
}
