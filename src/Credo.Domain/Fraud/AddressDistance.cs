using Credo.Domain.Common;

namespace Credo.Domain.Fraud;

/// <summary>A point in decimal degrees (WGS 84). Distances are not money, so double is right here.</summary>
public readonly record struct GeoPoint(double Latitude, double Longitude);

/// <summary>
/// Signal "shipping-far-from-registered": the great-circle (haversine) distance between the registered and shipping
/// addresses, on a sphere of the mean Earth radius 6371.0088 km (error under 0.5% against the ellipsoid, fine for a
/// signal), raised when it exceeds the threshold. Geocoding the addresses is the caller's job.
/// </summary>
public static class AddressDistance
{
    public const string Code = "shipping-far-from-registered";

    public const double EarthRadiusKm = 6371.0088;

    public static Result<double> Kilometres(GeoPoint a, GeoPoint b)
    {
        if ((Invalid(a, "registered") ?? Invalid(b, "shipping")) is { } error)
        {
            return error;
        }

        static double Radians(double degrees) => degrees * Math.PI / 180.0;
        var dLat = Radians(b.Latitude - a.Latitude);
        var dLon = Radians(b.Longitude - a.Longitude);
        var h = (Math.Sin(dLat / 2) * Math.Sin(dLat / 2)) +
                (Math.Cos(Radians(a.Latitude)) * Math.Cos(Radians(b.Latitude)) * Math.Sin(dLon / 2) * Math.Sin(dLon / 2));
        return 2 * EarthRadiusKm * Math.Asin(Math.Min(1.0, Math.Sqrt(h)));
    }

    public static Result<FraudSignal> Check(GeoPoint registered, GeoPoint shipping, double thresholdKm)
    {
        var distance = Kilometres(registered, shipping);
        if (!distance.IsOk)
        {
            return distance.Error!;
        }

        var km = distance.Value;
        var evidence = $"Shipping address is {km:F1} km from the registered address (threshold {thresholdKm:F1} km).";
        return km > thresholdKm ? FraudSignal.Raised(Code, evidence) : FraudSignal.Clear(Code, evidence);
    }

    private static ValidationFailed? Invalid(GeoPoint p, string which) =>
        p.Latitude is < -90 or > 90 || double.IsNaN(p.Latitude) ? new ValidationFailed($"{which}.latitude", "Latitude must be between -90 and 90.")
        : p.Longitude is < -180 or > 180 || double.IsNaN(p.Longitude) ? new ValidationFailed($"{which}.longitude", "Longitude must be between -180 and 180.")
        : null;
}
