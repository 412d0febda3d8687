using Credo.Domain.Ledger;
using Credo.Domain.Portal;
using Credo.Web.Data;
using Credo.Web.Features.Portal;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace Credo.Web.Pages.Portal;

/// <summary>Choose invoices (and, if you like, a smaller amount) and how to pay; makes a payment request.</summary>
internal sealed class PortalPayModel(BuyerScope scope, CreditDb db, RequestPayment requests) : PortalPage(scope)
{
    public sealed record OpenInvoice(long Id, string Number, DateOnly? DueOn, long OpenMinor, string Currency);

    public IReadOnlyList<OpenInvoice> Open { get; private set; } = [];

    public IReadOnlyList<PortalPaymentMethod> Methods { get; private set; } = [];

    /// <summary>The invoices ticked (from the form, or <c>?i=</c> links from other pages).</summary>
    [BindProperty(SupportsGet = true, Name = "i")]
    public List<long> Chosen { get; set; } = [];

    [BindProperty]
    public decimal? Amount { get; set; }

    [BindProperty]
    public PortalPaymentMethod? Method { get; set; }

    public Dictionary<string, string> Errors { get; } = new(StringComparer.Ordinal);

    public bool MayPay => InvitationFlow.Allows(Customer.Role, BuyerRole.Pay);

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (!await Resolve(ct))
        {
            return Missing();
        }

        await Load(ct);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        if (!await Resolve(ct))
        {
            return Missing();
        }

        var made = await requests.Handle(Customer, Scope.BuyerId!.Value, new PaymentChoice(Chosen, Amount, Method), ct);
        if (made.IsOk)
        {
            return Redirect(PortalText.For($"/portal/pay/{made.Value!.Id}", Customer.Number));
        }

        Errors[made.Error!.Field ?? "form"] = made.Error.Message;
        await Load(ct);
        return Page();
    }

    private async Task Load(CancellationToken ct)
    {
        var customerId = Customer.Id;
        Methods = requests.Methods(Customer.Currency);
        Open = await db.Entries.AsNoTracking()
            .Where(e => e.CustomerId == customerId && e.Kind == EntryKind.Invoice && e.OpenMinor > 0)
            .OrderBy(e => e.DueOn).ThenBy(e => e.Id).Take(200)
            .Select(e => new OpenInvoice(e.Id, e.Document ?? "", e.DueOn, e.OpenMinor, e.Currency)).ToListAsync(ct);
    }

    public static string Describe(PortalPaymentMethod method) => method switch
    {
        PortalPaymentMethod.Card => "Card",
        PortalPaymentMethod.UsBankAccount => "US bank account (ACH debit)",
        PortalPaymentMethod.BankTransfer => "Bank transfer (we give you our account and a reference)",
    };
}
