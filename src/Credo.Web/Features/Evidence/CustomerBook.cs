using Credo.Domain.Fraud;
using Credo.Web.Data;
using Microsoft.EntityFrameworkCore;

namespace Credo.Web.Features.Evidence;

/// <summary>
/// The customer book as the fraud checks need it, kept in memory per app instance: a trigram index of names
/// (<see cref="NameCandidates"/>) and normalised identifiers (tax id, phone, email domain, billing address). It is
/// brought up to date before each use: a probe of the highest customer id and <c>UpdatedAtUtc</c> (both indexed) says
/// whether anything changed, and only then are the customers changed since the last load read again (with a
/// five-minute overlap, and at least once a minute, for transactions that commit late with an older timestamp). So a
/// check compares an applicant with a few candidates instead of the whole book, and every instance sees every change.
/// </summary>
internal sealed class CustomerBook : IDisposable
{
    private static readonly TimeSpan Overlap = TimeSpan.FromMinutes(5);

    private static readonly TimeSpan RereadEvery = TimeSpan.FromMinutes(1);

    private readonly SemaphoreSlim gate = new(1, 1);
    private readonly NameCandidates names = new();
    private readonly Dictionary<long, CustomerIdentity> identities = [];
    private readonly Dictionary<(IdentifierKind Kind, string Value), HashSet<long>> byIdentifier = [];
    private DateTime? watermark;
    private long lastMaxId;
    private DateTime lastOverlapRead;

    public int Count => identities.Count;

    public void Dispose() => gate.Dispose();

    public sealed record CustomerIdentity(long Id, string Number, string Name, IReadOnlyList<Identifier> Identifiers);

    /// <summary>Runs <paramref name="read"/> on an up-to-date book, one caller at a time.</summary>
    public async Task<T> Read<T>(CreditDb db, Func<BookView, T> read, CancellationToken ct)
    {
        await gate.WaitAsync(ct);
        try
        {
            await Refresh(db, ct);
            return read(new BookView(this));
        }
        finally
        {
            gate.Release();
        }
    }

    private async Task Refresh(CreditDb db, CancellationToken ct)
    {
        // Cheap probe on two indexed maxima: unchanged means nothing to load, except for a periodic re-read of the
        // overlap window that catches a transaction which committed late with an older UpdatedAtUtc.
        var probe = await db.Customers.AsNoTracking()
            .GroupBy(_ => 1)
            .Select(g => new { MaxId = g.Max(c => c.Id), MaxUpdated = g.Max(c => c.UpdatedAtUtc) })
            .SingleOrDefaultAsync(ct);
        var now = db.UtcNow;
        if (watermark is not null && probe is not null && probe.MaxId == lastMaxId && Utc(probe.MaxUpdated) == watermark && now - lastOverlapRead < RereadEvery)
        {
            return;
        }

        var since = watermark?.Subtract(Overlap);
        var query = db.Customers.AsNoTracking();
        if (since is { } s)
        {
            query = query.Where(c => c.UpdatedAtUtc >= s);
        }

        var changed = await query
            .Select(c => new { c.Id, c.Number, c.LegalName, c.TaxId, c.Phone, c.Email, c.BillingAddress.Line1, c.BillingAddress.PostalCode, c.BillingAddress.Country, c.UpdatedAtUtc })
            .ToListAsync(ct);
        foreach (var c in changed)
        {
            var identifiers = new List<Identifier>();
            void AddId(IdentifierKind kind, string? value)
            {
                if (!string.IsNullOrWhiteSpace(value) && SharedIdentifiers.NormaliseValue(kind, value).Length > 0)
                {
                    identifiers.Add(new Identifier(kind, value));
                }
            }

            AddId(IdentifierKind.TaxId, c.TaxId);
            AddId(IdentifierKind.Phone, c.Phone);
            AddId(IdentifierKind.Email, FraudIdentifiers.EmailKey(c.Email));
            AddId(IdentifierKind.Address, string.IsNullOrWhiteSpace(c.Line1) ? null : $"{c.Line1} {c.PostalCode} {c.Country}");
            Upsert(new CustomerIdentity(c.Id, c.Number, c.LegalName, identifiers));
        }

        if (probe is not null)
        {
            watermark = watermark is { } w && w > Utc(probe.MaxUpdated) ? w : Utc(probe.MaxUpdated);
            lastMaxId = probe.MaxId;
        }

        watermark ??= Utc(DateTime.MinValue.AddDays(1));
        lastOverlapRead = now;
    }

    private static DateTime Utc(DateTime d) => DateTime.SpecifyKind(d, DateTimeKind.Utc);

    private void Upsert(CustomerIdentity identity)
    {
        if (identities.TryGetValue(identity.Id, out var old))
        {
            foreach (var id in old.Identifiers)
            {
                if (byIdentifier.TryGetValue(Key(id), out var set))
                {
                    set.Remove(identity.Id);
                }
            }
        }

        identities[identity.Id] = identity;
        names.Upsert(identity.Id.ToString(System.Globalization.CultureInfo.InvariantCulture), identity.Name);
        foreach (var id in identity.Identifiers)
        {
            if (!byIdentifier.TryGetValue(Key(id), out var set))
            {
                byIdentifier[Key(id)] = set = [];
            }

            set.Add(identity.Id);
        }
    }

    private static (IdentifierKind, string) Key(Identifier id) => (id.Kind, SharedIdentifiers.NormaliseValue(id.Kind, id.Value));

    /// <summary>Read-only queries on the book, valid inside <see cref="Read{T}"/> only.</summary>
    internal sealed class BookView(CustomerBook book)
    {
        public int Count => book.identities.Count;

        public IReadOnlyList<ExistingCustomer> NameCandidates(string name, decimal threshold) => book.names.Candidates(name, threshold);

        public string? Number(long id) => book.identities.TryGetValue(id, out var c) ? c.Number : null;

        /// <summary>The customers holding any of <paramref name="wanted"/>, as the shared-identifier check reads them.</summary>
        public IReadOnlyList<CustomerIdentifier> Holding(IReadOnlyList<Identifier> wanted)
        {
            var found = new List<CustomerIdentifier>();
            foreach (var id in wanted)
            {
                if (book.byIdentifier.TryGetValue(Key(id), out var holders))
                {
                    found.AddRange(holders.Select(h => book.identities[h]).Select(c => new CustomerIdentifier($"{c.Number}", c.Name, id.Kind, id.Value)));
                }
            }

            return found;
        }
    }
}
