using Credo.Domain.Common;
using Credo.Domain.Ledger;
using Credo.Web.Data;
using Credo.Web.Features.Outbox;
using Microsoft.EntityFrameworkCore;

namespace Credo.Web.Features.Portal;

/// <summary>A buyer's question: about one of their invoices (by number) or the account (no invoice), and what they ask.</summary>
internal sealed record BuyerQuestion(string? Invoice, string? Text);

/// <summary>A question was asked in the portal: the collectors' queue of questions shows it until it is answered.</summary>
internal sealed record QuestionAsked(long QuestionId, string CustomerNumber, string? Invoice) : IOutboxEvent<QuestionAsked>
{
    public static EventTopic Topic { get; } = new("portal.question-asked", EventAudience.Internal, "A buyer asked the collector a question in the portal.");
}

/// <summary>
/// A buyer asks the collector a question: a thread (<see cref="PortalQuestion"/>) both sides read, waiting for the
/// collector's answer on the Team questions page. Any buyer of the customer may ask (view is enough); audited as the buyer.
/// </summary>
internal sealed class AskQuestion(CreditDb db)
{
    public const int MaxText = 2000;

    public async Task<Result<PortalQuestion>> Handle(ScopedCustomer customer, long buyerId, BuyerQuestion question, CancellationToken ct)
    {
        if (Text(question.Text) is not { } text)
        {
            return new ValidationFailed("text", $"Write your question (at most {MaxText} characters).");
        }

        LedgerEntry? invoice = null;
        if (!string.IsNullOrWhiteSpace(question.Invoice))
        {
            var number = question.Invoice.Trim();
            invoice = await db.Entries.AsNoTracking().SingleOrDefaultAsync(e => e.CustomerId == customer.Id && e.Kind == EntryKind.Invoice && e.Document == number, ct);
            if (invoice is null)
            {
                return new ValidationFailed("invoice", $"Invoice {number} is not one of {customer.Name}'s.");
            }
        }

        var now = db.UtcNow;
        var thread = new PortalQuestion
        {
            CustomerId = customer.Id, InvoiceId = invoice?.Id, InvoiceNumber = invoice?.Document, BuyerUserId = buyerId, AskedAtUtc = now,
            Subject = invoice is null ? "Your account" : "Invoice " + invoice.Document, AwaitingAnswer = true, LastMessageAtUtc = now,
        };
        await using var tx = await OwnedTransaction.Begin(db, ct);
        db.PortalQuestions.Add(thread);
        await db.SaveChangesAsync(ct);
        db.PortalMessages.Add(new PortalMessage { QuestionId = thread.Id, FromBuyer = true, Author = Author(db), Text = text, AtUtc = now });
        db.Publish(new QuestionAsked(thread.Id, customer.Number, invoice?.Document));
        BuyerAudit.Record(db, "question", customer, new { question = thread.Id, invoice = invoice?.Document, text });
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return thread;
    }

    /// <summary>The trimmed text, or null when empty or too long.</summary>
    public static string? Text(string? text) => text?.Trim() is { Length: > 0 and <= MaxText } t ? t : null;

    /// <summary>Who the thread shows as the author: the buyer's email (the actor name without its prefixes).</summary>
    public static string Author(CreditDb db) => db.Actor.Name.Replace("user:", string.Empty, StringComparison.Ordinal).Replace("buyer:", string.Empty, StringComparison.Ordinal);
}
