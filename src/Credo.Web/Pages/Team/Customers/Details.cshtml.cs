using Credo.Domain.Common;
using Credo.Domain.Customers;
using Credo.Web.Data;
using Credo.Web.Features.Customers;
using Credo.Web.Features.Ledger;
using Credo.Web.Infrastructure;
using Credo.Web.Pages.Shared;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Credo.Web.Pages.Team.Customers;

/// <summary>
/// One customer: master data, corporate group, and the receivables ledger (balances, open items, statement) with
/// forms to post an invoice, a payment or a credit note. Every ledger read and write goes through the ledger use
/// cases; this page only turns form text into their requests and their results into HTML. With htmx a form
/// post returns the ledger panel alone; without JavaScript it is a normal post-redirect-get.
/// </summary>
internal sealed class CustomerDetailsModel(
    CreditDb db,
    Groups groups,
    IAuthorizationService authorization,
    TimeProvider clock,
    GetBalanceSummary balances,
    GetOpenItems openItems,
    GetStatement statements,
    PostInvoice postInvoice,
    RecordPayment recordPayment,
    PostCreditNote postCreditNote) : PageModel
{
    public const int StatementPageSize = 20;

    private static readonly Dictionary<string, string> InvoiceInputs = new()
    {
        ["number"] = "number", ["issuedate"] = "issueDate", ["duedate"] = "dueDate", ["amount"] = "amount", ["lines"] = "amount",
        ["currency"] = "currency", ["ponumber"] = "poNumber", ["terms"] = "dueDate",
    };

    private static readonly Dictionary<string, string> PaymentInputs = new()
    {
        ["reference"] = "reference", ["receivedon"] = "receivedOn", ["amount"] = "amount", ["currency"] = "currency",
        ["method"] = "method", ["allocations"] = "allocateTo", ["invoicenumber"] = "allocateTo",
    };

    private static readonly Dictionary<string, string> CreditNoteInputs = new()
    {
        ["number"] = "number", ["issuedate"] = "issueDate", ["amount"] = "amount", ["lines"] = "amount", ["currency"] = "currency",
        ["reason"] = "reason", ["invoicenumber"] = "applyTo",
    };

    [BindProperty(SupportsGet = true)]
    public string Number { get; set; } = string.Empty;

    [BindProperty(SupportsGet = true, Name = "asOf")]
    public string? StatementAsOfText { get; set; }

    [BindProperty(SupportsGet = true, Name = "stmtPage")]
    public int StatementPage { get; set; } = 1;

    [BindProperty]
    public InvoiceForm Invoice { get; set; } = new();

    [BindProperty]
    public PaymentForm Payment { get; set; } = new();

    [BindProperty]
    public CreditNoteForm CreditNote { get; set; } = new();

    public FormErrors InvoiceErrors { get; } = new();

    public FormErrors PaymentErrors { get; } = new();

    public FormErrors CreditNoteErrors { get; } = new();

    /// <summary>"invoice", "payment" or "credit-note": the form to show open (the one just used).</summary>
    public string? ActiveForm { get; private set; }

    [TempData]
    public string? Flash { get; set; }

    /// <summary>The confirmation of what was just posted (htmx responses; plain posts use <see cref="Flash"/>).</summary>
    public string? Done { get; private set; }

    public Customer Customer { get; private set; } = null!;

    public Hierarchy? Hierarchy { get; private set; }

    public DateOnly Today { get; private set; }

    public BalanceDto? Balance { get; private set; }

    public OpenItemsDto? OpenItems { get; private set; }

    public StatementDto? Statement { get; private set; }

    public string? StatementError { get; private set; }

    public bool CanPost { get; private set; }

    public bool CanEdit { get; private set; }

    public string TermsDescription => PaymentTerms.Parse(Customer.TermsCode).Value?.Description ?? Customer.TermsCode;

    public IEnumerable<OpenItemDto> OpenInvoices => OpenItems?.Items.Where(i => i.BalanceEffect > 0) ?? [];

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (!await Load(ct))
        {
            return NotFound();
        }

        await LoadLedger(ct);
        return Page();
    }

    /// <summary>The statement panel alone (htmx paging and the as-of date).</summary>
    public async Task<IActionResult> OnGetStatementAsync(CancellationToken ct)
    {
        if (!await Load(ct))
        {
            return NotFound();
        }

        await LoadStatement(ct);
        return Partial("_Statement", this);
    }

    public async Task<IActionResult> OnPostInvoiceAsync(CancellationToken ct)
    {
        if (await Refuse(ct) is { } refused)
        {
            return refused;
        }

        ActiveForm = "invoice";
        var f = Invoice;
        var amount = ReadAmount(f.Amount, InvoiceErrors);
        var issued = ReadDate(f.IssueDate, "issueDate", InvoiceErrors);
        var due = ReadDate(f.DueDate, "dueDate", InvoiceErrors);
        if (InvoiceErrors.Any)
        {
            return await Show(ct);
        }

        var result = await postInvoice.Handle(
            new PostInvoiceRequest(Customer.Number, f.Number, issued ?? Today, due, amount, f.Currency, PoNumber: Blank(f.PoNumber)), ct);
        return await Finish(result, InvoiceErrors, InvoiceInputs, d => $"Invoice {d.Number} posted: {MoneyText.Show(d.Amount, d.Currency)}, due {Words.Date(d.DueOn)}.", ct);
    }

    public async Task<IActionResult> OnPostPaymentAsync(CancellationToken ct)
    {
        if (await Refuse(ct) is { } refused)
        {
            return refused;
        }

        ActiveForm = "payment";
        var f = Payment;
        var amount = ReadAmount(f.Amount, PaymentErrors);
        var received = ReadDate(f.ReceivedOn, "receivedOn", PaymentErrors);
        if (PaymentErrors.Any)
        {
            return await Show(ct);
        }

        IReadOnlyList<AllocationLine>? allocations = null;
        var auto = f.AllocateTo is null or PaymentForm.Oldest;
        if (f.AllocateTo is { } target && target is not PaymentForm.Oldest and not PaymentForm.OnAccount)
        {
            // Apply to the chosen invoice as much of the payment as it can take; the rest stays on account.
            var open = (await LoadOpenItems(ct))?.Items.FirstOrDefault(i => i.Number == target && i.BalanceEffect > 0);
            if (open is null)
            {
                PaymentErrors.Add("allocateTo", $"Invoice {target} is no longer open.");
                return await Show(ct);
            }

            allocations = [new AllocationLine(target, amount is { } a ? Math.Min(a, open.Open) : null)];
        }

        var result = await recordPayment.Handle(
            new RecordPaymentRequest(Customer.Number, f.Reference, received ?? Today, amount, f.Currency, f.Method, allocations, auto), ct);
        return await Finish(result, PaymentErrors, PaymentInputs, d => $"Payment {d.Number} recorded: {MoneyText.Show(d.Amount, d.Currency)}.", ct);
    }

    public async Task<IActionResult> OnPostCreditNoteAsync(CancellationToken ct)
    {
        if (await Refuse(ct) is { } refused)
        {
            return refused;
        }

        ActiveForm = "credit-note";
        var f = CreditNote;
        var amount = ReadAmount(f.Amount, CreditNoteErrors);
        var issued = ReadDate(f.IssueDate, "issueDate", CreditNoteErrors);
        if (CreditNoteErrors.Any)
        {
            return await Show(ct);
        }

        var invoice = f.ApplyTo is null or PaymentForm.OnAccount or PaymentForm.Oldest ? null : f.ApplyTo;
        var result = await postCreditNote.Handle(
            new PostCreditNoteRequest(Customer.Number, f.Number, issued ?? Today, amount, f.Currency, Blank(f.Reason), invoice, f.ApplyTo == PaymentForm.Oldest), ct);
        return await Finish(result, CreditNoteErrors, CreditNoteInputs, d => $"Credit note {d.Number} posted: {MoneyText.Show(d.Amount, d.Currency)}.", ct);
    }

    public bool IsHtmx => Request.Headers.ContainsKey("HX-Request") && !Request.Headers.ContainsKey("HX-History-Restore-Request");

    public string StatementLink(int page) =>
        $"/team/customers/{Uri.EscapeDataString(Customer.Number)}?handler=Statement&stmtPage={page}" +
        (StatementAsOfText is { Length: > 0 } a ? "&asOf=" + Uri.EscapeDataString(a) : string.Empty);

    /// <summary>The same statement page as a whole-page link, for browsers without JavaScript.</summary>
    public string StatementPageLink(int page) =>
        $"/team/customers/{Uri.EscapeDataString(Customer.Number)}?stmtPage={page}" +
        (StatementAsOfText is { Length: > 0 } a ? "&asOf=" + Uri.EscapeDataString(a) : string.Empty) + "#statement";

    public int StatementLastPage => Statement is null ? 1 : Math.Max(1, (Statement.TotalLines + Statement.PageSize - 1) / Statement.PageSize);

    private async Task<IActionResult?> Refuse(CancellationToken ct)
    {
        if (!(await authorization.AuthorizeAsync(User, AccessPolicies.Receivables)).Succeeded)
        {
            return Forbid();
        }

        return await Load(ct) ? null : NotFound();
    }

    private async Task<IActionResult> Finish(Result<DocumentDto> result, FormErrors errors, IReadOnlyDictionary<string, string> inputs, Func<DocumentDto, string> done, CancellationToken ct)
    {
        if (!result.IsOk)
        {
            errors.Add(result.Error!, inputs);
            return await Show(ct);
        }

        var message = done(result.Value!);
        if (!IsHtmx)
        {
            Flash = message;
            return RedirectToPage(new { number = Customer.Number });
        }

        // A fresh, empty form for the next entry; the confirmation shows above the panel.
        ModelState.Clear();
        (Invoice, Payment, CreditNote) = (new(), new(), new());
        Flash = null;
        Done = message;
        await LoadLedger(ct);
        return Partial("_Ledger", this);
    }

    private async Task<IActionResult> Show(CancellationToken ct)
    {
        await LoadLedger(ct);
        return IsHtmx ? Partial("_Ledger", this) : Page();
    }

    private async Task<bool> Load(CancellationToken ct)
    {
        var customer = await db.FindCustomer(Number, ct);
        if (customer is null)
        {
            return false;
        }

        Customer = customer;
        Number = customer.Number;
        Today = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
        Hierarchy = (await groups.ForCustomer(Number, ct)).Value;
        CanPost = (await authorization.AuthorizeAsync(User, AccessPolicies.Receivables)).Succeeded;
        CanEdit = (await authorization.AuthorizeAsync(User, AccessPolicies.Customers)).Succeeded;
        return true;
    }

    private async Task LoadLedger(CancellationToken ct)
    {
        Balance = (await balances.Handle(new BalanceQuery(Number, Today), ct)).Value;
        OpenItems = null; // read again: a post may have changed them
        OpenItems = await LoadOpenItems(ct);
        await LoadStatement(ct);
    }

    private async Task<OpenItemsDto?> LoadOpenItems(CancellationToken ct) =>
        OpenItems ??= (await openItems.Handle(new OpenItemsQuery(Number), ct)).Value;

    private async Task LoadStatement(CancellationToken ct)
    {
        DateOnly? asOf = null;
        if (!string.IsNullOrWhiteSpace(StatementAsOfText))
        {
            asOf = MoneyText.ParseDate(StatementAsOfText);
            if (asOf is null)
            {
                StatementError = "Enter the as-of date as a date (YYYY-MM-DD).";
            }
        }

        var result = await statements.Handle(new StatementQuery(Number, AsOf: asOf ?? Today, Page: Math.Max(1, StatementPage), PageSize: StatementPageSize), ct);
        Statement = result.Value;
        StatementError ??= result.Error?.Message;
    }

    private static decimal? ReadAmount(string? text, FormErrors errors)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null; // the use case says an amount is required
        }

        var amount = MoneyText.Parse(text);
        if (amount is null)
        {
            errors.Add("amount", $"'{text}' is not an amount; write it like 1250.00.");
        }

        return amount;
    }

    private static DateOnly? ReadDate(string? text, string input, FormErrors errors)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        var date = MoneyText.ParseDate(text);
        if (date is null)
        {
            errors.Add(input, $"'{text}' is not a date (YYYY-MM-DD).");
        }

        return date;
    }

    private static string? Blank(string? s) => string.IsNullOrWhiteSpace(s) ? null : s.Trim();
}
