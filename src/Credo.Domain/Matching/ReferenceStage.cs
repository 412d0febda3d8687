namespace Credo.Domain.Matching;

/// <summary>Stage 1: the invoices a line's references name, each with its best evidence.</summary>
internal static class ReferenceStage
{
    public static Dictionary<long, Evidence> Find(BankLineFacts line, MatchBook book)
    {
        var found = new Dictionary<long, Evidence>();
        var texts = new List<(string Where, string Text)> { ("remittance", line.Remittance) };
        texts.AddRange(line.StructuredReferences.Select(r => ("structured reference", r)));
        if (line.EndToEndId is { } endToEnd)
        {
            texts.Add(("end-to-end id", endToEnd));
        }

        foreach (var (where, text) in texts)
        {
            // Portal (issue 16): a payment request's reference is RequestStage's; its body is no invoice number.
            foreach (var reference in References.CreditorReferences(text).Where(r => !book.Requests.ContainsKey(r)))
            {
                foreach (var invoice in Lookup(book, References.CreditorReferenceBody(reference)))
                {
                    Add(found, invoice, line, new Evidence("reference", $"creditor reference {reference} (valid check digits) in the {where} names {invoice.Number}", 60));
                }
            }

            var blanked = RequestStage.Blank(text, book); // portal (issue 16): a request's RF is not an invoice number
            FindNumbers(found, line, book, where, blanked);
            foreach (var (raw, key) in References.PrefixedNumbers(blanked))
            {
                if (book.ByShortKey.TryGetValue(key, out var byShort))
                {
                    book.Live(byShort).ToList().ForEach(i => Add(found, i, line, new Evidence("reference", $"invoice number {i.Number} in the {where} ('{raw}', separators and leading zeros aside)", 55)));
                }
            }
        }

        return found;
    }

    private static void FindNumbers(Dictionary<long, Evidence> found, BankLineFacts line, MatchBook book, string where, string text)
    {
        // A number read in full ("INV-1978346A") is not read again by its digits (1978346 would also name INV-1978346A-B).
        var explained = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (raw, full, digits) in References.Tokens(text).DistinctBy(t => t.Full))
        {
            if (book.ByFullKey.TryGetValue(full, out var exact))
            {
                book.Live(exact).ToList().ForEach(i => Add(found, i, line, new Evidence("reference", $"invoice number {i.Number} in the {where} ('{raw}')", 55)));
                explained.Add(digits);
                continue;
            }

            if (explained.Contains(digits))
            {
                continue;
            }

            if (References.GroupsKey(raw) is { } groups && book.ByGroupsKey.TryGetValue(groups, out var byGroups))
            {
                book.Live(byGroups).ToList().ForEach(i => Add(found, i, line, new Evidence("reference", $"the number of {i.Number} in the {where} ('{raw}', leading zeros aside)", 50)));
                continue;
            }

            if (digits.Length < References.MinDigits)
            {
                continue;
            }

            if (book.ByDigitsKey.TryGetValue(digits, out var byDigits))
            {
                // Written to the invoice's full width ("0004552" for INV-0004552) says as much as five digits.
                var written = References.WrittenDigits(raw);
                book.Live(byDigits).ToList().ForEach(i => Add(found, i, line, new Evidence("reference", $"the number of {i.Number} in the {where} ('{raw}', prefix or leading zeros aside)",
                    digits.Length >= 5 || (written.Length >= 5 && written == References.WrittenDigits(i.Number)) ? 50 : 35)));
            }
            else if (digits.Length >= 5)
            {
                Truncated(found, line, book, where, raw, digits);
            }
        }
    }

    /// <summary>A number cut short (or with a digit too many at the front) by the payer's bank: only when one invoice fits.</summary>
    private static void Truncated(Dictionary<long, Evidence> found, BankLineFacts line, MatchBook book, string where, string raw, string digits)
    {
        var fits = book.DigitKeysExtending(digits, 2, atEnd: true).Concat(book.DigitKeysExtending(digits, 2, atEnd: false)).Distinct(StringComparer.Ordinal)
            .SelectMany(k => book.Live(book.ByDigitsKey[k])).Where(i => i.Open.Currency == line.Amount.Currency).Take(2).ToList();
        if (fits.Count == 1)
        {
            Add(found, fits[0], line, new Evidence("reference", $"'{raw}' in the {where} looks like {fits[0].Number} cut short", 25));
        }
    }

    private static IEnumerable<OpenInvoice> Lookup(MatchBook book, string body)
    {
        if (book.ByFullKey.TryGetValue(References.FullKey(body), out var exact))
        {
            return book.Live(exact);
        }

        var digits = References.DigitsKey(body);
        return digits.Length >= References.MinDigits && book.ByDigitsKey.TryGetValue(digits, out var byDigits) ? book.Live(byDigits) : [];
    }

    /// <summary>Keeps the strongest evidence per invoice; an invoice in another currency is never a candidate.</summary>
    private static void Add(Dictionary<long, Evidence> found, OpenInvoice invoice, BankLineFacts line, Evidence evidence)
    {
        if (invoice.Open.Currency != line.Amount.Currency)
        {
            return;
        }

        if (!found.TryGetValue(invoice.Id, out var before) || before.Points < evidence.Points)
        {
            found[invoice.Id] = evidence;
        }
    }
}
