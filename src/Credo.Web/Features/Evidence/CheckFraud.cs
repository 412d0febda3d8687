using Credo.Domain.Fraud;
using Credo.Domain.Policy;
using Credo.Web.Data;
using Credo.Web.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Credo.Web.Features.Evidence;

internal static class FraudIdentifiers
{
    /// <summary>A company email is known by its domain ("@acme.com"); a free-mail address only by the whole address.</summary>
    public static string? EmailKey(string? email)
    {
        if (string.IsNullOrWhiteSpace(email) || email.IndexOf('@', StringComparison.Ordinal) is var at && at <= 0)
        {
            return null;
        }

        var host = email[(at + 1)..].Trim().ToLowerInvariant();
        var domain = EmailDomains.RegistrableDomain(host);
        return domain is null ? null : EmailDomains.IsFreeMail(host) || EmailDomains.IsFreeMail(domain) ? email.Trim().ToLowerInvariant() : "@" + domain;
    }

    /// <summary>The identifiers an application gives, from its typed columns and answers.</summary>
    public static IReadOnlyList<Identifier> Of(CreditApplication a, ApplicationAnswers answers)
    {
        var ids = new List<Identifier>();
        void Add(IdentifierKind kind, string? value)
        {
            if (!string.IsNullOrWhiteSpace(value) && SharedIdentifiers.NormaliseValue(kind, value).Length > 0)
            {
                ids.Add(new Identifier(kind, value.Trim()));
            }
        }

        Add(IdentifierKind.TaxId, a.TaxId);
        Add(IdentifierKind.Phone, a.Phone ?? answers.Text("phone"));
        Add(IdentifierKind.Email, EmailKey(a.ApplicantEmail));
        Add(IdentifierKind.BankAccount, answers.Text("bankAccount", "iban") ?? answers.BankReferees().Select(r => r.AccountNumber).FirstOrDefault(x => x is not null));
        Add(IdentifierKind.Address, answers.Address("billingAddress")?.Key);
        return ids;
    }
}

/// <summary>The fraud checks for one application: each signal with its evidence, and the facts they become.</summary>
internal sealed record FraudCheckResult(IReadOnlyList<FraudSignal> Signals, IReadOnlyDictionary<string, bool?> Flags, int? Raised);

/// <summary>
/// Runs every fraud check on an application against the database, with the pure signals of Credo.Domain.Fraud:
/// identifiers shared with differently named customers or applications, free-mail or mismatching email domain, names
/// like an existing customer's (candidates from the in-memory <see cref="CustomerBook"/> trigram index), tax id format
/// and check digits, shipping far from the registered address (bundled city centroids, see <see cref="Places"/>),
/// and application velocity per email, IP and device. A check that could not run gives an absent fact.
/// </summary>
internal sealed class CheckFraud(CreditDb db, CustomerBook book, IOptions<EvidenceOptions> options)
{
    public static readonly IReadOnlyDictionary<string, string> FactByCode = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        [SharedIdentifiers.Code] = "fraudSharedIdentifier",
        [EmailDomains.FreeMailCode] = "fraudFreeMailWithWebsite",
        [EmailDomains.MismatchCode] = "fraudEmailDomainMismatch",
        [SimilarNames.Code] = "fraudSimilarName",
        [VatCode] = "fraudTaxIdInvalid",
        [EinCode] = "fraudTaxIdInvalid",
        [AddressDistance.Code] = "fraudShippingFar",
        [ApplicationVelocity.Code] = "fraudVelocity",
    };

    private const string VatCode = "vat-number-invalid";
    private const string EinCode = "ein-invalid";

    public async Task<FraudCheckResult> Run(CreditApplication application, CancellationToken ct)
    {
        var o = options.Value.Fraud;
        var answers = ApplicationAnswers.Parse(application.AnswersJson);
        var name = application.LegalName ?? application.TradingName ?? string.Empty;
        var identifiers = FraudIdentifiers.Of(application, answers);

        // An existing customer shares identifiers and look-alike names with itself and the rest of its corporate group
        // (one email domain, one head office); only others count.
        var family = await CorporateFamily(application.CustomerId, ct);
        var (fromCustomers, similar) = await book.Read(db, view =>
        {
            var holders = view.Holding(identifiers).Where(h => !family.Numbers.Contains(h.CustomerId)).ToList();
            var candidates = view.NameCandidates(name, o.SimilarNameThreshold)
                .Where(c => !family.Ids.Contains(c.CustomerId))
                .Select(c => new ExistingCustomer(view.Number(long.Parse(c.CustomerId, System.Globalization.CultureInfo.InvariantCulture)) ?? c.CustomerId, c.Name))
                .ToList();
            var similarResult = string.IsNullOrWhiteSpace(name)
                ? FraudSignal.NotApplicable(SimilarNames.Code, "The application gives no company name.")
                : SimilarNames.Find(name, candidates, o.SimilarNameThreshold).Signal;
            return (holders, similarResult);
        }, ct);
        var fromApplications = await SharedWithApplications(application, identifiers, family.Ids, ct);
        var shared = string.IsNullOrWhiteSpace(name)
            ? FraudSignal.NotApplicable(SharedIdentifiers.Code, "The application gives no company name to compare.")
            : SharedIdentifiers.Check(name, identifiers, [.. fromCustomers, .. fromApplications]);

        var signals = new List<FraudSignal> { shared };
        signals.AddRange(EmailDomains.Check(application.ApplicantEmail, application.Website ?? answers.Text("website")));
        signals.Add(similar);
        // An existing customer's tax id was accepted when it became a customer; its format is an applicant's fact,
        // not a reason to decline (or, left unknown, to refer) a review (issue 12 §4): the check is clear, with why.
        signals.Add(application.Kind == ApplicationKind.New
            ? TaxId(application.TaxId, application.Country)
            : FraudSignal.Clear(VatCode, "An existing customer: its tax id is on file, not checked again."));
        signals.Add(Shipping(answers, application.Country, o.ShippingFarKm));
        signals.Add(await Velocity(application, o, ct));

        var flags = new Dictionary<string, bool?>(StringComparer.Ordinal);
        foreach (var signal in signals)
        {
            var fact = FactByCode[signal.Code];
            bool? value = signal.Outcome switch
            {
                SignalOutcome.Raised => true,
                SignalOutcome.Clear => false,
                SignalOutcome.NotApplicable => null,
            };
            flags[fact] = flags.GetValueOrDefault(fact) is true ? true : value ?? flags.GetValueOrDefault(fact);
        }

        var ran = signals.Where(s => s.Outcome != SignalOutcome.NotApplicable).ToList();
        return new FraudCheckResult(signals, flags, ran.Count == 0 ? null : ran.Count(s => s.IsRaised));
    }

    /// <summary>Adds the fraud facts to <paramref name="facts"/>: true raised, false clear, absent when the check could not run.</summary>
    public static FactSet Apply(FactSet facts, FraudCheckResult result)
    {
        foreach (var (fact, value) in result.Flags)
        {
            facts = facts.With(fact, value);
        }

        return facts.With("fraudSignalsRaised", result.Raised is { } n ? n : (decimal?)null);
    }

    /// <summary>
    /// The customer and every customer under the same top-level corporate group, by number and by id (as text, as the
    /// customer book keys them); empty for a new applicant.
    /// </summary>
    private async Task<(HashSet<string> Numbers, HashSet<string> Ids)> CorporateFamily(long? customerId, CancellationToken ct)
    {
        if (customerId is not { } id)
        {
            return ([], []);
        }

        var groupId = await db.Customers.Where(c => c.Id == id).Select(c => c.GroupId).SingleOrDefaultAsync(ct);
        List<(long Id, string Number)> members;
        if (groupId is { } ownGroup)
        {
            var parents = await db.Groups.AsNoTracking().Select(g => new { g.Id, g.ParentId }).ToDictionaryAsync(g => g.Id, g => g.ParentId, ct);
            long Root(long g)
            {
                for (var hops = 0; parents.GetValueOrDefault(g) is { } parent && hops < 64; hops++)
                {
                    g = parent;
                }

                return g;
            }

            var root = Root(ownGroup);
            var groups = parents.Keys.Where(g => Root(g) == root).ToList();
            members = [.. (await db.Customers.AsNoTracking().Where(c => c.Id == id || (c.GroupId != null && groups.Contains(c.GroupId.Value))).Select(c => new { c.Id, c.Number }).ToListAsync(ct)).Select(c => (c.Id, c.Number))];
        }
        else
        {
            members = [.. (await db.Customers.AsNoTracking().Where(c => c.Id == id).Select(c => new { c.Id, c.Number }).ToListAsync(ct)).Select(c => (c.Id, c.Number))];
        }

        return ([.. members.Select(m => m.Number)], [.. members.Select(m => m.Id.ToString(System.Globalization.CultureInfo.InvariantCulture))]);
    }

    /// <summary>Stores this application's identifiers so later applications can be compared with it (replacing earlier ones).</summary>
    public async Task Register(CreditApplication application, CancellationToken ct)
    {
        var identifiers = FraudIdentifiers.Of(application, ApplicationAnswers.Parse(application.AnswersJson));
        var existing = await db.ApplicationIdentifiers.Where(i => i.ApplicationId == application.Id).ToListAsync(ct);
        db.ApplicationIdentifiers.RemoveRange(existing);
        db.ApplicationIdentifiers.AddRange(identifiers.Select(i => new ApplicationIdentifier
        {
            ApplicationId = application.Id,
            Kind = i.Kind.ToString(),
            Value = Cap(SharedIdentifiers.NormaliseValue(i.Kind, i.Value), 300),
            Name = Cap(application.LegalName ?? application.TradingName ?? string.Empty, 200),
        }));
        await db.SaveChangesAsync(ct);
    }

    private async Task<IReadOnlyList<CustomerIdentifier>> SharedWithApplications(CreditApplication application, IReadOnlyList<Identifier> identifiers, HashSet<string> familyIds, CancellationToken ct)
    {
        if (identifiers.Count == 0)
        {
            return [];
        }

        var wanted = identifiers.Select(i => (Kind: i.Kind.ToString(), Value: Cap(SharedIdentifiers.NormaliseValue(i.Kind, i.Value), 300))).ToHashSet();
        var values = wanted.Select(w => w.Value).Distinct().ToList();
        var rows = await db.ApplicationIdentifiers.AsNoTracking()
            .Where(i => values.Contains(i.Value) && i.ApplicationId != application.Id)
            .Join(db.Applications, i => i.ApplicationId, a => a.Id, (i, a) => new { i.Id, i.Kind, i.Value, i.Name, a.Reference, a.CustomerId })
            .OrderByDescending(x => x.Id)
            .Take(500)
            .ToListAsync(ct);
        return [.. rows
            .Where(r => wanted.Contains((r.Kind, r.Value)))
            .Where(r => r.CustomerId is not { } holder || !familyIds.Contains(holder.ToString(System.Globalization.CultureInfo.InvariantCulture)))
            .Select(r => new CustomerIdentifier($"application {r.Reference}", r.Name, Enum.Parse<IdentifierKind>(r.Kind), r.Value))];
    }

    public static FraudSignal TaxId(string? taxId, string? country)
    {
        if (string.IsNullOrWhiteSpace(taxId))
        {
            return FraudSignal.NotApplicable(VatCode, "No tax id given.");
        }

        var trimmed = taxId.Trim();
        if (trimmed.Length >= 2 && char.IsAsciiLetter(trimmed[0]) && char.IsAsciiLetter(trimmed[1]))
        {
            return VatNumbers.Signal(trimmed);
        }

        if (string.Equals(country, "US", StringComparison.OrdinalIgnoreCase) || trimmed.All(c => char.IsAsciiDigit(c) || c == '-'))
        {
            var check = EmployerIdentificationNumbers.Check(trimmed);
            var evidence = $"EIN {check.Normalised}: {check.Validity} ({check.Detail})";
            return check.Validity switch
            {
                TaxIdValidity.Valid or TaxIdValidity.FormatOnly => FraudSignal.Clear(EinCode, evidence),
                TaxIdValidity.BadFormat or TaxIdValidity.BadCheckDigits or TaxIdValidity.UnknownPrefix => FraudSignal.Raised(EinCode, evidence),
            };
        }

        return FraudSignal.NotApplicable(VatCode, $"No scheme is known for tax id \"{trimmed}\" without a country prefix.");
    }

    public static FraudSignal Shipping(ApplicationAnswers answers, string? registeredCountry, double thresholdKm)
    {
        var billing = answers.Address("billingAddress");
        var shipping = answers.Address("shippingAddress");
        if (billing is null || billing.IsEmpty)
        {
            return FraudSignal.NotApplicable(AddressDistance.Code, "No registered (billing) address given.");
        }

        if (shipping is null || shipping.IsEmpty)
        {
            return FraudSignal.NotApplicable(AddressDistance.Code, "No separate shipping address given.");
        }

        if (billing.Key is { } b && shipping.Key is { } s && SharedIdentifiers.NormaliseValue(IdentifierKind.Address, b) == SharedIdentifiers.NormaliseValue(IdentifierKind.Address, s))
        {
            return FraudSignal.Clear(AddressDistance.Code, "Shipping address is the registered address.");
        }

        var from = Places.Locate(billing.Country ?? registeredCountry, billing.City);
        var to = Places.Locate(shipping.Country ?? billing.Country ?? registeredCountry, shipping.City);
        if (from is null || to is null)
        {
            return FraudSignal.NotApplicable(AddressDistance.Code, $"Cannot place {(from is null ? billing.City : shipping.City) ?? "the address"} without a geocoder (only {Places.Count} bundled city centroids).");
        }

        var result = AddressDistance.Check(from.Value, to.Value, thresholdKm);
        return result.IsOk ? result.Value! : FraudSignal.NotApplicable(AddressDistance.Code, result.Error!.Message);
    }

    private async Task<FraudSignal> Velocity(CreditApplication application, FraudOptions o, CancellationToken ct)
    {
        var window = TimeSpan.FromHours(o.VelocityWindowHours);
        var at = DateTime.SpecifyKind(application.SubmittedAtUtc ?? application.CreatedAtUtc, DateTimeKind.Utc);
        var from = at - window;
        var email = application.ApplicantEmail.Trim();
        var emailLower = email.ToLowerInvariant();
        var ip = application.SubmitterIp;
        var device = application.DeviceId;
        var earlier = await db.Applications.AsNoTracking()
            .Where(a => a.Id != application.Id)
            .Where(a => a.ApplicantEmail == email || a.ApplicantEmail == emailLower || (ip != null && a.SubmitterIp == ip) || (device != null && a.DeviceId == device))
            .Where(a => (a.SubmittedAtUtc ?? a.CreatedAtUtc) > from && (a.SubmittedAtUtc ?? a.CreatedAtUtc) <= at)
            .Select(a => new { a.Reference, a.ApplicantEmail, a.SubmitterIp, a.DeviceId, At = a.SubmittedAtUtc ?? a.CreatedAtUtc })
            .OrderByDescending(a => a.At)
            .Take(1000)
            .ToListAsync(ct);
        static DateTimeOffset Utc(DateTime d) => new(DateTime.SpecifyKind(d, DateTimeKind.Utc));
        var current = new ApplicationSeen(application.Reference, Utc(at), application.ApplicantEmail, ip, device);
        return ApplicationVelocity.Check(current, [.. earlier.Select(e => new ApplicationSeen(e.Reference, Utc(e.At), e.ApplicantEmail, e.SubmitterIp, e.DeviceId))], window, o.VelocityMaxApplications);
    }

    private static string Cap(string s, int max) => s.Length <= max ? s : s[..max];

    public static async Task<IResult> Endpoint(string reference, CreditDb db, CheckFraud fraud, CancellationToken ct)
    {
        var application = await db.Applications.AsNoTracking().SingleOrDefaultAsync(a => a.Reference == reference, ct);
        if (application is null)
        {
            return Problems.NotFound("Application", reference);
        }

        var result = await fraud.Run(application, ct);
        return TypedResults.Ok(new
        {
            signals = result.Signals.Select(s => new { s.Code, outcome = s.Outcome.ToString(), s.Evidence, fact = FactByCode[s.Code] }),
            facts = result.Flags,
            raised = result.Raised,
        });
    }
}
