using System.CommandLine;
using System.Globalization;
using System.Text;
using Credo.Web.Features.Analytics;

namespace Credo.Web.Cli;

/// <summary>
/// <c>predictions train [--seed N]</c>, <c>predictions evaluate --cutoff DATE [--seed N]</c> and
/// <c>predictions export --as-of DATE [--out FILE]</c>: the late-payment model (issue 13 §5).
/// </summary>
internal static class PredictionsVerb
{
    public static Command Build()
    {
        var seed = new Option<int?>("--seed") { Description = "Training seed (default Analytics:PredictionSeed); same seed and history, same model." };
        var train = new Command("train", "Train the late-payment model on the paid history as of today and store it as the next version.") { seed };
        train.SetAction(async (parse, ct) =>
        {
            var app = await CredoCli.HostAsync();
            using var scope = app.Services.CreateScope();
            var card = await scope.ServiceProvider.GetRequiredService<TrainPredictions>().Handle(parse.GetValue(seed), null, ct);
            Console.WriteLine($"Model version {card.Version}, seed {card.Seed}: {card.Card.Rows:N0} paid invoices issued {card.Card.FirstIssuedOn:yyyy-MM-dd} to {card.Card.LastIssuedOn:yyyy-MM-dd}.");
            PrintScores(card.Card.HoldOutRows, "hold-out invoices", card.Card.Model, card.Card.PriorLateRate, card.Card.AverageDaysToPay);
            Console.WriteLine(card.Card.Fallback ?? "The model beat both baselines on the hold-out: its predictions are used.");
            return 0;
        });

        var cutoff = new Option<DateOnly>("--cutoff") { Description = "Train on what was known before this day; score the invoices issued on or after it.", Required = true };
        var evaluate = new Command("evaluate", "Honest evaluation: AUC, Brier and MAE of days late of the model beside the two baselines.") { cutoff, seed };
        evaluate.SetAction(async (parse, ct) =>
        {
            var app = await CredoCli.HostAsync();
            using var scope = app.Services.CreateScope();
            var result = await scope.ServiceProvider.GetRequiredService<EvaluatePredictions>().Handle(parse.GetValue(cutoff), parse.GetValue(seed), ct);
            if (!result.IsOk)
            {
                return CredoCli.Fail(result.Error!.Message);
            }

            var r = result.Value!;
            Console.WriteLine($"Trained on {r.TrainRows:N0} invoices issued before {r.Cutoff:yyyy-MM-dd} and paid by then; scored {r.TestRows:N0} invoices issued from {r.Cutoff:yyyy-MM-dd} and paid by {r.AsOf:yyyy-MM-dd}.");
            PrintScores(r.TestRows, "invoices after the cutoff", r.Model, r.PriorLateRate, r.AverageDaysToPay);
            if (r.Card.Fallback is { } why)
            {
                Console.WriteLine(why);
            }

            return 0;
        });

        var asOf = new Option<DateOnly?>("--as-of") { Description = "Score the invoices open on this day (default today)." };
        var output = new Option<FileInfo?>("--out") { Description = "Write the CSV here (default: standard output)." };
        var export = new Command("export", "CSV of the open invoices' predictions: invoice, customer, probabilityLate, expectedDaysLate, expectedPayDate.") { asOf, output };
        export.SetAction(async (parse, ct) =>
        {
            var app = await CredoCli.HostAsync();
            using var scope = app.Services.CreateScope();
            var report = await scope.ServiceProvider.GetRequiredService<GetPredictions>().Handle(parse.GetValue(asOf), null, ct);
            var file = parse.GetValue(output);
            await using var stream = file is null ? Console.OpenStandardOutput() : file.Create();
            await PredictionsCsv.Write(stream, report, ct);
            if (report.Fallback is { } why)
            {
                Console.Error.WriteLine(why);
            }

            return 0;
        });
        return new Command("predictions", "Late-payment prediction per open invoice.") { train, evaluate, export };
    }

    private static void PrintScores(int rows, string what, PredictionScores? model, PredictionScores? prior, PredictionScores? daysToPay)
    {
        if (model is null || prior is null || daysToPay is null)
        {
            return;
        }

        Console.WriteLine($"Scored on {rows:N0} {what}:");
        Console.WriteLine($"  {"",-34}{"AUC",8}{"Brier",8}{"MAE days late",15}");
        foreach (var (name, s) in new[] { ("model", model), ("baseline: prior late rate", prior), ("baseline: average days to pay", daysToPay) })
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {name,-34}{s.Auc,8:F3}{s.Brier,8:F3}{s.MaeDaysLate,15:F1}"));
        }
    }
}

/// <summary>The predictions CSV: <c>invoice,customer,probabilityLate,expectedDaysLate,expectedPayDate</c> plus the interval and where each output came from (model or baseline).</summary>
internal static class PredictionsCsv
{
    public static async Task Write(Stream stream, PredictionsReport report, CancellationToken ct)
    {
        var text = new StringBuilder("invoice,customer,probabilityLate,expectedDaysLate,expectedPayDate,payDateLow,payDateHigh,probabilitySource,daysLateSource\n");
        foreach (var p in report.Invoices)
        {
            text.Append(CultureInfo.InvariantCulture, $"{Quote(p.Invoice)},{Quote(p.Customer)},{p.ProbabilityLate:0.####},{p.ExpectedDaysLate:0.#},{p.ExpectedPayDate:yyyy-MM-dd},{p.PayDateLow:yyyy-MM-dd},{p.PayDateHigh:yyyy-MM-dd},{p.ProbabilitySource},{p.DaysLateSource}\n");
        }

        await stream.WriteAsync(Encoding.UTF8.GetBytes(text.ToString()), ct);
    }

    private static string Quote(string value) => value.IndexOfAny([',', '"', '\n', '\r']) < 0 ? value : $"\"{value.Replace("\"", "\"\"", StringComparison.Ordinal)}\"";
}
