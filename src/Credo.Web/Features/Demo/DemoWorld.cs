using System.Globalization;
using Credo.Domain.Analytics;
using Credo.Domain.Customers;
using Credo.Domain.Ledger;
using Credo.Web.Data;

namespace Credo.Web.Features.Demo;

/// <summary>How a demo customer pays; each drives the dates (and sometimes the amounts) of its payments.</summary>
internal enum PayerBehaviour
{
    /// <summary>Pays around the due date.</summary>
    Prompt,

    /// <summary>On cash-discount terms: pays within the discount days and takes the discount.</summary>
    EarlyDiscount,

    /// <summary>Always late, often in part.</summary>
    ChronicLate,

    /// <summary>Was prompt; pays later and later over recent months.</summary>
    Deteriorating,

    /// <summary>Stopped paying; the account is on hold.</summary>
    Defaulted,

    /// <summary>Stopped paying and ceased trading; what was owed has been written off.</summary>
    WrittenOff,
}

internal sealed record DemoAccount(Customer Customer, PayerBehaviour Behaviour, PaymentTerms Terms, string Channel, decimal OrderSize, double OrdersPerMonth, DateOnly FirstOrderOn)
{
    public DemoLedger? Ledger { get; set; }
}

internal sealed record DemoPlan(List<CorporateGroup> Groups, List<Segment> Segments, List<DemoAccount> Accounts);

/// <summary>
/// Builds the whole demo seller in memory, deterministically for a seed and a date: master data first, then two
/// years of each customer's receivables. Pure apart from the <see cref="Random"/> it is given.
/// </summary>
internal sealed class DemoWorld
{
    private const string Collector = "user:collector@credo.local";
    private const string Manager = "user:manager@credo.local";

    private readonly Random _random;
    private readonly DateOnly _today;
    private readonly DateOnly _start;
    private readonly DateTime _nowUtc;
    private readonly Dictionary<(string Dimension, string Code), Segment> _segments = [];
    private readonly HashSet<string> _names = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Disputes planned for the customer being built; played (and cleared) with its other events.</summary>
    private readonly List<DemoDispute> _disputes = [];

    /// <summary>The customer being built's invoices settled so far by <see cref="Simulated"/> (due, planned payment, amount).</summary>
    private readonly List<(DateOnly DueOn, DateOnly PaidOn, long AmountMinor)> _settled = [];
    private int _nextNumber = 10001;

    private DemoWorld(int seed, DateTime nowUtc)
    {
        _random = new Random(seed);
        _nowUtc = nowUtc;
        _today = DateOnly.FromDateTime(nowUtc);
        _start = _today.AddYears(-2);
    }

    public static DemoPlan Build(int customers, int seed, DateTime nowUtc)
    {
        var world = new DemoWorld(seed, nowUtc);
        var plan = world.MasterData(customers);
        foreach (var account in plan.Accounts)
        {
            account.Ledger = world.History(account);
        }

        NumberDocuments(plan);
        foreach (var account in plan.Accounts)
        {
            account.Ledger!.Settle();
        }

        return plan;
    }

    // ---------------------------------------------------------------- master data

    private DemoPlan MasterData(int count)
    {
        var groups = new List<CorporateGroup>();
        var accounts = new List<DemoAccount>();
        CorporateGroup Group(string code, string name, CorporateGroup? parent)
        {
            var g = new CorporateGroup { Code = code, Name = name, Parent = parent, CreatedAtUtc = _nowUtc };
            groups.Add(g);
            return g;
        }

        foreach (var r in DemoCatalogue.Regions)
        {
            Segment("region", r.Code, r.Name);
        }

        foreach (var (code, name) in new[] { ("grocery-chain", "Grocery chain"), ("independent", "Independent grocer"), ("convenience", "Convenience"), ("online", "Online retailer"), ("hospitality", "Hospitality"), ("specialty", "Specialty & deli") })
        {
            Segment("channel", code, name);
        }

        foreach (var (code, name) in new[] { ("key-account", "Key account"), ("standard", "Standard"), ("small", "Small account") })
        {
            Segment("tier", code, name);
        }

        var chainStores = Math.Max(6, count * 15 / 100);
        var convenienceStores = Math.Max(3, count * 5 / 100);
        var venues = Math.Max(2, count * 3 / 100);

        // A national chain three levels deep: holding, national divisions, regional operating companies, then stores.
        var holding = Group("FRESHWAY", "FreshWay Holdings Inc.", null);
        var us = Group("FRESHWAY-US", "FreshWay Markets (US)", holding);
        var ca = Group("FRESHWAY-CA", "FreshWay Canada Ltd.", holding);
        var chainRegions = new (CorporateGroup Group, string Region, string Legal, string TaxId)[]
        {
            (Group("FRESHWAY-NE", "FreshWay Northeast", us), "northeast", "FreshWay Markets Northeast LLC", "27-4418820"),
            (Group("FRESHWAY-SE", "FreshWay Southeast", us), "southeast", "FreshWay Markets Southeast LLC", "27-4418836"),
            (Group("FRESHWAY-MW", "FreshWay Midwest", us), "midwest", "FreshWay Markets Midwest LLC", "27-4418851"),
            (Group("FRESHWAY-W", "FreshWay West", us), "west", "FreshWay Markets West LLC", "27-4418879"),
            (Group("FRESHWAY-ON", "FreshWay Ontario & Quebec", ca), "canada", "FreshWay Canada Ltd.", "812345678RT0001"),
        };
        for (var i = 0; i < chainStores; i++)
        {
            var (group, regionCode, legal, taxId) = chainRegions[i % chainRegions.Length];
            var region = Region(regionCode);
            var city = Pick(region.Cities);
            var storeNo = 100 + (i * 7 % 900);
            var trading = string.Create(CultureInfo.InvariantCulture, $"FreshWay #{storeNo:D4} {city.City}");
            var terms = region.Currency == "USD" ? "EOM+30" : "NET60";
            accounts.Add(Account(region, city, legal, trading, taxId, "grocery-chain", "key-account", terms, group, orderSize: 3.2m, ordersPerMonth: 3.2, domain: "freshway-markets.example"));
        }

        // A convenience chain two levels deep.
        var pantry = Group("CORNERPANTRY", "Corner Pantry Stores Inc.", null);
        var pantryRegions = new[] { (Group("CORNERPANTRY-SW", "Corner Pantry Southwest", pantry), "southwest"), (Group("CORNERPANTRY-SE", "Corner Pantry Southeast", pantry), "southeast") };
        for (var i = 0; i < convenienceStores; i++)
        {
            var (group, regionCode) = pantryRegions[i % pantryRegions.Length];
            var region = Region(regionCode);
            var city = Pick(region.Cities);
            accounts.Add(Account(region, city, "Corner Pantry Stores Inc.", string.Create(CultureInfo.InvariantCulture, $"Corner Pantry #{200 + i} {city.City}"), "61-2093344", "convenience", "standard", "NET30", group, orderSize: 0.6m, ordersPerMonth: 2.5, domain: "cornerpantry.example"));
        }

        // A hospitality group.
        var bluegate = Group("BLUEGATE", "Bluegate Hospitality Group", null);
        for (var i = 0; i < venues; i++)
        {
            var region = Region(i % 2 == 0 ? "northeast" : "southeast");
            var city = Pick(region.Cities);
            var name = UniqueName(Pick(DemoCatalogue.HospitalityNames), city.City);
            accounts.Add(Account(region, city, "Bluegate Hospitality Group LLC", name, "46-3307712", "hospitality", "standard", "EOM+30", bluegate, orderSize: 0.9m, ordersPerMonth: 3.0, domain: "bluegate-hospitality.example"));
        }

        // Several small family groups and co-ops.
        var smallGroups = new[]
        {
            ("LOPEZ-FAMILY", "Lopez Family Grocers", "southwest", "independent"),
            ("GREENLEAF-COOP", "Greenleaf Food Co-op", "west", "independent"),
            ("OBRIEN-BROS", "O'Brien Brothers Markets", "northeast", "independent"),
            ("PRAIRIE-PANTRY", "Prairie Pantry Group", "midwest", "independent"),
            ("CASCADE-DELI", "Cascade Deli Partners", "west", "specialty"),
            ("MAPLE-GROCERS", "Maple Grocers Ltd.", "canada", "independent"),
        };
        foreach (var (code, name, regionCode, channel) in smallGroups.Take(Math.Max(1, count / 50)))
        {
            var group = Group(code, name, null);
            var region = Region(regionCode);
            var taxId = TaxId(region.Country);
            for (var i = 0; i < 2 + _random.Next(3); i++)
            {
                var city = Pick(region.Cities);
                var trading = UniqueName(name.Replace(" Group", string.Empty, StringComparison.Ordinal).Replace(" Partners", string.Empty, StringComparison.Ordinal), city.City);
                accounts.Add(Account(region, city, name + (region.Country == "US" ? " LLC" : string.Empty), trading, taxId, channel, "standard", Pick(["NET30", "NET30", "2/10NET30"]), group, orderSize: 1.1m, ordersPerMonth: 2.0, domain: code.ToLowerInvariant() + ".example"));
            }
        }

        // Independents fill the rest: mostly US, a few abroad.
        while (accounts.Count < count)
        {
            var region = PickRegion();
            var city = Pick(region.Cities);
            var roll = _random.NextDouble();
            var (channel, name, size, perMonth) = roll switch
            {
                < 0.50 => ("independent", $"{Pick(DemoCatalogue.GrocerNames)} {Pick(DemoCatalogue.GrocerSuffixes)}", 1.0m, 1.8),
                < 0.65 => ("specialty", Pick(DemoCatalogue.SpecialtyNames), 0.6m, 1.5),
                < 0.80 => ("hospitality", Pick(DemoCatalogue.HospitalityNames), 0.7m, 2.2),
                < 0.92 => ("online", Pick(DemoCatalogue.OnlineNames), 1.6m, 2.0),
                _ => ("convenience", Pick(DemoCatalogue.ConvenienceNames), 0.4m, 2.0),
            };
            var trading = UniqueName(name, city.City);
            var legal = trading + LegalSuffix(region.Country);
            var terms = channel switch
            {
                "online" => Pick(["NET30", "2/10NET30", "NET30"]),
                "hospitality" => Pick(["NET30", "EOM+30", "NET30"]),
                "convenience" => Pick(["NET30", "DUE"]),
                _ => Pick(["NET30", "NET30", "NET30", "2/10NET30", "2/10NET30", "NET60", "DUE"]),
            };
            var tier = size * (decimal)perMonth > 2.5m ? "key-account" : size < 0.7m ? "small" : "standard";
            var domain = new string([.. trading.ToLowerInvariant().Where(char.IsLetterOrDigit)]) + ".example";
            accounts.Add(Account(region, city, legal, trading, TaxId(region.Country), channel, tier, terms, null, size * (decimal)(0.5 + _random.NextDouble()), perMonth, domain));
        }

        AssignBehaviours(accounts);
        return new DemoPlan(groups, [.. _segments.Values], accounts);
    }

    private DemoAccount Account(DemoCatalogue.Region region, (string City, string State, string Postal) city, string legal, string trading, string taxId, string channel, string tier, string terms, CorporateGroup? group, decimal orderSize, double ordersPerMonth, string domain)
    {
        var number = string.Create(CultureInfo.InvariantCulture, $"C{_nextNumber++}");
        var address = new Address
        {
            Line1 = string.Create(CultureInfo.InvariantCulture, $"{10 + _random.Next(2900)} {Pick(DemoCatalogue.Streets)}"),
            City = city.City,
            Region = city.State,
            PostalCode = city.Postal,
            Country = region.Country,
        };
        var shipping = _random.NextDouble() < 0.2
            ? new Address { Line1 = string.Create(CultureInfo.InvariantCulture, $"Dock {1 + _random.Next(9)}, {10 + _random.Next(900)} {Pick(DemoCatalogue.Streets)}"), City = city.City, Region = city.State, PostalCode = city.Postal, Country = region.Country }
            : new Address { Line1 = address.Line1, City = address.City, Region = address.Region, PostalCode = address.PostalCode, Country = address.Country };
        var contacts = new List<Contact> { Person("Accounts payable", domain, "ap") };
        contacts.Add(Person(channel == "hospitality" ? "Purchasing manager" : "Buyer", domain, null));
        if (_random.NextDouble() < 0.4)
        {
            contacts.Add(Person(group is null ? "Owner" : "Store manager", domain, null));
        }

        var customer = new Customer
        {
            Number = number,
            LegalName = legal,
            TradingName = trading,
            TaxId = taxId,
            Email = "ap@" + domain,
            Phone = Phone(region.Country),
            Website = group is null && channel == "online" ? "https://www." + domain : null,
            Currency = region.Currency,
            TermsCode = PaymentTerms.Parse(terms).Value!.Code,
            Status = CustomerStatus.Active,
            Group = group,
            BillingAddress = address,
            ShippingAddress = shipping,
            Contacts = contacts,
            CreatedAtUtc = _nowUtc,
            UpdatedAtUtc = _nowUtc,
        };
        customer.Segments.Add(new CustomerSegment { Segment = _segments[("region", region.Code)] });
        customer.Segments.Add(new CustomerSegment { Segment = _segments[("channel", channel)] });
        customer.Segments.Add(new CustomerSegment { Segment = _segments[("tier", tier)] });
        customer.RefreshSearchText();

        // Most customers have traded with us for the whole two years; some joined since.
        var firstOrder = _random.NextDouble() < 0.82 ? _start.AddDays(_random.Next(20)) : _start.AddDays(60 + _random.Next(560));
        return new DemoAccount(customer, PayerBehaviour.Prompt, PaymentTerms.Parse(terms).Value!, channel, orderSize, ordersPerMonth, firstOrder);
    }

    /// <summary>Fixed proportions, shuffled, so every kind of payer is present at any size.</summary>
    private void AssignBehaviours(List<DemoAccount> accounts)
    {
        var order = accounts.Select((a, i) => (a, Key: _random.Next())).OrderBy(x => x.Key).Select(x => x.a).ToList();
        var n = accounts.Count;
        var writtenOff = Math.Max(2, n * 2 / 100);
        var defaulted = Math.Max(2, n * 3 / 100);
        var deteriorating = Math.Max(3, n * 8 / 100);
        var late = Math.Max(5, n * 18 / 100);
        var index = 0;
        for (var i = 0; i < order.Count; i++)
        {
            var a = order[i];
            if (a.Customer.Group?.Code.StartsWith("FRESHWAY", StringComparison.Ordinal) == true)
            {
                // The national chain pays by the book: prompt, or late centrally now and then (see History).
                continue;
            }

            var behaviour = index++ switch
            {
                var k when k < writtenOff => PayerBehaviour.WrittenOff,
                var k when k < writtenOff + defaulted => PayerBehaviour.Defaulted,
                var k when k < writtenOff + defaulted + deteriorating => PayerBehaviour.Deteriorating,
                var k when k < writtenOff + defaulted + deteriorating + late => PayerBehaviour.ChronicLate,
                _ => a.Terms.DiscountPercent > 0 && _random.NextDouble() < 0.75 ? PayerBehaviour.EarlyDiscount : PayerBehaviour.Prompt,
            };
            var at = accounts.IndexOf(a);
            var troubled = behaviour is PayerBehaviour.WrittenOff or PayerBehaviour.Defaulted;
            accounts[at] = a with { Behaviour = behaviour, FirstOrderOn = troubled ? _start.AddDays(_random.Next(90)) : a.FirstOrderOn };
            accounts[at].Customer.Status = behaviour switch
            {
                PayerBehaviour.WrittenOff => CustomerStatus.Closed,
                PayerBehaviour.Defaulted => _random.NextDouble() < 0.5 ? CustomerStatus.Blocked : CustomerStatus.OnHold,
                PayerBehaviour.Prompt or PayerBehaviour.EarlyDiscount or PayerBehaviour.ChronicLate or PayerBehaviour.Deteriorating => CustomerStatus.Active,
            };
            if (behaviour is PayerBehaviour.WrittenOff or PayerBehaviour.Defaulted)
            {
                accounts[at].Customer.Notes = behaviour == PayerBehaviour.WrittenOff
                    ? "Ceased trading; balance written off as bad debt. Do not reopen without a credit review."
                    : "Stopped paying; account on hold pending a payment plan.";
            }
        }
    }

    // ---------------------------------------------------------------- receivables history

    private enum Step
    {
        CreditNote,
        Pay,
        Bounce,
    }

    private sealed record Event(DateOnly On, Step Step, LedgerEntry? Invoice, decimal Fraction, decimal DiscountPercent, string? Reason, LedgerEntry? Payment);

    private DemoLedger History(DemoAccount account)
    {
        var c = account.Customer;
        var ledger = new DemoLedger(c.Currency, _nowUtc);
        var rate = DemoCatalogue.UsdRate(c.Currency);
        var scale = Credo.Domain.Amounts.Currency.Of(c.Currency).Scale;
        var events = new List<Event>();
        _settled.Clear();
        var stopsPayingOn = _today.AddDays(-(120 + _random.Next(200)));
        var stopsOrderingOn = stopsPayingOn.AddDays(45 + _random.Next(30));
        var deterioratesFrom = _today.AddDays(-(150 + _random.Next(90)));
        var invoices = new List<LedgerEntry>();

        // Orders: a gap around the customer's rhythm, on weekdays.
        var on = account.FirstOrderOn;
        while (on <= _today)
        {
            if (account.Behaviour is PayerBehaviour.Defaulted or PayerBehaviour.WrittenOff && on > stopsOrderingOn)
            {
                break;
            }

            if (on.DayOfWeek is not (DayOfWeek.Saturday or DayOfWeek.Sunday))
            {
                var invoice = ledger.Invoice(on, account.Terms.DueOn(on), account.Terms.Code, _random.NextDouble() < 0.6 ? string.Create(CultureInfo.InvariantCulture, $"PO-{_random.Next(10000, 99999)}") : null, Lines(account.OrderSize, rate, scale));
                invoices.Add(invoice);
                PlanSettlement(account, invoice, events, stopsPayingOn, deterioratesFrom);
            }

            var meanGap = 30.0 / account.OrdersPerMonth;
            on = on.AddDays(Math.Max(1, (int)Math.Round(meanGap * (0.5 + _random.NextDouble()))));
        }

        Play(account, ledger, events);

        if (account.Behaviour == PayerBehaviour.WrittenOff)
        {
            var writeOffOn = Weekday(Min(stopsOrderingOn.AddDays(120 + _random.Next(40)), _today.AddDays(-7)));
            foreach (var invoice in invoices.Where(i => ledger.OpenOf(i) > 0 && i.PostedOn <= writeOffOn))
            {
                ledger.WriteOff(invoice, writeOffOn, "Customer ceased trading; uncollectable (bad debt)");
            }
        }

        // Cash on account: a remittance we could not match yet, or a deposit ahead of a large order.
        if (account.Behaviour is PayerBehaviour.Prompt or PayerBehaviour.ChronicLate && _random.NextDouble() < 0.12)
        {
            var receivedOn = Weekday(_today.AddDays(-_random.Next(3, 40)));
            var amount = Whole(Pow10(scale) * 100 * (5 + _random.Next(60)) * rate);
            ledger.Payment(receivedOn, [], amount, "bank-transfer", Reference("ONACCT"));
        }

        return ledger;
    }

    private void PlanSettlement(DemoAccount account, LedgerEntry invoice, List<Event> events, DateOnly stopsPayingOn, DateOnly deterioratesFrom)
    {
        var issued = invoice.PostedOn;
        var due = invoice.DueOn!.Value;
        var terms = account.Terms;

        // A few invoices get a credit note for returns, short deliveries or pricing.
        if (_random.NextDouble() < 0.04)
        {
            events.Add(new Event(issued.AddDays(3 + _random.Next(15)), Step.CreditNote, invoice, (decimal)(0.05 + (_random.NextDouble() * 0.25)), 0, Pick(DemoCatalogue.CreditNoteReasons), null));
        }

        // Disputes: recent ones still open (and unpaid), older ones resolved by a credit note or by payment.
        if (account.Behaviour != PayerBehaviour.WrittenOff && _random.NextDouble() < 0.025)
        {
            var openedOn = issued.AddDays(4 + _random.Next(20));
            if (openedOn > _today)
            {
                openedOn = _today;
            }

            var dispute = new DemoDispute(invoice, openedOn, Pick(DemoCatalogue.DisputeReasons));
            _disputes.Add(dispute);
            if (issued > _today.AddDays(-75))
            {
                return;
            }

            dispute.ResolvedOn = openedOn.AddDays(7 + _random.Next(30));
            if (_random.NextDouble() < 0.5)
            {
                dispute.Resolution = "Agreed: credit note issued for the disputed part";
                events.Add(new Event(dispute.ResolvedOn.Value, Step.CreditNote, invoice, (decimal)(0.1 + (_random.NextDouble() * 0.3)), 0, "Dispute settled: " + dispute.Reason, null));
            }
            else
            {
                dispute.Resolution = "Rejected: proof of delivery provided; customer agreed to pay";
            }

            events.Add(new Event(dispute.ResolvedOn.Value.AddDays(3 + _random.Next(10)), Step.Pay, invoice, 1, 0, null, null));
            return;
        }

        var months = (_today.DayNumber - deterioratesFrom.DayNumber) / 30.0;
        int delay;
        switch (account.Behaviour)
        {
            case PayerBehaviour.EarlyDiscount when _random.NextDouble() < 0.9:
                events.Add(new Event(issued.AddDays(2 + _random.Next(terms.DiscountDays - 1)), Step.Pay, invoice, 1, terms.DiscountPercent, null, null));
                return;
            case PayerBehaviour.EarlyDiscount:
            case PayerBehaviour.Prompt:
                delay = Simulated(account, invoice, habit: -3);
                if (invoice.PostedOn > _today.AddDays(-365) && account.Customer.Group?.Parent?.Parent?.Code == "FRESHWAY" && _random.NextDouble() < 0.1)
                {
                    delay += 20; // the chain's central payables run slips now and then
                }

                break;
            case PayerBehaviour.ChronicLate:
                delay = Math.Max(8, Simulated(account, invoice, habit: 22 + (_random.NextDouble() * 10)));
                if (_random.NextDouble() < 0.25)
                {
                    // Pays part now, the rest weeks later.
                    var partOn = due.AddDays(delay);
                    events.Add(new Event(partOn, Step.Pay, invoice, (decimal)(0.3 + (_random.NextDouble() * 0.4)), 0, null, null));
                    events.Add(new Event(partOn.AddDays(20 + _random.Next(40)), Step.Pay, invoice, 1, 0, null, null));
                    return;
                }

                break;
            case PayerBehaviour.Deteriorating:
                var late = (issued.DayNumber - deterioratesFrom.DayNumber) / 30.0;
                delay = late <= 0 ? _random.Next(-3, 5) : (int)(late * (8 + _random.Next(8))) + _random.Next(0, 10);
                if (late > months * 0.6 && _random.NextDouble() < 0.3)
                {
                    events.Add(new Event(due.AddDays(delay), Step.Pay, invoice, 0.5m, 0, null, null));
                    return;
                }

                break;
            case PayerBehaviour.Defaulted:
            case PayerBehaviour.WrittenOff:
                delay = _random.Next(5, 30);
                if (due.AddDays(delay) >= stopsPayingOn)
                {
                    // The last partial payment before the silence, then nothing.
                    if (due.AddDays(delay) < stopsPayingOn.AddDays(20) && _random.NextDouble() < 0.4)
                    {
                        events.Add(new Event(stopsPayingOn, Step.Pay, invoice, 0.25m, 0, null, null));
                    }

                    return;
                }

                break;
            default:
                throw new InvalidOperationException("Unknown behaviour.");
        }

        var payOn = due.AddDays(delay);
        events.Add(new Event(payOn < issued ? issued : payOn, Step.Pay, invoice, 1, 0, null, null));
    }

    /// <summary>
    /// A regular payer's days beyond terms by the generator's own rule (<see cref="PayerSimulation.DaysBeyondTerms"/>,
    /// issue 13 §5), so the demo's lateness depends on what the prediction can see: the channel, tenure, the order's size
    /// against the customer's usual, December and August, and what was already overdue when it was invoiced.
    /// </summary>
    private int Simulated(DemoAccount account, LedgerEntry invoice, double habit)
    {
        var issued = invoice.PostedOn;
        var due = invoice.DueOn!.Value;
        var usual = _settled.Count == 0 ? invoice.AmountMinor : _settled.Average(x => (double)x.AmountMinor);
        var overdue = _settled.Count(x => x.DueOn < issued && x.PaidOn >= issued);
        var channelDays = account.Channel switch
        {
            "online" => -2,
            "grocery-chain" => 0,
            "independent" or "convenience" => 2,
            "specialty" => 4,
            _ => 6,
        };
        var days = PayerSimulation.DaysBeyondTerms(_random, new PayerTraits(habit, channelDays, account.FirstOrderOn, null), issued, invoice.AmountMinor / Math.Max(1, usual), overdue);
        var delay = (int)Math.Round(Math.Clamp(days, issued.DayNumber - due.DayNumber + 1, 120));
        _settled.Add((due, due.AddDays(delay), invoice.AmountMinor));
        return delay;
    }

    /// <summary>Plays the planned events day by day up to today: same-day payments are one remittance.</summary>
    private void Play(DemoAccount account, DemoLedger ledger, List<Event> planned)
    {
        foreach (var d in _disputes)
        {
            var dispute = ledger.OpenDispute(d.Invoice, d.OpenedOn, d.Reason, Collector);
            if (d.ResolvedOn is { } resolvedOn && resolvedOn <= _today)
            {
                DemoLedger.ResolveDispute(dispute, d.Invoice, resolvedOn, d.Resolution!, Manager);
            }
        }

        _disputes.Clear();
        var queue = new PriorityQueue<Event, (int, int)>();
        var seq = 0;
        foreach (var e in planned)
        {
            var on = Weekday(e.On);
            if (on <= _today)
            {
                queue.Enqueue(e with { On = on }, (on.DayNumber, seq++));
            }
        }

        var scale = Credo.Domain.Amounts.Currency.Of(ledger.Currency).Scale;
        while (queue.Count > 0)
        {
            var day = queue.Peek().On;
            var today = new List<Event>();
            while (queue.Count > 0 && queue.Peek().On == day)
            {
                today.Add(queue.Dequeue());
            }

            foreach (var e in today.Where(e => e.Step == Step.CreditNote))
            {
                var amount = Math.Min(ledger.OpenOf(e.Invoice!), Whole(e.Invoice!.AmountMinor * e.Fraction));
                if (amount > 0)
                {
                    ledger.CreditNote(day, e.Invoice, amount, e.Reason!);
                }
            }

            foreach (var e in today.Where(e => e.Step == Step.Bounce))
            {
                ledger.ReturnPayment(e.Payment!, day, e.Reason!);
            }

            var parts = new List<(LedgerEntry Invoice, long AmountMinor)>();
            long discountMinor = 0;
            foreach (var e in today.Where(e => e.Step == Step.Pay && !e.Invoice!.Disputed))
            {
                var open = ledger.OpenOf(e.Invoice!) - parts.Where(p => p.Invoice == e.Invoice).Sum(p => p.AmountMinor);
                if (open <= 0)
                {
                    continue;
                }

                var pay = e.Fraction >= 1 ? open : Math.Min(open, Whole(open * e.Fraction));
                if (e.DiscountPercent > 0)
                {
                    var discount = Whole(open * e.DiscountPercent / 100m);
                    ledger.CreditNote(day, e.Invoice!, discount, string.Create(CultureInfo.InvariantCulture, $"Prompt-payment discount {e.DiscountPercent:0.##} %"));
                    discountMinor += discount;
                    pay = open - discount;
                }

                parts.Add((e.Invoice!, pay));
            }

            if (parts.Count == 0)
            {
                continue;
            }

            // Now and then a customer rounds up and leaves the difference on account.
            long onAccount = 0;
            if (_random.NextDouble() < 0.03)
            {
                var unit = (long)Pow10(scale) * 100;
                var total = parts.Sum(p => p.AmountMinor);
                onAccount = ((total / unit) + 1) * unit - total;
            }

            var payment = ledger.Payment(day, parts, onAccount, PickMethod(account), Reference("RMT"));

            // A few payments from struggling payers come back unpaid; they pay again later (or not yet).
            if (account.Behaviour is PayerBehaviour.ChronicLate or PayerBehaviour.Deteriorating && _random.NextDouble() < 0.02)
            {
                var returnedOn = Weekday(day.AddDays(4 + _random.Next(4)));
                if (returnedOn <= _today)
                {
                    queue.Enqueue(new Event(returnedOn, Step.Bounce, null, 0, 0, Pick(["Returned: insufficient funds (R01)", "Cheque returned unpaid", "Direct debit recalled by the payer's bank"]), payment), (returnedOn.DayNumber, seq++));
                    foreach (var (invoice, _) in parts)
                    {
                        var again = Weekday(returnedOn.AddDays(7 + _random.Next(25)));
                        if (again <= _today)
                        {
                            queue.Enqueue(new Event(again, Step.Pay, invoice, 1, 0, null, null), (again.DayNumber, seq++));
                        }
                    }
                }
            }
        }
    }

    private List<InvoiceLine> Lines(decimal orderSize, decimal rate, int scale)
    {
        var count = 2 + _random.Next(4);
        var products = DemoCatalogue.Products.OrderBy(_ => _random.Next()).Take(count).ToList();
        var lines = new List<InvoiceLine>();
        foreach (var p in products)
        {
            var quantity = Math.Max(1, (int)Math.Round(p.TypicalQuantity * orderSize * (decimal)(0.5 + _random.NextDouble())));
            var unit = Whole(p.UnitPriceMinor * rate * Pow10(scale) / 100m);
            lines.Add(new InvoiceLine
            {
                LineNo = lines.Count + 1,
                Sku = p.Sku,
                Description = p.Description,
                QuantityMilli = quantity * 1000L,
                UnitPriceMinor = unit,
                AmountMinor = quantity * unit,
            });
        }

        return lines;
    }

    /// <summary>Invoice, credit-note and payment numbers in date order across the whole seller.</summary>
    private static void NumberDocuments(DemoPlan plan)
    {
        var all = plan.Accounts.SelectMany((a, i) => a.Ledger!.Items.Select(e => (Entry: e, Account: i))).OrderBy(x => x.Entry.PostedOn).ThenBy(x => x.Account).ToList();
        var counters = new Dictionary<(EntryKind, int), int>();
        foreach (var (entry, _) in all)
        {
            var year = entry.PostedOn.Year;
            counters.TryGetValue((entry.Kind, year), out var n);
            counters[(entry.Kind, year)] = ++n;
            var prefix = entry.Kind switch
            {
                EntryKind.Invoice => "INV",
                EntryKind.CreditNote => "CN",
                EntryKind.Payment => "PMT",
                EntryKind.Adjustment => "ADJ",
                EntryKind.WriteOff => "WO",
                EntryKind.Reversal => "REV",
            };
            entry.Document = string.Create(CultureInfo.InvariantCulture, $"{prefix}-{year}-{n:D6}");
        }
    }

    // ---------------------------------------------------------------- small helpers

    private Segment Segment(string dimension, string code, string name)
    {
        var s = new Segment { Dimension = dimension, Code = code, Name = name };
        _segments[(dimension, code)] = s;
        return s;
    }

    private static DemoCatalogue.Region Region(string code) => DemoCatalogue.Regions.Single(r => r.Code == code);

    private DemoCatalogue.Region PickRegion()
    {
        var roll = _random.NextDouble();
        return roll switch
        {
            < 0.86 => DemoCatalogue.Regions[_random.Next(5)],
            < 0.93 => Region("canada"),
            < 0.96 => Region("mexico"),
            < 0.98 => Region("uk"),
            _ => Region("ireland"),
        };
    }

    private T Pick<T>(IReadOnlyList<T> items) => items[_random.Next(items.Count)];

    private string UniqueName(string name, string city)
    {
        if (_names.Add(name))
        {
            return name;
        }

        var withCity = $"{name} {city}";
        for (var i = 2; !_names.Add(withCity); i++)
        {
            withCity = string.Create(CultureInfo.InvariantCulture, $"{name} {city} {i}");
        }

        return withCity;
    }

    private string LegalSuffix(string country) => country switch
    {
        "US" => Pick([" LLC", " Inc.", " Co."]),
        "CA" => " Ltd.",
        "MX" => " S.A. de C.V.",
        "GB" => " Ltd",
        "IE" => " Limited",
        _ => string.Empty,
    };

    private string TaxId(string country) => country switch
    {
        "US" => string.Create(CultureInfo.InvariantCulture, $"{_random.Next(10, 99)}-{_random.Next(1000000, 9999999)}"),
        "CA" => string.Create(CultureInfo.InvariantCulture, $"{_random.Next(100000000, 999999999)}RT0001"),
        "MX" => string.Create(CultureInfo.InvariantCulture, $"{(char)('A' + _random.Next(26))}{(char)('A' + _random.Next(26))}{(char)('A' + _random.Next(26))}{_random.Next(100000, 999999)}{(char)('A' + _random.Next(26))}{_random.Next(10, 99)}"),
        "GB" => string.Create(CultureInfo.InvariantCulture, $"GB{_random.Next(100000000, 999999999)}"),
        "IE" => string.Create(CultureInfo.InvariantCulture, $"IE{_random.Next(1000000, 9999999)}{(char)('A' + _random.Next(23))}"),
        _ => string.Create(CultureInfo.InvariantCulture, $"{_random.Next(100000000, 999999999)}"),
    };

    private string Phone(string country) => country switch
    {
        "US" or "CA" => string.Create(CultureInfo.InvariantCulture, $"+1 {_random.Next(201, 989)}-555-01{_random.Next(100):D2}"),
        "MX" => string.Create(CultureInfo.InvariantCulture, $"+52 81 5550 {_random.Next(1000, 9999)}"),
        "GB" => string.Create(CultureInfo.InvariantCulture, $"+44 20 7946 0{_random.Next(100, 999)}"),
        _ => string.Create(CultureInfo.InvariantCulture, $"+353 1 555 {_random.Next(1000, 9999)}"),
    };

    private Contact Person(string role, string domain, string? mailbox)
    {
        var first = Pick(DemoCatalogue.FirstNames);
        var last = Pick(DemoCatalogue.LastNames);
        var local = mailbox ?? (first[0] + new string([.. last.Where(char.IsLetter)])).ToLowerInvariant();
        return new Contact { Name = $"{first} {last}", Role = role, Email = $"{local}@{domain}", Phone = string.Create(CultureInfo.InvariantCulture, $"+1 555-01{_random.Next(100):D2}") };
    }

    private string PickMethod(DemoAccount account) => account.Channel switch
    {
        "grocery-chain" => "bank-transfer",
        "online" => Pick(["bank-transfer", "card", "direct-debit"]),
        "hospitality" => Pick(["bank-transfer", "cheque", "card"]),
        _ => Pick(["bank-transfer", "bank-transfer", "cheque", "direct-debit"]),
    };

    private string Reference(string prefix) => string.Create(CultureInfo.InvariantCulture, $"{prefix}{_random.Next(10_000_000, 99_999_999)}");

    private static DateOnly Weekday(DateOnly d) => d.DayOfWeek switch
    {
        DayOfWeek.Saturday => d.AddDays(2),
        DayOfWeek.Sunday => d.AddDays(1),
        DayOfWeek.Monday or DayOfWeek.Tuesday or DayOfWeek.Wednesday or DayOfWeek.Thursday or DayOfWeek.Friday => d,
    };

    private static DateOnly Min(DateOnly a, DateOnly b) => a <= b ? a : b;

    private static decimal Pow10(int scale) => scale switch
    {
        0 => 1m,
        1 => 10m,
        2 => 100m,
        _ => 1000m,
    };

    /// <summary>Rounds an amount in minor units to a whole number of them.</summary>
    private static long Whole(decimal minor) => (long)Math.Round(minor, MidpointRounding.ToEven);

    private sealed class DemoDispute(LedgerEntry invoice, DateOnly openedOn, string reason)
    {
        public LedgerEntry Invoice { get; } = invoice;

        public DateOnly OpenedOn { get; } = openedOn;

        public string Reason { get; } = reason;

        public DateOnly? ResolvedOn { get; set; }

        public string? Resolution { get; set; }
    }
}
