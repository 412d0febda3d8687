using System.Globalization;
using System.Text;

namespace Credo.Domain.Collections;

using Money = Credo.Domain.Amounts.Money;

/// <summary>Who is writing: the seller's name, postal address (one line per line) and where replies go.</summary>
public sealed record SellerIdentity(string Name, string Address, string? ReplyTo);

/// <summary>A rendered message: what the recipient reads, exactly as stored and sent.</summary>
public sealed record RenderedMessage(string Subject, string Body);

/// <summary>
/// The wording of each template key (level and language): a subject, an opening and a closing paragraph. The items,
/// totals, fees, the link and the seller's identity are filled in the same way for every template.
/// </summary>
public static class DunningTemplates
{
    private sealed record Wording(string Greeting, string ItemsHeading, string Total, string Fee, string Link, string Regards, string Interest);

    private static readonly Wording English = new(
        "Dear {0},", "Invoice, due date, days late, amount open:", "Total open", "Late fee", "Your account and statement:", "Kind regards,", "Interest on late payment");

    private static readonly Wording Spanish = new(
        "Estimado/a {0}:", "Factura, vencimiento, días de retraso, importe pendiente:", "Total pendiente", "Recargo por demora", "Su cuenta y estado de cuenta:", "Atentamente,", "Intereses de demora");

    private static readonly Wording French = new(
        "Madame, Monsieur {0},", "Facture, échéance, jours de retard, montant dû :", "Total dû", "Pénalité de retard", "Votre compte et relevé :", "Cordialement,", "Intérêts de retard");

    private static readonly Dictionary<string, (string Subject, string Opening, string Closing)> Texts = new(StringComparer.Ordinal)
    {
        ["reminder.en"] = ("Friendly reminder: invoices due soon", "A quick reminder that the invoices below fall due shortly. If payment is already on its way, thank you.", "If anything on them looks wrong, just reply to this email and we will sort it out."),
        ["first-notice.en"] = ("Payment reminder: invoices past due", "Our records show the invoices below as past due. Perhaps this slipped through: could you arrange payment, or let us know when we can expect it?", "If you have already paid, thank you, and please ignore this message."),
        ["second-notice.en"] = ("Second reminder: invoices still unpaid", "We have not yet received payment for the invoices below, despite our earlier reminder. Please pay them now, or contact us to agree a date.", "If there is a problem with any invoice, reply to this email so that we can resolve it."),
        ["call.en"] = ("Call the customer about overdue invoices", "Phone the customer about the invoices below: ask when they will be paid and record any promise.", "Log the call and its outcome on the worklist."),
        ["final-notice.en"] = ("Final notice before further action", "Despite our reminders, the invoices below remain unpaid. Unless we receive payment or hear from you within 10 days, we will place your account on credit hold and consider further steps.", "If you are having difficulty paying, contact us: we would rather agree a payment plan."),
        ["reminder.es"] = ("Recordatorio: facturas próximas a vencer", "Le recordamos que las facturas siguientes vencen en breve. Si ya ha realizado el pago, muchas gracias.", "Si algo no es correcto, responda a este correo y lo resolveremos."),
        ["first-notice.es"] = ("Recordatorio de pago: facturas vencidas", "Según nuestros registros, las facturas siguientes están vencidas. ¿Podría gestionar el pago o indicarnos cuándo podemos esperarlo?", "Si ya ha pagado, gracias, y no tenga en cuenta este mensaje."),
        ["second-notice.es"] = ("Segundo aviso: facturas pendientes de pago", "Aún no hemos recibido el pago de las facturas siguientes pese a nuestro aviso anterior. Le rogamos que las pague o que nos contacte para acordar una fecha.", "Si hay algún problema con una factura, responda a este correo."),
        ["call.es"] = ("Llamar al cliente por facturas vencidas", "Llame al cliente por las facturas siguientes y registre cualquier promesa de pago.", "Registre la llamada y su resultado en la lista de trabajo."),
        ["final-notice.es"] = ("Último aviso antes de otras medidas", "Pese a nuestros avisos, las facturas siguientes siguen sin pagar. Si no recibimos el pago o noticias suyas en 10 días, bloquearemos el crédito de su cuenta.", "Si tiene dificultades para pagar, contáctenos: preferimos acordar un plan de pagos."),
        ["reminder.fr"] = ("Rappel amical : factures bientôt échues", "Un petit rappel : les factures ci-dessous arrivent bientôt à échéance. Si le paiement est déjà en route, merci.", "Si quelque chose semble inexact, répondez simplement à ce message."),
        ["first-notice.fr"] = ("Rappel de paiement : factures échues", "Selon nos données, les factures ci-dessous sont échues. Pourriez-vous organiser le paiement ou nous indiquer quand l'attendre ?", "Si vous avez déjà payé, merci, et ne tenez pas compte de ce message."),
        ["second-notice.fr"] = ("Second rappel : factures toujours impayées", "Nous n'avons pas reçu le paiement des factures ci-dessous malgré notre premier rappel. Merci de les régler ou de nous contacter pour convenir d'une date.", "En cas de problème sur une facture, répondez à ce message."),
        ["call.fr"] = ("Appeler le client pour factures échues", "Appelez le client au sujet des factures ci-dessous et notez toute promesse de paiement.", "Consignez l'appel et son résultat dans la liste de travail."),
        ["final-notice.fr"] = ("Dernier avis avant d'autres mesures", "Malgré nos rappels, les factures ci-dessous restent impayées. Sans paiement ou nouvelles de votre part sous 10 jours, votre compte sera bloqué.", "En cas de difficulté, contactez-nous : nous préférons convenir d'un échéancier."),
    };

    /// <summary>The template keys this catalogue knows (a policy naming another is refused when published).</summary>
    public static IReadOnlyCollection<string> Keys => Texts.Keys;

    public static bool Knows(string key) => Texts.ContainsKey(key);

    /// <summary>Renders a planned message for its recipient, signed by the seller, with one absolute link.</summary>
    public static RenderedMessage Render(string templateKey, PlannedMessage message, string recipientName, string customerName, SellerIdentity seller, Uri accountLink)
    {
        var (subject, opening, closing) = Texts.TryGetValue(templateKey, out var t) ? t : Texts["first-notice.en"];
        var wording = templateKey.EndsWith(".es", StringComparison.Ordinal) ? Spanish : templateKey.EndsWith(".fr", StringComparison.Ordinal) ? French : English;
        var body = new StringBuilder();
        body.AppendLine(string.Format(CultureInfo.InvariantCulture, wording.Greeting, recipientName)).AppendLine();
        body.AppendLine(opening).AppendLine();
        body.AppendLine(wording.ItemsHeading);
        foreach (var item in message.Items)
        {
            body.AppendLine(CultureInfo.InvariantCulture, $"  {item.Item.Document}  {item.Item.DueOn:yyyy-MM-dd}  {Math.Max(0, item.DaysPastDue)}  {item.Item.Open.ToDisplayString()}");
        }

        body.AppendLine(CultureInfo.InvariantCulture, $"{wording.Total}: {DunningPlanner.Describe(message.Totals)}");
        if (message.Fees.Count > 0)
        {
            body.AppendLine(CultureInfo.InvariantCulture, $"{wording.Fee}: {DunningPlanner.Describe(message.Fees)}");
        }

        if (message.InterestTotals.Count > 0)
        {
            body.AppendLine(CultureInfo.InvariantCulture, $"{wording.Interest}: {DunningPlanner.Describe(message.InterestTotals)}");
        }

        body.AppendLine().AppendLine(closing).AppendLine();
        body.AppendLine(CultureInfo.InvariantCulture, $"{wording.Link} {accountLink.AbsoluteUri}").AppendLine();
        body.AppendLine(wording.Regards).AppendLine(seller.Name);
        foreach (var line in seller.Address.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            body.AppendLine(line);
        }

        if (!string.IsNullOrWhiteSpace(seller.ReplyTo))
        {
            body.AppendLine(seller.ReplyTo);
        }

        return new RenderedMessage($"{subject} ({customerName})", body.ToString());
    }

    /// <summary>A total line for text and CSV: "1,234.50 USD".</summary>
    public static string Amount(Money money) => money.ToDisplayString();
}
