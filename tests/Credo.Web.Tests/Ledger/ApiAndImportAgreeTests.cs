using System.Globalization;
using System.Text;
using Credo.Domain.Ledger;
using Credo.Web.Data;
using Credo.Web.Tests.Imports;
using Credo.Web.Tests.Support;
using Microsoft.EntityFrameworkCore;

namespace Credo.Web.Tests.Ledger;

/// <summary>
/// The API and the CSV import settle by the same rules: the same random documents (customers, invoices, a reversal,
/// credit notes and payments naming an invoice, oldest-first or on account) posted once through the API and once
/// through imports, each into its own fresh customers, give the same ledger entry by entry: amounts, states, open
/// amounts and allocations, and the same refusals with the same reasons.
/// </summary>
public sealed class ApiAndImportAgreeTests(CredoApp app) : IClassFixture<CredoApp>
{
    public static TheoryData<int> Seeds() => [.. Enumerable.Range(1, 24)];

    [Theory]
    [MemberData(nameof(Seeds))]
    public async Task The_api_and_the_import_give_the_same_ledger(int seed)
    {
        var client = await app.ClientAs("CreditManager");
        var script = Script.Make(new Random(seed));
        var api = new Side(Http.Unique("API"));
        var import = new Side(Http.Unique("IMP"));
        var refusedByApi = await ThroughApi(client, script, api);
        var refusedByImport = await ThroughImports(client, script, import);

        Assert.Equal(refusedByApi, refusedByImport);
        Assert.Equal(await Ledger(api), await Ledger(import));
    }

    [Fact]
    public async Task An_imported_payment_naming_a_reversed_invoice_is_refused_by_line_and_field_as_the_api_refuses_it()
    {
        var client = await app.ClientAs("CreditManager");
        var customer = Http.Unique("C");
        var invoice = Http.Unique("INV");
        await client.CreateCustomer(customer);
        await client.Invoice(customer, invoice, 100m);
        (await client.PostJson($"/api/invoices/{invoice}/reversal", new { reason = "Issued in error" })).EnsureSuccessStatusCode();

        var api = await client.PostJson("/api/payments", new { customerNumber = customer, reference = Http.Unique("PAY"), amount = 40m, currency = "USD", method = "bank-transfer", allocations = new[] { new { invoiceNumber = invoice, amount = 40m } } });
        var problem = await api.AssertProblem(409, "invoice-reversed", "allocations[0].invoiceNumber");

        var reference = Http.Unique("PAY");
        var csv = $"customer,document,date,amount,invoice,method\n{customer},{reference},2026-02-01,40.00,{invoice},bank-transfer\n";
        var response = await client.Upload("payments", csv, NativeMapping("payments", csv, autoAllocate: false));
        var report = await response.Json();
        Assert.Equal("Failed", report.GetProperty("batch").GetProperty("status").GetString());
        var error = Assert.Single(report.GetProperty("errors").EnumerateArray());
        Assert.Equal((2L, "invoice", problem.GetProperty("detail").GetString()), (error.GetProperty("line").GetInt64(), error.GetProperty("field").GetString(), error.GetProperty("reason").GetString()));
        Assert.Equal(0, await app.Db(db => db.Entries.CountAsync(e => e.Document == reference)));
    }

    /// <summary>One document of the script, in the order it is posted. Doc numbers are local ("INV1"); each side prefixes them.</summary>
    private sealed record Doc(EntryKind Kind, string Number, int Customer, string Currency, decimal Amount, DateOnly On, string? Invoice = null, bool Oldest = false);

    private sealed record Script(IReadOnlyList<Doc> Invoices, int ReverseAfter, string? Reversed, IReadOnlyList<Doc> Credits)
    {
        public static Script Make(Random random)
        {
            var day = new DateOnly(2026, 1, 5);
            var invoices = Enumerable.Range(1, random.Next(2, 6))
                .Select(i => new Doc(EntryKind.Invoice, $"INV{i}", random.Next(2), random.Next(6) == 0 ? "EUR" : "USD", random.Next(1_000, 50_000) / 100m, day.AddDays(i)))
                .ToList();
            var reversed = random.Next(4) == 0 ? null : invoices[random.Next(invoices.Count)];
            var credits = new List<Doc>();
            for (var i = 1; i <= random.Next(2, 7); i++)
            {
                var kind = random.Next(3) == 0 ? EntryKind.CreditNote : EntryKind.Payment;
                var mode = random.Next(3);

                // A named credit mostly names one of its customer's invoices in its currency (a third of them the
                // reversed one); sometimes another customer's or another currency's, to be refused.
                var named = mode != 0 ? null : reversed is not null && random.Next(3) == 0 ? reversed : invoices[random.Next(invoices.Count)];
                var customer = named is not null && random.Next(5) != 0 ? named.Customer : random.Next(2);
                var currency = named is not null && random.Next(7) != 0 ? named.Currency : random.Next(8) == 0 ? "EUR" : "USD";
                credits.Add(new Doc(
                    kind,
                    $"{(kind == EntryKind.Payment ? "PAY" : "CN")}{i}",
                    customer,
                    currency,
                    random.Next(500, 40_000) / 100m,
                    day.AddDays(10 + i),
                    named?.Number,
                    mode == 1));
            }

            return new Script(invoices, random.Next(credits.Count + 1), reversed?.Number, credits);
        }
    }

    private sealed record Side(string Prefix)
    {
        public string Customer(int i) => $"{Prefix}-C{i}";

        public string Number(string local) => $"{Prefix}-{local}";

        public string Local(string? number) => number is null ? "-" : number[(Prefix.Length + 1)..];

        /// <summary>A text with this side's numbers in local form, so both sides' refusals read alike.</summary>
        public string? Unprefixed(string? text) => text?.Replace(Prefix + "-", string.Empty, StringComparison.Ordinal);
    }

    private async Task<List<string>> ThroughApi(HttpClient client, Script script, Side side)
    {
        await CreateCustomers(client, side);
        foreach (var d in script.Invoices)
        {
            var response = await client.PostJson("/api/invoices", new { customerNumber = side.Customer(d.Customer), number = side.Number(d.Number), issueDate = d.On, dueDate = d.On.AddDays(30), amount = d.Amount, currency = d.Currency });
            Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
        }

        var refused = new List<string>();
        for (var i = 0; i < script.Credits.Count; i++)
        {
            if (i == script.ReverseAfter)
            {
                await Reverse(client, script, side);
            }

            var d = script.Credits[i];
            var response = await PostThroughApi(client, side, d);
            if (!response.IsSuccessStatusCode)
            {
                var problem = await response.Json();
                refused.Add($"{d.Number}: {side.Unprefixed(problem.GetProperty("detail").GetString())}");
            }
        }

        if (script.ReverseAfter == script.Credits.Count)
        {
            await Reverse(client, script, side);
        }

        return refused;
    }

    /// <summary>
    /// A document naming an invoice is posted as the import reads it: to that invoice up to its open amount. An
    /// invoice with nothing open (and not reversed) leaves the credit on account, as the import's mapping says.
    /// </summary>
    private async Task<HttpResponseMessage> PostThroughApi(HttpClient client, Side side, Doc d)
    {
        var invoice = d.Invoice is null ? null : side.Number(d.Invoice);
        var target = invoice is null ? null : await app.Db(db => db.Entries.AsNoTracking().Where(e => e.Kind == EntryKind.Invoice && e.Document == invoice).Select(e => new { e.OpenMinor, e.State }).SingleAsync());
        var settled = target is { OpenMinor: 0 } && target.State != ItemState.Reversed;
        var named = settled ? null : invoice;
        var oldest = invoice is null && d.Oldest;
        if (d.Kind == EntryKind.CreditNote)
        {
            return await client.PostJson("/api/credit-notes", new { customerNumber = side.Customer(d.Customer), number = side.Number(d.Number), issueDate = d.On, amount = d.Amount, currency = d.Currency, invoiceNumber = named, autoAllocate = oldest });
        }

        object[]? allocations = named is null ? null : [new { invoiceNumber = named, amount = Math.Min(d.Amount, target!.OpenMinor == 0 ? d.Amount : target.OpenMinor / 100m) }];
        return await client.PostJson("/api/payments", new { customerNumber = side.Customer(d.Customer), reference = side.Number(d.Number), receivedOn = d.On, amount = d.Amount, currency = d.Currency, method = "bank-transfer", allocations, autoAllocate = oldest });
    }

    private async Task<List<string>> ThroughImports(HttpClient client, Script script, Side side)
    {
        var customers = new StringBuilder("number,legalName,currency,terms\n");
        foreach (var i in new[] { 0, 1 })
        {
            customers.Append(CultureInfo.InvariantCulture, $"{side.Customer(i)},Buyer {i},USD,NET30\n");
        }

        await Import(client, "customers", customers.ToString(), autoAllocate: false);
        var invoices = new StringBuilder("customer,document,date,amount,currency,dueOn\n");
        foreach (var d in script.Invoices)
        {
            invoices.Append(CultureInfo.InvariantCulture, $"{side.Customer(d.Customer)},{side.Number(d.Number)},{d.On:yyyy-MM-dd},{d.Amount},{d.Currency},{d.On.AddDays(30):yyyy-MM-dd}\n");
        }

        await Import(client, "invoices", invoices.ToString(), autoAllocate: false);
        var refused = new List<string>();
        var credits = script.Credits.ToList();
        var start = 0;
        while (start <= credits.Count)
        {
            if (start == script.ReverseAfter)
            {
                await Reverse(client, script, side);
            }

            if (start == credits.Count)
            {
                break;
            }

            // One file per run of rows of one kind that one mapping can carry (rows without an invoice are all
            // oldest-first or all on account), cut at the reversal, so the order of the script is kept.
            var end = start;
            bool? oldest = null;
            while (end < credits.Count && credits[end].Kind == credits[start].Kind && (end == start || end != script.ReverseAfter)
                && (credits[end].Invoice is not null || oldest is null || oldest == credits[end].Oldest))
            {
                oldest ??= credits[end].Invoice is null ? credits[end].Oldest : null;
                end++;
            }

            refused.AddRange(await ImportCredits(client, side, credits[start..end], oldest ?? false));
            start = end;
        }

        return refused;
    }

    private static async Task<IEnumerable<string>> ImportCredits(HttpClient client, Side side, List<Doc> rows, bool oldest)
    {
        var kind = rows[0].Kind == EntryKind.Payment ? "payments" : "credit-notes";
        var csv = new StringBuilder("customer,document,date,amount,currency,invoice" + (kind == "payments" ? ",method\n" : "\n"));
        foreach (var d in rows)
        {
            csv.Append(CultureInfo.InvariantCulture, $"{side.Customer(d.Customer)},{side.Number(d.Number)},{d.On:yyyy-MM-dd},{d.Amount},{d.Currency},{(d.Invoice is null ? string.Empty : side.Number(d.Invoice))}");
            csv.Append(kind == "payments" ? ",bank-transfer\n" : "\n");
        }

        var report = await Import(client, kind, csv.ToString(), oldest);
        var lines = rows.Select((d, i) => (Line: i + 2L, d.Number)).ToDictionary(x => x.Line, x => x.Number);
        return report.GetProperty("errors").EnumerateArray()
            .Select(e => $"{lines[e.GetProperty("line").GetInt64()]}: {side.Unprefixed(e.GetProperty("reason").GetString())}");
    }

    private static async Task<System.Text.Json.JsonElement> Import(HttpClient client, string kind, string csv, bool autoAllocate)
    {
        var response = await client.Upload(kind, csv, mappingJson: NativeMapping(kind, csv, autoAllocate), partial: true);
        var report = await response.Json();
        Assert.True(response.IsSuccessStatusCode, report.ToString());
        Assert.Equal("Succeeded", report.GetProperty("status").GetString());
        return report;
    }

    /// <summary>Credo's own layout (each header its field), with the script's autoAllocate.</summary>
    private static string NativeMapping(string kind, string csv, bool autoAllocate)
    {
        var headers = csv[..csv.IndexOf('\n', StringComparison.Ordinal)].Split(',');
        var columns = string.Join(",", headers.Select(h => $"\"{h}\":\"{h}\""));
        return $$"""{"kind":"{{kind}}","columns":{{{columns}}},"autoAllocate":{{(autoAllocate ? "true" : "false")}}}""";
    }

    private static async Task CreateCustomers(HttpClient client, Side side)
    {
        await client.CreateCustomer(side.Customer(0));
        await client.CreateCustomer(side.Customer(1));
    }

    private static async Task Reverse(HttpClient client, Script script, Side side)
    {
        if (script.Reversed is { } local)
        {
            var response = await client.PostJson($"/api/invoices/{side.Number(local)}/reversal", new { reason = "Issued in error" });
            Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
        }
    }

    /// <summary>The side's ledger in local numbers: each entry with its cache, then each allocation.</summary>
    private async Task<List<string>> Ledger(Side side)
    {
        var prefix = side.Prefix + "-";
        return await app.Db(async db =>
        {
            var customers = await db.Customers.AsNoTracking().Where(c => c.Number.StartsWith(prefix)).Select(c => c.Id).ToListAsync();
            var entries = await db.Entries.AsNoTracking().Where(e => customers.Contains(e.CustomerId)).ToListAsync();
            var byId = entries.ToDictionary(e => e.Id);
            string Name(long id) => byId[id].Kind == EntryKind.Reversal ? $"reversal of {side.Local(byId[byId[id].AppliesToId!.Value].Document)}" : side.Local(byId[id].Document);
            var allocations = await db.Allocations.AsNoTracking().Where(a => customers.Contains(a.CustomerId)).OrderBy(a => a.Id).ToListAsync();
            var customerOf = await db.Customers.AsNoTracking().Where(c => customers.Contains(c.Id)).ToDictionaryAsync(c => c.Id, c => side.Local(c.Number));
            return entries.Select(e => $"{Name(e.Id)} {e.Kind} {customerOf[e.CustomerId]} {e.PostedOn:yyyy-MM-dd} {e.DueOn:yyyy-MM-dd} {e.AmountMinor} {e.Currency} open {e.OpenMinor} {e.State}")
                .Order(StringComparer.Ordinal)
                .Concat(allocations.Select(a => $"allocation {Name(a.CreditId)} -> {Name(a.DebitId)} {a.AmountMinor} {a.Currency} on {a.AppliedOn:yyyy-MM-dd}{(a.ReversesId is null ? string.Empty : " undoing")}").Order(StringComparer.Ordinal))
                .ToList();
        });
    }
}
