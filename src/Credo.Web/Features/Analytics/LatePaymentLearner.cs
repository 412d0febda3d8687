using Credo.Domain.Analytics;
using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Trainers.FastTree;

namespace Credo.Web.Features.Analytics;

/// <summary>Hold-out scores of one way of predicting: AUC and Brier of the probability, MAE of the days late.</summary>
internal sealed record PredictionScores(double Auc, double Brier, double MaeDaysLate);

/// <summary>
/// What a trained model is and how good it was (shown in the UI as the model card): the rows and their issue dates, the
/// features, the hold-out scores of the model and of the two baselines, which outputs use the model (only those where it
/// beats both baselines), the spread of its pay-day errors (the interval), and the portfolio rates the baselines fall
/// back to. <see cref="Fallback"/> says in words why the baseline is used, when it is.
/// </summary>
internal sealed record ModelCard(
    int Rows, DateOnly? FirstIssuedOn, DateOnly? LastIssuedOn, int HoldOutRows, IReadOnlyList<string> Features,
    PredictionScores? Model, PredictionScores? PriorLateRate, PredictionScores? AverageDaysToPay,
    bool ModelForProbability, bool ModelForDays, string? Fallback,
    double ErrorP10, double ErrorP90, double PortfolioLateRate, double PortfolioDaysLate, double PortfolioDaysToPay);

/// <summary>
/// A prediction for one invoice: probability late and expected days beyond terms (signed), each saying whether the model
/// or the baseline gave it (the model is used per output, only where it beat the baselines).
/// </summary>
internal readonly record struct LatePrediction(double ProbabilityLate, double DaysBeyondTerms, bool ProbabilityFromModel, bool DaysFromModel)
{
    /// <summary>Whether either output came from the model.</summary>
    public bool FromModel => ProbabilityFromModel || DaysFromModel;
}

/// <summary>A trained model: the card and (unless it fell back) the two ML.NET transformers.</summary>
internal sealed record TrainedLateModel(ModelCard Card, ITransformer? Classifier, ITransformer? Regressor)
{
    public static readonly IReadOnlyList<string> FeatureNames =
    [
        "prior paid invoices", "prior late rate", "prior average days late", "prior average days to pay", "amount against the usual",
        "terms in days", "tenure in days", "open balance against the usual", "overdue balance against the usual", "prior disputes",
        "month of issue", "segment",
    ];
}

/// <summary>
/// The learner (issue 13 §5): two FastTree models over <see cref="LateFeatures"/>, a classifier for "paid late" and a
/// regression for days beyond terms. Deterministic for a seed (one thread, the seed given to ML.NET). Trained on the
/// first 80% of the rows by issue date (at most <see cref="MaxProbeRows"/> of them, the most recent), scored on the last
/// 20% beside the two baselines, then retrained on all rows;
/// each output uses the model only where it beat both baselines on the hold-out, and below
/// <see cref="LatePayment.MinimumHistory"/> paid invoices nothing is trained and the baselines are used.
/// </summary>
internal static class LatePaymentLearner
{
    /// <summary>
    /// The hold-out probe (the model scored against the baselines for the card) trains on at most this many of the most
    /// recent rows before the cut (issue 13 §9: at 1,000,000 paid invoices the probe was a third of the training's CPU).
    /// The comparison stays out-of-time; the final model still trains on every row.
    /// </summary>
    public const int MaxProbeRows = 200_000;

    public static TrainedLateModel Train(IReadOnlyList<LateExample> paid, int seed, int maxProbeRows = MaxProbeRows)
    {
        var ordered = paid.OrderBy(e => e.Invoice.IssuedOn).ThenBy(e => e.Invoice.Id).ToList();
        var rates = LatePayment.PortfolioRates(ordered);
        DateOnly? first = ordered.Count == 0 ? null : ordered[0].Invoice.IssuedOn;
        DateOnly? last = ordered.Count == 0 ? null : ordered[^1].Invoice.IssuedOn;
        if (ordered.Count < LatePayment.MinimumHistory)
        {
            return BaselineOnly(ordered, $"Only {ordered.Count} paid invoices: at least {LatePayment.MinimumHistory} are needed to train. The customers' own history (prior late rate, average days to pay) is used instead.");
        }

        var cut = ordered.Count * 4 / 5;
        var (trainPart, holdOut) = (ordered[Math.Max(0, cut - maxProbeRows)..cut], ordered[cut..]);
        var ml = new MLContext(seed);
        var (probe, probeRegressor) = Fit(ml, trainPart, seed);
        var probeModel = new TrainedLateModel(EmptyCard(rates), probe, probeRegressor);
        var predicted = Predict(probeModel, holdOut, forceModel: true);
        var modelScores = Score(holdOut, predicted.Select(p => (p.ProbabilityLate, Math.Max(0, p.DaysBeyondTerms))).ToList());
        var partRates = LatePayment.PortfolioRates(trainPart);
        var priorRate = Score(holdOut, [.. holdOut.Select(e => LatePayment.PriorLateRate(e.Features, partRates.LateRate, partRates.DaysLate))]);
        var daysToPay = Score(holdOut, [.. holdOut.Select(e => LatePayment.AverageDaysToPay(e.Features, partRates.DaysToPay))]);
        var forProbability = modelScores.Auc > priorRate.Auc && modelScores.Auc > daysToPay.Auc && modelScores.Brier < priorRate.Brier && modelScores.Brier < daysToPay.Brier;
        var forDays = modelScores.MaeDaysLate < priorRate.MaeDaysLate && modelScores.MaeDaysLate < daysToPay.MaeDaysLate;
        var residuals = holdOut.Zip(predicted, (e, p) => e.Invoice.DaysBeyondTerms!.Value - p.DaysBeyondTerms).ToList();
        var (classifier, regressor) = Fit(ml, ordered, seed);
        var fallback = forProbability && forDays ? null
            : !forProbability && !forDays ? "The model did not beat the baselines on the invoices held back from training: the customers' own history is used."
            : forProbability ? "The model's days late did not beat the baselines on the invoices held back from training: days late come from the customers' own history."
            : "The model's probability did not beat the baselines on the invoices held back from training: it comes from the customer's prior late rate.";
        return new TrainedLateModel(
            new ModelCard(
                ordered.Count, first, last, holdOut.Count, TrainedLateModel.FeatureNames, modelScores, priorRate, daysToPay, forProbability, forDays, fallback,
                Quantile(residuals, 0.1, -10), Quantile(residuals, 0.9, 15), rates.LateRate, rates.DaysLate, rates.DaysToPay),
            classifier,
            regressor);
    }

    /// <summary>No model: the baselines over <paramref name="paid"/>, with the reason in words.</summary>
    public static TrainedLateModel BaselineOnly(IReadOnlyList<LateExample> paid, string reason)
    {
        var rates = LatePayment.PortfolioRates(paid);
        var errors = paid.Select(e => e.Invoice.DaysBeyondTerms!.Value - Baseline(e.Features, rates).DaysBeyondTerms).ToList();
        var card = new ModelCard(
            paid.Count, paid.Count == 0 ? null : paid.Min(e => e.Invoice.IssuedOn), paid.Count == 0 ? null : paid.Max(e => e.Invoice.IssuedOn), 0,
            TrainedLateModel.FeatureNames, null, null, null, false, false, reason,
            Quantile(errors, 0.1, -10), Quantile(errors, 0.9, 15), rates.LateRate, rates.DaysLate, rates.DaysToPay);
        return new TrainedLateModel(card, null, null);
    }

    /// <summary>
    /// Predictions for <paramref name="rows"/>: the model's outputs where the card says it beat the baselines (or
    /// <paramref name="forceModel"/>), else the baselines: probability from the prior late rate, days from the average days to pay.
    /// </summary>
    public static IReadOnlyList<LatePrediction> Predict(TrainedLateModel model, IReadOnlyList<LateExample> rows, bool forceModel = false)
    {
        var card = model.Card;
        var rates = (card.PortfolioLateRate, card.PortfolioDaysLate, card.PortfolioDaysToPay);
        float[]? probability = null, days = null;
        if (model.Classifier is not null && model.Regressor is not null && rows.Count > 0)
        {
            var ml = new MLContext(0);
            var data = ml.Data.LoadFromEnumerable(rows.Select(r => Row(r)));
            if (forceModel || card.ModelForProbability)
            {
                probability = [.. ml.Data.CreateEnumerable<ClassOut>(model.Classifier.Transform(data), reuseRowObject: false).Select(o => o.Probability)];
            }

            if (forceModel || card.ModelForDays)
            {
                days = [.. ml.Data.CreateEnumerable<RegressionOut>(model.Regressor.Transform(data), reuseRowObject: false).Select(o => o.Score)];
            }
        }

        var result = new LatePrediction[rows.Count];
        for (var i = 0; i < rows.Count; i++)
        {
            var baseline = Baseline(rows[i].Features, rates);
            var p = probability is null ? LatePayment.PriorLateRate(rows[i].Features, rates.PortfolioLateRate, rates.PortfolioDaysLate).ProbabilityLate : probability[i];
            var d = days is null ? baseline.DaysBeyondTerms : days[i];
            result[i] = new LatePrediction(Math.Clamp(p, 0, 1), d, probability is not null, days is not null);
        }

        return result;
    }

    /// <summary>The baselines' signed days beyond terms: the customer's average days to pay minus the terms.</summary>
    private static (double ProbabilityLate, double DaysBeyondTerms) Baseline(LateFeatures f, (double LateRate, double DaysLate, double DaysToPay) rates) =>
        (LatePayment.PriorLateRate(f, rates.LateRate, rates.DaysLate).ProbabilityLate, (f.PriorPaid == 0 ? rates.DaysToPay : f.PriorDaysToPay) - f.TermsDays);

    public static PredictionScores Score(IReadOnlyList<LateExample> truth, IReadOnlyList<(double ProbabilityLate, double DaysLate)> predicted)
    {
        var late = truth.Select(e => e.Invoice.PaidLate).ToList();
        var actualDays = truth.Select(e => (double)Math.Max(0, e.Invoice.DaysBeyondTerms!.Value)).ToList();
        return new PredictionScores(
            ForecastScores.Auc([.. predicted.Zip(late, (p, l) => (p.ProbabilityLate, l))]),
            ForecastScores.Brier([.. predicted.Zip(late, (p, l) => (p.ProbabilityLate, l))]),
            ForecastScores.Mae([.. predicted.Zip(actualDays, (p, a) => (p.DaysLate, a))]));
    }

    public static byte[] Save(ITransformer? model, IReadOnlyList<LateExample> schemaRows)
    {
        if (model is null)
        {
            return [];
        }

        var ml = new MLContext(0);
        using var stream = new MemoryStream();
        ml.Model.Save(model, ml.Data.LoadFromEnumerable(schemaRows.Take(1).Select(r => Row(r))).Schema, stream);
        return stream.ToArray();
    }

    public static ITransformer? Load(byte[] bytes)
    {
        if (bytes.Length == 0)
        {
            return null;
        }

        using var stream = new MemoryStream(bytes);
        return new MLContext(0).Model.Load(stream, out _);
    }

    private static (ITransformer Classifier, ITransformer Regressor) Fit(MLContext ml, IReadOnlyList<LateExample> rows, int seed)
    {
        var data = ml.Data.LoadFromEnumerable(rows.Select(r => Row(r)));
        var features = ml.Transforms.Categorical.OneHotEncoding("SegmentCode", nameof(LateRow.Segment))
            .Append(ml.Transforms.Concatenate("Features", nameof(LateRow.Numbers), "SegmentCode"));
        var classifier = features.Append(ml.BinaryClassification.Trainers.FastTree(new FastTreeBinaryTrainer.Options
        {
            LabelColumnName = nameof(LateRow.Late), NumberOfTrees = 100, NumberOfLeaves = 16, MinimumExampleCountPerLeaf = 20, LearningRate = 0.1,
            NumberOfThreads = 1, Seed = seed,
        })).Fit(data);
        var regressor = features.Append(ml.Regression.Trainers.FastTree(new FastTreeRegressionTrainer.Options
        {
            LabelColumnName = nameof(LateRow.DaysBeyond), NumberOfTrees = 100, NumberOfLeaves = 16, MinimumExampleCountPerLeaf = 20, LearningRate = 0.1,
            NumberOfThreads = 1, Seed = seed,
        })).Fit(data);
        return (classifier, regressor);
    }

    private static LateRow Row(LateExample e)
    {
        var f = e.Features;
        static float Known(double value) => double.IsNaN(value) ? -1 : (float)value;
        return new LateRow
        {
            Late = e.Invoice.PaidLate,
            DaysBeyond = e.Invoice.DaysBeyondTerms is { } d ? Math.Clamp(d, -90, 365) : 0,
            Segment = f.Segment,
            Numbers =
            [
                f.PriorPaid, Known(f.PriorLateRate), Known(f.PriorDaysLate), Known(f.PriorDaysToPay), (float)f.AmountToUsual, f.TermsDays,
                f.TenureDays, (float)f.OpenToUsual, (float)f.OverdueToUsual, f.PriorDisputes, f.IssueMonth,
            ],
        };
    }

    private static ModelCard EmptyCard((double LateRate, double DaysLate, double DaysToPay) rates) =>
        new(0, null, null, 0, [], null, null, null, true, true, null, 0, 0, rates.LateRate, rates.DaysLate, rates.DaysToPay);

    private static double Quantile(IReadOnlyList<double> values, double q, double empty) =>
        values.Count == 0 ? empty : ForecastScores.Quantile(values, q);

    private sealed class LateRow
    {
        public bool Late { get; set; }

        public float DaysBeyond { get; set; }

        public string Segment { get; set; } = "";

        [VectorType(11)]
        public float[] Numbers { get; set; } = [];
    }

    private sealed class ClassOut
    {
        public float Probability { get; set; }
    }

    private sealed class RegressionOut
    {
        public float Score { get; set; }
    }
}
