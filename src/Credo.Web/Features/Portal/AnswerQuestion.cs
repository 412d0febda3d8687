using Credo.Domain.Common;
using Credo.Web.Data;
using Credo.Web.Features.Outbox;
using Credo.Web.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Credo.Web.Features.Portal;

/// <summary>One message of a question's thread as either side reads it.</summary>
internal sealed record ThreadMessage(bool FromBuyer, string Author, string Text, DateTime AtUtc);

/// <summary>A question with its customer and its messages, oldest first.</summary>
internal sealed record QuestionThread(long Id, string CustomerNumber, string CustomerName, string Subject, string? Invoice, bool AwaitingAnswer, DateTime LastMessageAtUtc, IReadOnlyList<ThreadMessage> Messages);

/// <summary>
/// The messages after a question: the collector's answer (staff, on the Team questions page: the buyer is emailed a link
/// to the thread) or the buyer's follow-up (in the portal, audited as the buyer; the thread waits for an answer again).
/// </summary>
internal sealed class AnswerQuestion(CreditDb db, PublicLinks links, IOptions<SellerOptions> seller)
{
    /// <summary>A collector answers: the thread is answered, and the buyer who asked is emailed a link to it.</summary>
    public async Task<Result<PortalQuestion>> Answer(long questionId, string? text, CancellationToken ct)
    {
        if (AskQuestion.Text(text) is not { } body)
        {
            return new ValidationFailed("text", $"Write the answer (at most {AskQuestion.MaxText} characters).");
        }

        var question = await db.PortalQuestions.SingleOrDefaultAsync(q => q.Id == questionId, ct);
        if (question is null)
        {
            return new NotFound("Question", questionId.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }

        var customer = await db.Customers.AsNoTracking().Where(c => c.Id == question.CustomerId).Select(c => c.Number).SingleAsync(ct);
        var buyer = await db.BuyerUsers.AsNoTracking().Where(u => u.Id == question.BuyerUserId).Select(u => u.Email).SingleAsync(ct);
        Add(question, fromBuyer: false, db.Actor.Name.Replace("user:", string.Empty, StringComparison.Ordinal), body);
        db.QueueEmail(new OutboxEmail(
            buyer,
            $"{seller.Value.DisplayName} answered your question ({question.Subject})",
            $"We have answered your question about {question.Subject.ToLowerInvariant()}:\n\n{body}\n\nRead the whole conversation or reply: {links.To("/portal/questions?c=" + Uri.EscapeDataString(customer) + "#q-" + question.Id)}\n",
            "portal-question-answered"));
        await db.SaveChangesAsync(ct);
        return question;
    }

    /// <summary>The buyer writes again on their own thread (the scope has already checked it is theirs).</summary>
    public async Task<Result<PortalQuestion>> FollowUp(ScopedCustomer customer, long questionId, string? text, CancellationToken ct)
    {
        if (AskQuestion.Text(text) is not { } body)
        {
            return new ValidationFailed("text", $"Write your message (at most {AskQuestion.MaxText} characters).");
        }

        var question = await db.PortalQuestions.SingleOrDefaultAsync(q => q.Id == questionId && q.CustomerId == customer.Id, ct);
        if (question is null)
        {
            return new NotFound("Question", questionId.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }

        Add(question, fromBuyer: true, AskQuestion.Author(db), body);
        BuyerAudit.Record(db, "question-reply", customer, new { question = question.Id, text = body });
        await db.SaveChangesAsync(ct);
        return question;
    }

    /// <summary>Threads, newest activity first: of one customer (the portal), or every one waiting for an answer first (staff).</summary>
    public async Task<IReadOnlyList<QuestionThread>> Threads(long? customerId, long? questionId, CancellationToken ct)
    {
        var query = db.PortalQuestions.AsNoTracking().Where(q => (customerId == null || q.CustomerId == customerId) && (questionId == null || q.Id == questionId));
        var questions = await query.OrderByDescending(q => q.AwaitingAnswer).ThenByDescending(q => q.LastMessageAtUtc).ThenByDescending(q => q.Id).Take(200)
            .Join(db.Customers, q => q.CustomerId, c => c.Id, (q, c) => new { q, c.Number, Name = c.TradingName ?? c.LegalName }).ToListAsync(ct);
        var ids = questions.Select(q => q.q.Id).ToList();
        var messages = (await db.PortalMessages.AsNoTracking().Where(m => ids.Contains(m.QuestionId)).ToListAsync(ct))
            .OrderBy(m => m.Id).ToLookup(m => m.QuestionId);
        return [.. questions.Select(x => new QuestionThread(x.q.Id, x.Number, x.Name, x.q.Subject, x.q.InvoiceNumber, x.q.AwaitingAnswer, x.q.LastMessageAtUtc,
            [.. messages[x.q.Id].Select(m => new ThreadMessage(m.FromBuyer, m.Author, m.Text, m.AtUtc))]))];
    }

    private void Add(PortalQuestion question, bool fromBuyer, string author, string text)
    {
        var now = db.UtcNow;
        db.PortalMessages.Add(new PortalMessage { QuestionId = question.Id, FromBuyer = fromBuyer, Author = author, Text = text, AtUtc = now });
        question.AwaitingAnswer = fromBuyer;
        question.LastMessageAtUtc = now;
    }
}
