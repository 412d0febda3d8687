using System.Globalization;

namespace Credo.Domain.Tests.Matching;

/// <summary>
/// Reads wolph/mt940's expected transactions from its YAML dumps (Python objects): for each transaction of the
/// top-level <c>transactions:</c> list, its signed amount, currency and value date. A line reader, because the
/// dump's shape is fixed and a YAML library would still not know the Python tags.
/// </summary>
internal static class ExpectedTransactions
{
    public sealed record Expected(string Amount, string Currency, DateOnly? Date);

    public static List<Expected> Read(string path)
    {
        var lines = File.ReadAllLines(path);
        var result = new List<Expected>();
        var start = Array.FindIndex(lines, l => l.StartsWith("transactions:", StringComparison.Ordinal));
        if (start < 0)
        {
            return result;
        }

        string? amount = null, currency = null;
        DateOnly? date = null;
        var inTransaction = false;
        for (var i = start + 1; i < lines.Length; i++)
        {
            var line = lines[i];
            if (line.StartsWith("- ", StringComparison.Ordinal))
            {
                Flush();
                inTransaction = line.Contains("mt940.models.Transaction", StringComparison.Ordinal);
                continue;
            }

            if (!inTransaction)
            {
                continue;
            }

            if (line == "    amount: !!python/object:mt940.models.Amount" && lines[i + 2].TrimStart().StartsWith("- '", StringComparison.Ordinal))
            {
                amount = lines[i + 2].Trim()[3..^1];
                currency = lines[i + 3].Trim().StartsWith("currency:", StringComparison.Ordinal) ? lines[i + 3].Trim()[9..].Trim() : null;
            }
            else if (line == "    date: !!python/object/apply:mt940.models.Date" && lines[i + 1].Trim() == "- !!binary |")
            {
                var bytes = Convert.FromBase64String(lines[i + 2].Trim());
                date = new DateOnly((bytes[0] * 256) + bytes[1], bytes[2], bytes[3]);
            }
        }

        Flush();
        return result;

        void Flush()
        {
            if (inTransaction && amount is not null)
            {
                result.Add(new Expected(amount, currency ?? "", date));
            }

            amount = null;
            currency = null;
            date = null;
        }
    }

    /// <summary>The same decimal as text, without trailing zeros, so that "-7260" equals "-7260.00".</summary>
    public static string Canonical(decimal value) => value.ToString("0.############", CultureInfo.InvariantCulture);
}
