namespace Credo.Domain.Matching;

/// <summary>
/// The open items and payers a statement is matched against, indexed once: invoices by full key, digits key and
/// customer; payers by account, number and name words (the blocking that keeps fuzzy names fast).
/// </summary>
public sealed class MatchBook
{
    public MatchBook(IEnumerable<OpenInvoice> invoices, IEnumerable<PayerProfile> payers)
    {
        ArgumentNullException.ThrowIfNull(invoices);
        ArgumentNullException.ThrowIfNull(payers);
        Invoices = invoices.Where(i => i.Open.IsPositive).ToDictionary(i => i.Id);
        ByFullKey = Invoices.Values.GroupBy(i => References.FullKey(i.Number), StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.ToList(), StringComparer.Ordinal);
        ByDigitsKey = Invoices.Values.Where(i => References.DigitsKey(i.Number).Length >= References.MinDigits)
            .GroupBy(i => References.DigitsKey(i.Number), StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.ToList(), StringComparer.Ordinal);
        ByCustomer = Invoices.Values.GroupBy(i => i.CustomerId).ToDictionary(g => g.Key, g => g.ToList());
        Payers = payers.ToDictionary(p => p.CustomerId);
        ByAccount = Payers.Values.SelectMany(p => p.Accounts.Select(a => (Account: Account(a), p.CustomerId))).Where(x => x.Account.Length > 0)
            .GroupBy(x => x.Account, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Select(x => x.CustomerId).Distinct().ToList(), StringComparer.Ordinal);
        ByNumber = Payers.Values.GroupBy(p => References.FullKey(p.Number), StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Select(p => p.CustomerId).ToList(), StringComparer.Ordinal);
        ByNameWord = Payers.Values.SelectMany(p => p.Names.SelectMany(n => PayerNames.Normalise(n).Split(' ', StringSplitOptions.RemoveEmptyEntries)).Where(w => w.Length >= 3).Distinct().Select(w => (Word: w, p.CustomerId)))
            .GroupBy(x => x.Word, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Select(x => x.CustomerId).ToList(), StringComparer.Ordinal);
    }

    public IReadOnlyDictionary<long, OpenInvoice> Invoices { get; }

    public IReadOnlyDictionary<string, List<OpenInvoice>> ByFullKey { get; }

    public IReadOnlyDictionary<string, List<OpenInvoice>> ByDigitsKey { get; }

    public IReadOnlyDictionary<long, List<OpenInvoice>> ByCustomer { get; }

    public IReadOnlyDictionary<long, PayerProfile> Payers { get; }

    public IReadOnlyDictionary<string, List<long>> ByAccount { get; }

    public IReadOnlyDictionary<string, List<long>> ByNumber { get; }

    public IReadOnlyDictionary<string, List<long>> ByNameWord { get; }

    public static string Account(string account) => string.Concat(account.Where(char.IsAsciiLetterOrDigit)).ToUpperInvariant();

    public string NumberOf(long customerId) => Payers.TryGetValue(customerId, out var payer) ? payer.Number : customerId.ToString(System.Globalization.CultureInfo.InvariantCulture);
}
