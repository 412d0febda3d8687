using System.Globalization;
using System.Text;
using Credo.Domain.Fraud;

namespace Credo.Web.Features.Evidence;

/// <summary>
/// A small bundled table of city centroids (country + city name) standing in for a geocoder, so the
/// shipping-far-from-registered check can run for common cities. An address whose city is not in the table cannot be
/// placed, and the check is then reported as not run (the fact is absent), never as clear. Replace with a real geocoder
/// by implementing the same lookup.
/// </summary>
internal static class Places
{
    private static readonly Dictionary<(string Country, string City), GeoPoint> Centroids = Build(
        """
        US,New York,40.7128,-74.0060
        US,Los Angeles,34.0522,-118.2437
        US,Chicago,41.8781,-87.6298
        US,Houston,29.7604,-95.3698
        US,Phoenix,33.4484,-112.0740
        US,Philadelphia,39.9526,-75.1652
        US,San Antonio,29.4241,-98.4936
        US,San Diego,32.7157,-117.1611
        US,Dallas,32.7767,-96.7970
        US,San Francisco,37.7749,-122.4194
        US,Seattle,47.6062,-122.3321
        US,Boston,42.3601,-71.0589
        US,Miami,25.7617,-80.1918
        US,Atlanta,33.7490,-84.3880
        US,Denver,39.7392,-104.9903
        US,Newark,40.7357,-74.1724
        US,Jersey City,40.7178,-74.0431
        US,Minneapolis,44.9778,-93.2650
        US,Detroit,42.3314,-83.0458
        US,Portland,45.5152,-122.6784
        GB,London,51.5074,-0.1278
        GB,Manchester,53.4808,-2.2426
        GB,Birmingham,52.4862,-1.8904
        GB,Leeds,53.8008,-1.5491
        GB,Glasgow,55.8642,-4.2518
        GB,Edinburgh,55.9533,-3.1883
        GB,Bristol,51.4545,-2.5879
        GB,Liverpool,53.4084,-2.9916
        IE,Dublin,53.3498,-6.2603
        IE,Cork,51.8985,-8.4756
        FR,Paris,48.8566,2.3522
        FR,Lyon,45.7640,4.8357
        FR,Marseille,43.2965,5.3698
        FR,Toulouse,43.6047,1.4442
        FR,Lille,50.6292,3.0573
        FR,Bordeaux,44.8378,-0.5792
        DE,Berlin,52.5200,13.4050
        DE,Hamburg,53.5511,9.9937
        DE,Munich,48.1351,11.5820
        DE,München,48.1351,11.5820
        DE,Cologne,50.9375,6.9603
        DE,Köln,50.9375,6.9603
        DE,Frankfurt,50.1109,8.6821
        DE,Frankfurt am Main,50.1109,8.6821
        DE,Stuttgart,48.7758,9.1829
        DE,Düsseldorf,51.2277,6.7735
        NL,Amsterdam,52.3676,4.9041
        NL,Rotterdam,51.9244,4.4777
        NL,The Hague,52.0705,4.3007
        NL,Utrecht,52.0907,5.1214
        NL,Eindhoven,51.4416,5.4697
        BE,Brussels,50.8503,4.3517
        BE,Antwerp,51.2194,4.4025
        BE,Ghent,51.0543,3.7174
        ES,Madrid,40.4168,-3.7038
        ES,Barcelona,41.3874,2.1686
        ES,Valencia,39.4699,-0.3763
        ES,Seville,37.3891,-5.9845
        IT,Rome,41.9028,12.4964
        IT,Roma,41.9028,12.4964
        IT,Milan,45.4642,9.1900
        IT,Milano,45.4642,9.1900
        IT,Naples,40.8518,14.2681
        IT,Turin,45.0703,7.6869
        AT,Vienna,48.2082,16.3738
        AT,Wien,48.2082,16.3738
        AT,Graz,47.0707,15.4395
        PL,Warsaw,52.2297,21.0122
        PL,Warszawa,52.2297,21.0122
        PL,Kraków,50.0647,19.9450
        PL,Krakow,50.0647,19.9450
        PT,Lisbon,38.7223,-9.1393
        PT,Porto,41.1579,-8.6291
        CH,Zurich,47.3769,8.5417
        CH,Zürich,47.3769,8.5417
        CH,Geneva,46.2044,6.1432
        SE,Stockholm,59.3293,18.0686
        DK,Copenhagen,55.6761,12.5683
        NO,Oslo,59.9139,10.7522
        FI,Helsinki,60.1699,24.9384
        CA,Toronto,43.6532,-79.3832
        CA,Montreal,45.5017,-73.5673
        CA,Vancouver,49.2827,-123.1207
        AU,Sydney,-33.8688,151.2093
        AU,Melbourne,-37.8136,144.9631
        """);

    public static int Count => Centroids.Count;

    public static GeoPoint? Locate(string? country, string? city) =>
        string.IsNullOrWhiteSpace(country) || string.IsNullOrWhiteSpace(city)
            ? null
            : Centroids.TryGetValue((country.Trim().ToUpperInvariant(), Key(city)), out var p) ? p : null;

    private static string Key(string city) => string.Join(' ', city.Trim().ToLowerInvariant().Split(' ', StringSplitOptions.RemoveEmptyEntries)).Normalize(NormalizationForm.FormC);

    private static Dictionary<(string, string), GeoPoint> Build(string table)
    {
        var result = new Dictionary<(string, string), GeoPoint>();
        foreach (var line in table.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var cells = line.Split(',');
            result[(cells[0], Key(cells[1]))] = new GeoPoint(double.Parse(cells[2], CultureInfo.InvariantCulture), double.Parse(cells[3], CultureInfo.InvariantCulture));
        }

        return result;
    }
}
