namespace Credo.Web.Features.Demo;

/// <summary>
/// The raw material of the demo seller, Harbor &amp; Vine Distributors: a beverage and specialty-food wholesaler
/// selling to grocery chains, independent grocers, convenience stores, online shops and hospitality. All names,
/// tax ids, phone numbers (555-01xx) and e-mail domains (.example) are fictional.
/// </summary>
internal static class DemoCatalogue
{
    internal sealed record Region(string Code, string Name, string Country, string Currency, IReadOnlyList<(string City, string State, string Postal)> Cities);

    internal sealed record Product(string Sku, string Description, long UnitPriceMinor, int TypicalQuantity);

    public static readonly IReadOnlyList<Region> Regions =
    [
        new("northeast", "Northeast", "US", "USD", [("Boston", "MA", "02118"), ("Providence", "RI", "02903"), ("Hartford", "CT", "06103"), ("Albany", "NY", "12207"), ("Brooklyn", "NY", "11201"), ("Portland", "ME", "04101"), ("Burlington", "VT", "05401"), ("Newark", "NJ", "07102")]),
        new("southeast", "Southeast", "US", "USD", [("Atlanta", "GA", "30303"), ("Charlotte", "NC", "28202"), ("Savannah", "GA", "31401"), ("Tampa", "FL", "33602"), ("Orlando", "FL", "32801"), ("Nashville", "TN", "37203"), ("Charleston", "SC", "29401"), ("Richmond", "VA", "23219")]),
        new("midwest", "Midwest", "US", "USD", [("Chicago", "IL", "60607"), ("Milwaukee", "WI", "53202"), ("Minneapolis", "MN", "55401"), ("Columbus", "OH", "43215"), ("Indianapolis", "IN", "46204"), ("Detroit", "MI", "48226"), ("Madison", "WI", "53703"), ("Kansas City", "MO", "64105")]),
        new("southwest", "Southwest", "US", "USD", [("Austin", "TX", "78701"), ("Houston", "TX", "77002"), ("Phoenix", "AZ", "85004"), ("Tucson", "AZ", "85701"), ("Albuquerque", "NM", "87102"), ("San Antonio", "TX", "78205"), ("Dallas", "TX", "75201"), ("El Paso", "TX", "79901")]),
        new("west", "West", "US", "USD", [("Oakland", "CA", "94607"), ("Sacramento", "CA", "95814"), ("Portland", "OR", "97205"), ("Seattle", "WA", "98104"), ("San Diego", "CA", "92101"), ("Denver", "CO", "80202"), ("Boise", "ID", "83702"), ("Reno", "NV", "89501")]),
        new("canada", "Canada", "CA", "CAD", [("Toronto", "ON", "M5V 2T6"), ("Vancouver", "BC", "V6B 1A1"), ("Montreal", "QC", "H2Y 1C6"), ("Calgary", "AB", "T2P 1J9"), ("Ottawa", "ON", "K1P 5J2")]),
        new("mexico", "Mexico", "MX", "MXN", [("Monterrey", "NL", "64000"), ("Guadalajara", "JAL", "44100"), ("Tijuana", "BC", "22000")]),
        new("uk", "United Kingdom", "GB", "GBP", [("London", "ENG", "EC1V 9HX"), ("Manchester", "ENG", "M1 1AE"), ("Bristol", "ENG", "BS1 4DJ")]),
        new("ireland", "Ireland", "IE", "EUR", [("Dublin", "D", "D02 X285"), ("Cork", "CO", "T12 W8CV")]),
    ];

    /// <summary>How many units of a major-unit price one US dollar buys, roughly, for pricing in other currencies.</summary>
    public static decimal UsdRate(string currency) => currency switch
    {
        "CAD" => 1.36m,
        "MXN" => 18.2m,
        "GBP" => 0.79m,
        "EUR" => 0.92m,
        _ => 1m,
    };

    public static readonly IReadOnlyList<Product> Products =
    [
        new("BEV-SPW-24", "Sparkling spring water 24 x 500 ml", 14_40, 40),
        new("BEV-STW-24", "Still spring water 24 x 500 ml", 11_90, 50),
        new("BEV-CBR-12", "Cold brew coffee 12 x 330 ml", 27_60, 20),
        new("BEV-KMB-12", "Ginger kombucha 12 x 355 ml", 31_20, 15),
        new("BEV-OJ-6", "Pressed orange juice 6 x 1 l", 22_50, 25),
        new("BEV-LEM-24", "Craft lemonade 24 x 330 ml", 26_40, 20),
        new("BEV-IPA-24", "Harbor IPA 24 x 355 ml", 38_90, 30),
        new("BEV-CID-12", "Dry apple cider 12 x 500 ml", 29_75, 15),
        new("BEV-RED-6", "Tempranillo red wine 6 x 750 ml", 54_00, 10),
        new("BEV-WHT-6", "Sauvignon blanc 6 x 750 ml", 51_00, 10),
        new("BEV-TEA-20", "Organic green tea 20 x 25 bags", 48_00, 8),
        new("FOD-OLV-12", "Extra virgin olive oil 12 x 500 ml", 86_40, 6),
        new("FOD-PST-20", "Bronze-cut pasta 20 x 500 g", 32_00, 12),
        new("FOD-TOM-12", "San Marzano tomatoes 12 x 400 g", 27_00, 15),
        new("FOD-CHS-6", "Aged cheddar 6 x 1 kg", 71_40, 6),
        new("FOD-CRK-24", "Sea salt crackers 24 x 150 g", 33_60, 10),
        new("FOD-CHC-48", "Dark chocolate bars 48 x 100 g", 62_40, 8),
        new("FOD-GRN-12", "Honey almond granola 12 x 400 g", 45_60, 10),
        new("FOD-HNY-12", "Wildflower honey 12 x 340 g", 58_80, 6),
        new("FOD-NUT-10", "Roasted mixed nuts 10 x 500 g", 64_50, 8),
        new("FOD-CHP-24", "Kettle chips 24 x 150 g", 28_80, 20),
        new("FOD-SAL-12", "Artisan salsa 12 x 450 g", 39_00, 10),
    ];

    public static readonly IReadOnlyList<string> FirstNames =
    [
        "Ana", "Ben", "Carla", "David", "Elena", "Frank", "Grace", "Hector", "Irene", "James", "Keiko", "Luis",
        "Maria", "Nathan", "Olivia", "Priya", "Quentin", "Rosa", "Samuel", "Tara", "Umar", "Valerie", "Wei",
        "Ximena", "Yusuf", "Zoe", "Aaron", "Bianca", "Colin", "Deepa", "Ethan", "Fatima", "Gavin", "Hannah",
        "Ivan", "Julia", "Kevin", "Laura", "Marco", "Nina", "Omar", "Paula", "Rafael", "Sofia", "Tom", "Uma",
    ];

    public static readonly IReadOnlyList<string> LastNames =
    [
        "Alvarez", "Brennan", "Chen", "Delgado", "Evans", "Fischer", "Garcia", "Hughes", "Ibrahim", "Jensen",
        "Kowalski", "Lopez", "Murphy", "Nguyen", "O'Brien", "Patel", "Quinn", "Rossi", "Schmidt", "Tanaka",
        "Underwood", "Vargas", "Walsh", "Xu", "Young", "Zimmerman", "Baker", "Costa", "Dubois", "Fernandez",
        "Gupta", "Hansen", "Kim", "Larsen", "Moreau", "Novak", "Okafor", "Petrov", "Reyes", "Silva", "Thompson",
    ];

    public static readonly IReadOnlyList<string> Streets =
    [
        "Main Street", "Market Street", "Harbor Road", "Elm Avenue", "Oak Street", "Commerce Drive", "River Road",
        "Station Street", "Mill Lane", "Union Avenue", "Park Place", "Lakeview Drive", "Franklin Street",
        "Industrial Parkway", "Maple Avenue", "Broadway", "Cedar Lane", "Washington Street", "Church Street",
    ];

    /// <summary>Word pools for independent retailers' names, by channel.</summary>
    public static readonly IReadOnlyList<string> GrocerNames =
    [
        "Corner", "Village", "Hometown", "Green Valley", "Sunrise", "Harvest", "Old Mill", "Riverside", "Maple Leaf",
        "Hillside", "Golden Grain", "Fresh Fields", "Blue Door", "Red Barn", "Northside", "Eastgate", "Lakeshore",
        "Pine Ridge", "Cedar", "Meadowbrook", "Parkside", "Bayview", "Willow", "Stonebridge", "Orchard", "Prairie",
    ];

    public static readonly IReadOnlyList<string> GrocerSuffixes =
        ["Market", "Grocers", "Food Co.", "Provisions", "Pantry", "General Store", "Fine Foods", "Deli & Market", "Mercantile"];

    public static readonly IReadOnlyList<string> HospitalityNames =
    [
        "The Copper Kettle", "Saltwater Grill", "Olive & Ember", "The Gilded Fork", "Lantern House", "Wharf Street Kitchen",
        "The Driftwood Inn", "Juniper Bistro", "Harbor Lights Hotel", "Foxglove Cafe", "The Tin Cup", "Marigold Tavern",
        "Basil & Brine", "The Brass Anchor", "Rooftop 41", "Sage Table", "Ironwood Brewpub", "The Velvet Spoon",
    ];

    public static readonly IReadOnlyList<string> OnlineNames =
    [
        "PantryBox", "SnackCrate", "GoodGrocer Online", "FarmDrop", "CrateJoy Foods", "Sip & Savor Club", "Basketful",
        "TheGourmetCart", "DailyHarvest Direct", "Provisioned", "Nibble Post", "Cellar Door Online",
    ];

    public static readonly IReadOnlyList<string> SpecialtyNames =
    [
        "The Cheese Cellar", "Bottle & Bean", "Olive Branch Deli", "Wine Loft", "The Tea Caddy", "Spice Route",
        "Little Italy Imports", "The Daily Grind", "Cask & Crate", "Honeycomb Provisions", "Nordic Pantry",
    ];

    public static readonly IReadOnlyList<string> ConvenienceNames =
    [
        "QuickStop", "Gas & Go", "24/7 Mart", "Handy Corner", "Express Lane", "Depot Mini Mart", "Sunset Fuel & Food",
    ];

    public static readonly IReadOnlyList<string> DisputeReasons =
    [
        "Short delivery: 3 cases missing against the delivery note",
        "Price charged differs from the agreed promotion price",
        "Damaged goods on arrival (broken bottles)",
        "Invoice duplicates an earlier delivery",
        "Goods past their best before date on delivery",
        "Customer disputes the freight surcharge",
    ];

    public static readonly IReadOnlyList<string> CreditNoteReasons =
    [
        "Returned damaged goods",
        "Short delivery",
        "Pricing correction: promotion not applied",
        "Returned unsold seasonal stock",
        "Quality complaint settled",
    ];
}
