namespace Credo.Domain.Matching;

/// <summary>
/// The open items and payers a statement is matched against, indexed once: invoices by full key, digits key and
/// customer; payers by account, number and name words (the blocking that keeps fuzzy names fast).
/// </summary>
public sealed class MatchBook
{
    public MatchBook(IEnumerable<OpenInvoice> invoices, IEnumerable<PayerProfile> payers, IEnumerable<RequestedPayment>? requests = null)
    {
        ArgumentNullException.ThrowIfNull(invoices);
        ArgumentNullException.ThrowIfNull(payers);
        invoicesById = invoices.Where(i => i.Open.IsPositive).ToDictionary(i => i.Id);
        ByFullKey = invoicesById.Values.GroupBy(i => References.FullKey(i.Number), StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.ToList(), StringComparer.Ordinal);
        ByDigitsKey = invoicesById.Values.Where(i => References.DigitsKey(i.Number).Length >= References.MinDigits)
            .GroupBy(i => References.DigitsKey(i.Number), StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.ToList(), StringComparer.Ordinal);
        ByGroupsKey = invoicesById.Values.Select(i => (Key: References.GroupsKey(i.Number), Invoice: i)).Where(x => x.Key is not null)
            .GroupBy(x => x.Key!, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Select(x => x.Invoice).ToList(), StringComparer.Ordinal);
        ByShortKey = invoicesById.Values.Where(i => i.Number.Any(char.IsAsciiLetter))
            .GroupBy(i => References.ShortKey(i.Number), StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.ToList(), StringComparer.Ordinal);
        ByCustomer = invoicesById.Values.GroupBy(i => i.CustomerId).ToDictionary(g => g.Key, g => g.ToList());
        Payers = payers.ToDictionary(p => p.CustomerId);
        accounts = Payers.Values.SelectMany(p => p.Accounts.Select(a => (Account: Account(a), p.CustomerId))).Where(x => x.Account.Length > 0)
            .GroupBy(x => x.Account, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Select(x => x.CustomerId).Distinct().ToList(), StringComparer.Ordinal);
        ByNumber = Payers.Values.GroupBy(p => References.FullKey(p.Number), StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Select(p => p.CustomerId).ToList(), StringComparer.Ordinal);
        ByNameWord = Payers.Values.SelectMany(p => p.Names.SelectMany(n => PayerNames.Normalise(n).Split(' ', StringSplitOptions.RemoveEmptyEntries)).Where(w => w.Length >= 3).Distinct().Select(w => (Word: w, p.CustomerId)))
            .GroupBy(x => x.Word, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Select(x => x.CustomerId).ToList(), StringComparer.Ordinal);
        // ---- portal (issue 16): payment requests by their creditor reference (RequestStage) ----
        Requests = (requests ?? []).GroupBy(r => r.Reference, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);
    }

    /// <summary>Portal payment requests still waiting for money, by creditor reference (electronic form).</summary>
    public IReadOnlyDictionary<string, RequestedPayment> Requests { get; }

    private readonly Dictionary<long, OpenInvoice> invoicesById;
    private string[]? digitKeysSorted;
    private string[]? digitKeysReversed;
    private ILookup<long, OpenInvoice>? byAmount;
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, PayerNames.Prepared> preparedNames = new(StringComparer.Ordinal);

    /// <summary>A customer's name normalised and cut into bigrams, once per book (a payer's name is compared with many).</summary>
    public PayerNames.Prepared PreparedName(string name) => preparedNames.GetOrAdd(name, PayerNames.Prepare);

    /// <summary>The invoices still open, as of the last <see cref="Settle"/>.</summary>
    public IReadOnlyDictionary<long, OpenInvoice> Invoices => invoicesById;

    public IReadOnlyDictionary<string, List<OpenInvoice>> ByFullKey { get; }

    public IReadOnlyDictionary<string, List<OpenInvoice>> ByDigitsKey { get; }

    public IReadOnlyDictionary<string, List<OpenInvoice>> ByGroupsKey { get; }

    /// <summary>Invoices with a letter prefix by <see cref="References.ShortKey"/> (prefix and number, leading zeros aside).</summary>
    public IReadOnlyDictionary<string, List<OpenInvoice>> ByShortKey { get; }

    public IReadOnlyDictionary<long, List<OpenInvoice>> ByCustomer { get; }

    public IReadOnlyDictionary<long, PayerProfile> Payers { get; }

    private readonly Dictionary<string, List<long>> accounts;

    /// <summary>Customers by the accounts they paid from (learned from earlier matches, and from lines applied in this run).</summary>
    public IReadOnlyDictionary<string, List<long>> ByAccount => accounts;

    public IReadOnlyDictionary<string, List<long>> ByNumber { get; }

    public IReadOnlyDictionary<string, List<long>> ByNameWord { get; }

    /// <summary>
    /// Takes applied allocations off the open amounts, so that the next line of the same statement sees what is
    /// really left (an invoice paid in full leaves the book).
    /// </summary>
    public void Settle(IEnumerable<InvoiceAllocation> allocations)
    {
        ArgumentNullException.ThrowIfNull(allocations);
        foreach (var allocation in allocations)
        {
            if (invoicesById.TryGetValue(allocation.InvoiceId, out var invoice))
            {
                var left = invoice.Open.Minor - allocation.Amount.Minor;
                if (left > 0)
                {
                    invoicesById[invoice.Id] = invoice with { Open = invoice.Open with { Minor = left } };
                }
                else
                {
                    invoicesById.Remove(invoice.Id);
                }
            }
        }
    }

    /// <summary>
    /// A line was applied: its invoices are settled (<see cref="Settle"/>) and the account it came from is the
    /// customer's from now on, as the engine stores it for the next statement: a later line of the same run already
    /// knows it.
    /// </summary>
    public void Applied(BankLineFacts line, MatchAnswer answer)
    {
        ArgumentNullException.ThrowIfNull(line);
        ArgumentNullException.ThrowIfNull(answer);
        Settle(answer.Allocations);
        if (line.PayerAccount is { } account && Account(account) is { Length: > 0 } key)
        {
            if (!accounts.TryGetValue(key, out var owners))
            {
                accounts[key] = owners = [];
            }

            if (!owners.Contains(answer.CustomerId))
            {
                owners.Add(answer.CustomerId);
            }
        }
    }

    /// <summary>The current state of indexed invoices (the indexes keep what was open when the book was made).</summary>
    public IEnumerable<OpenInvoice> Live(IEnumerable<OpenInvoice> indexed) =>
        indexed.Select(i => invoicesById.TryGetValue(i.Id, out var current) ? current : null).OfType<OpenInvoice>();

    /// <summary>
    /// Digits keys that begin (or end) with <paramref name="digits"/> and are at most <paramref name="extra"/> digits
    /// longer: a number cut short at the end (or at the front). Binary search in a sorted copy, made on first use.
    /// </summary>
    public IEnumerable<string> DigitKeysExtending(string digits, int extra, bool atEnd)
    {
        ArgumentNullException.ThrowIfNull(digits);
        if (atEnd)
        {
            digitKeysSorted ??= [.. ByDigitsKey.Keys.Order(StringComparer.Ordinal)];
            return Extending(digitKeysSorted, digits, extra);
        }

        digitKeysReversed ??= [.. ByDigitsKey.Keys.Select(Reverse).Order(StringComparer.Ordinal)];
        return Extending(digitKeysReversed, Reverse(digits), extra).Select(Reverse);
    }

    /// <summary>Invoices whose open amount when the book was made, or that amount less its cash discount, is <paramref name="minor"/> (live ones only).</summary>
    public IEnumerable<OpenInvoice> WithAmount(long minor)
    {
        byAmount ??= invoicesById.Values
            .SelectMany(i => i.DiscountBasisPoints > 0 && i.DiscountUntil is { } until ? new[] { (i.Open.Minor, i), (AmountFit.Discounted(i, until).Minor, i) } : [(i.Open.Minor, i)])
            .ToLookup(x => x.Item1, x => x.i);
        return Live(byAmount[minor].DistinctBy(i => i.Id));
    }

    private static IEnumerable<string> Extending(string[] sorted, string prefix, int extra)
    {
        var at = Array.BinarySearch(sorted, prefix, StringComparer.Ordinal);
        for (var i = at < 0 ? ~at : at; i < sorted.Length && sorted[i].StartsWith(prefix, StringComparison.Ordinal); i++)
        {
            if (sorted[i].Length > prefix.Length && sorted[i].Length - prefix.Length <= extra)
            {
                yield return sorted[i];
            }
        }
    }

    private static string Reverse(string text)
    {
        var chars = text.ToCharArray();
        Array.Reverse(chars);
        return new string(chars);
    }

    public static string Account(string account) => string.Concat(account.Where(char.IsAsciiLetterOrDigit)).ToUpperInvariant();

    public string NumberOf(long customerId) => Payers.TryGetValue(customerId, out var payer) ? payer.Number : customerId.ToString(System.Globalization.CultureInfo.InvariantCulture);
}
