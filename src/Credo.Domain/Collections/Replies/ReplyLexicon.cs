using System.Text.RegularExpressions;

namespace Credo.Domain.Collections.Replies;

/// <summary>
/// The words the reply classifier looks for, per label, in English, German, French, Dutch and Spanish. Patterns are
/// matched against the reply's own text (the quoted reminder cut off) folded to lower case without accents, so they
/// are written that way. Each pattern carries a weight; a label's score is the sum of the weights that matched.
/// </summary>
public static class ReplyLexicon
{
    public sealed record Cue(ReplyLabel Label, int Weight, Regex Pattern, string Says);

    private static Cue C(ReplyLabel label, int weight, string pattern, string says) =>
        new(label, weight, new Regex(pattern, RegexOptions.CultureInvariant | RegexOptions.Compiled, Credo.Domain.Common.PatternGuard.Timeout), says);

    /// <summary>Cues read in the subject line only (auto-replies announce themselves there).</summary>
    public static IReadOnlyList<Cue> SubjectCues { get; } =
    [
        C(ReplyLabel.OutOfOffice, 6, @"\b(automatic reply|auto-?reply|autoreply|out of (the )?office|abwesenheit\w*|automatische antwort|reponse automatique|absence du bureau|absent\w*|afwezig\w*|automatisch antwoord|respuesta automatica|fuera de la oficina|ausente)\b", "an automatic reply"),
    ];

    /// <summary>Cues read in the body the customer wrote.</summary>
    public static IReadOnlyList<Cue> BodyCues { get; } =
    [
        C(ReplyLabel.OutOfOffice, 5, @"\b(out of (the )?office|i am (currently )?(away|out|on leave|on holiday|on vacation)|i'?m (currently )?(away|out of)|limited access to (my )?e-?mail|will be back|return(ing)? on|back in the office)\b", "says the writer is away"),
        C(ReplyLabel.OutOfOffice, 5, @"\b(nicht im buro|abwesend|im urlaub|bin ab .* wieder|wieder erreichbar|je suis absent\w*|en conges|de retour le|ik ben (afwezig|met vakantie|niet aanwezig)|weer aanwezig|terug op|estoy (fuera|de vacaciones|ausente)|estare de vuelta|regreso el)\b", "says the writer is away"),
        C(ReplyLabel.WrongContact, 5, @"\b(no longer (work|works|with|employed)|left the company|wrong (person|contact|address|recipient)|not the right (person|contact)|not responsible for|please (contact|write to|send .* to) (our|the) (accounts|finance|accounting))\b", "says this is not the right contact"),
        C(ReplyLabel.WrongContact, 5, @"\b(nicht mehr (bei|im|fur)|falsche\w* (ansprechpartner|empfanger|adresse)|nicht zustandig|ne (travaille|fait) plus|mauvais (contact|destinataire)|pas la bonne personne|pas en charge|niet meer (werkzaam|in dienst|bij)|verkeerde (contactpersoon|persoon|ontvanger)|niet verantwoordelijk|ya no trabaja|persona equivocada|contacto equivocado|no soy la persona|no es la persona)\b", "says this is not the right contact"),
        C(ReplyLabel.Paid, 4, @"\b(already (been )?(paid|settled|transferred)|(has|have|was|were) (been )?(paid|settled|transferred)|we paid|paid (it|this|them|the invoice)|payment (was|has been) (made|sent|executed)|remittance( advice)?|proof of payment|payment confirmation)\b", "says it is paid"),
        C(ReplyLabel.Paid, 4, @"\b(bereits (bezahlt|beglichen|uberwiesen)|schon (bezahlt|uberwiesen)|(wurde|haben) .{0,30}(bezahlt|uberwiesen|beglichen)|zahlungsavis|zahlungsnachweis|deja (paye|regle|ete regle|vire)|avons (paye|regle|vire)|virement (a ete )?effectue|avis de (paiement|virement)|preuve de paiement|al betaald|reeds (betaald|overgemaakt)|(is|zijn|hebben) .{0,30}(betaald|overgemaakt)|betalingsbewijs|ya (hemos )?(pagado|pagamos)|ya (fue|esta|ha sido) pagad\w*|(hemos|fue) (realizado|hecho) (la|el) (transferencia|pago)|transferencia realizada|comprobante de pago|justificante de pago)\b", "says it is paid"),
        C(ReplyLabel.Promise, 3, @"\b(will (pay|transfer|settle|send (the )?payment|make (the )?payment)|we'?ll (pay|transfer|settle)|(is|are|has been) scheduled|schedule(d)? (the |a )?payment|payment will (be made|follow|go out)|expect to pay|plan to pay|can pay)\b", "promises a payment"),
        C(ReplyLabel.Promise, 3, @"\b(werden .{0,60}(bezahlen|uberweisen|begleichen)|(zahlen|uberweisen|begleichen) wir|zahlung erfolgt|zahlung (ist )?(geplant|veranlasst)|(allons|pourrons|vais) (payer|regler|virer)|(paierons|reglerons|virerons)|sera (regle|paye|vire)|paiement (.{0,40} )?(sera|interviendra)|(zullen|gaan|kunnen) .{0,40}(betalen|overmaken|voldoen)|(betalen|maken) wij|betaling (volgt|wordt)|(pagaremos|abonaremos|transferiremos)|vamos a (pagar|transferir)|(realizaremos|haremos) (el|la) (pago|transferencia)|el pago se (hara|realizara))\b", "promises a payment"),
        C(ReplyLabel.Dispute, 4, @"\b(dispute|disagree|(is|are) (incorrect|wrong)|wrong (price|amount|quantity)|overcharged|damaged|broken|(not|never) (received|delivered|arrived)|did ?n[o']t (receive|get)|haven'?t received|short (shipped|delivered)|missing|duplicate|(charged|billed|invoiced) (us |you )?twice|complaint|return(ed)? the goods)\b", "disputes the invoice"),
        C(ReplyLabel.Dispute, 4, @"\b(reklamation|beanstand\w*|widerspr\w+|falsche\w* (preis|betrag|menge)|preis .{0,40}falsch|beschadigt|kaputt|nicht (erhalten|geliefert|angekommen)|nie (erhalten|geliefert)|fehl(t|en)|doppelt|zweimal|contest(e|es|ons|ez|ent|ee|er|ation)?|litige|(prix|montant|quantite) (incorrect|errone)\w*|erreur|endommage\w*|casse\w*|(pas|jamais) (recu|livre)\w*|manqu\w+|en double|deux fois|betwist\w*|onjuist\w*|verkeerde (prijs|hoeveelheid|bedrag)|beschadigd|kapot|niet (ontvangen|geleverd)|nooit (ontvangen|geleverd)|ontbre\w+|dubbel\w*|twee keer|disputa|reclamacion|incorrect\w*|precio equivocado|danad\w*|rot[oa]s?|no (hemos )?recibi\w*|nunca (recibimos|llego)|falta\w*|duplicad\w*|dos veces)\b", "disputes the invoice"),
        C(ReplyLabel.CopyRequest, 4, @"\b(copy of (the |your |this )?invoice|invoice copy|send (us |me )?(the |a )?(invoice|copy)|resend|re-send|cannot find (the |this |your )?invoice|can'?t find (the |this |your )?invoice|(kopie|duplikat) (der|dieser|ihrer) rechnung|rechnungskopie|rechnung (erneut|nochmals|noch einmal) (senden|schicken|zusenden)|copie de (la|cette|votre) facture|(renvoyer|renvoyez|envoyer) .{0,20}facture|kopie van de factuur|factuur (opnieuw|nogmaals) (sturen|toesturen|versturen)|copia de la factura|(reenviar|reenviarnos|enviarnos) .{0,20}factura)\b", "asks for a copy of an invoice"),
    ];

    /// <summary>Words naming a dispute's reason, in the order they are tried; none of them means <see cref="CaseReason.Other"/>.</summary>
    public static IReadOnlyList<(CaseReason Reason, Regex Pattern)> ReasonCues { get; } =
    [
        (CaseReason.DuplicateBilling, R(@"\b(duplicate|twice|doppelt|zweimal|en double|deux fois|dubbel\w*|twee keer|duplicad\w*|dos veces)\b")),
        (CaseReason.NotReceived, R(@"\b((not|never) (received|delivered|arrived)|did ?n[o']t (receive|get)|haven'?t received|nicht (erhalten|geliefert|angekommen)|nie (erhalten|geliefert)|(pas|jamais) (recu|livre)\w*|niet (ontvangen|geleverd)|nooit (ontvangen|geleverd)|no (hemos )?recibi\w*|nunca (recibimos|llego))\b")),
        (CaseReason.Damaged, R(@"\b(damaged|broken|beschadigt|kaputt|endommage\w*|casse\w*|beschadigd|kapot|danad\w*|rot[oa]s?)\b")),
        (CaseReason.QuantityShort, R(@"\b(short|missing|quantity|fewer|fehl(t|en)|menge|manqu\w+|quantite|ontbre\w+|hoeveelheid|falta\w*|cantidad)\b")),
        (CaseReason.Price, R(@"\b(price|overcharged|priced|preis\w*|prix|tarif|prijs|precio)\b")),
    ];

    private static Regex R(string pattern) => new(pattern, RegexOptions.CultureInvariant | RegexOptions.Compiled, Credo.Domain.Common.PatternGuard.Timeout);
}
