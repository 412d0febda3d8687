namespace Credo.Domain.Policy;

/// <summary>
/// The policy a fresh install publishes, so that it decides from the first application: a scorecard over bureau,
/// payment history, financial statements, age and references; the least of the requested amount, 10% of revenue, the
/// bureau's suggestion and a quarter of net worth as the recommended limit; reviews quarterly, half-yearly and yearly
/// by risk class; four eyes above 50,000. Declines insolvency, an invalid tax id and distress with a poor bureau score;
/// refers fraud signals, judgments, high risk, thin evidence and existing customers who pay slowly; approves low and
/// medium risk. Every comparison on a missing fact refers (the engine fails closed).
/// The weights are chosen so that a new applicant, who has no payment history with us and usually sends its accounts
/// as a PDF (no figures yet), is still decidable: bureau, years in business, fraud checks and references make 70 of
/// the 100 points known (above the 60% "thin evidence" line) and at most 65 points, so such an applicant is at best
/// medium risk (reviewed in six months); payment history and entered statements are needed for low risk.
/// </summary>
public static class DefaultPolicy
{
    public const string Json = """
    {
      "scorecard": {
        "factors": [
          { "name": "bureauScore", "weight": 30, "bands": [
            { "from": null, "to": 30, "points": 0 }, { "from": 30, "to": 50, "points": 40 },
            { "from": 50, "to": 70, "points": 70 }, { "from": 70, "to": null, "points": 100 } ] },
          { "name": "paydex", "weight": 15, "bands": [
            { "from": null, "to": 50, "points": 0 }, { "from": 50, "to": 70, "points": 50 },
            { "from": 70, "to": 80, "points": 80 }, { "from": 80, "to": null, "points": 100 } ] },
          { "name": "altmanZ", "weight": 10, "bands": [
            { "from": null, "to": 1.1, "points": 0 }, { "from": 1.1, "to": 2.6, "points": 60 }, { "from": 2.6, "to": null, "points": 100 } ] },
          { "name": "yearsInBusiness", "weight": 20, "bands": [
            { "from": null, "to": 2, "points": 0 }, { "from": 2, "to": 5, "points": 50 },
            { "from": 5, "to": 10, "points": 80 }, { "from": 10, "to": null, "points": 100 } ] },
          { "name": "currentRatio", "weight": 5, "bands": [
            { "from": null, "to": 1, "points": 0 }, { "from": 1, "to": 1.5, "points": 60 }, { "from": 1.5, "to": null, "points": 100 } ] },
          { "name": "fraudSignalsRaised", "weight": 15, "bands": [
            { "from": null, "to": 1, "points": 100 }, { "from": 1, "to": null, "points": 0 } ] },
          { "name": "tradeReferencesAnswered", "weight": 5, "bands": [
            { "from": null, "to": 1, "points": 0 }, { "from": 1, "to": 2, "points": 50 }, { "from": 2, "to": null, "points": 100 } ] }
        ],
        "classes": [ { "riskClass": "high", "minScore": 0 }, { "riskClass": "medium", "minScore": 50 }, { "riskClass": "low", "minScore": 70 } ]
      },
      "limit": { "useRequested": true, "revenueShare": 0.1, "useBureauSuggestion": true, "netWorthMultiple": 0.25 },
      "reviewMonths": { "high": 3, "medium": 6, "low": 12 },
      "defaultTerms": "NET30",
      "fourEyesAbove": { "USD": 50000, "EUR": 50000, "GBP": 50000 },
      "rules": [
        { "name": "Insolvency on record", "when": [ { "fact": "bureauBankruptcy", "op": "=", "value": true } ],
          "then": { "outcome": "decline", "code": "insolvency", "text": "A bankruptcy or insolvency filing is on record." } },
        { "name": "Invalid tax id", "when": [ { "fact": "fraudTaxIdInvalid", "op": "=", "value": true } ],
          "then": { "outcome": "decline", "code": "tax-id-invalid", "text": "The tax identifier given is not valid." } },
        { "name": "Distress with a poor bureau score", "when": [ { "fact": "altmanZone", "op": "=", "value": "distress" }, { "fact": "bureauScore", "op": "<", "value": 30 } ],
          "then": { "outcome": "decline", "code": "financial-distress", "text": "The financial statements and the credit bureau both show distress." } },
        { "name": "Fraud signals", "when": [ { "fact": "fraudSignalsRaised", "op": ">=", "value": 1 } ],
          "then": { "outcome": "refer", "reason": "A fraud check raised a signal." } },
        { "name": "Open judgments", "when": [ { "fact": "bureauJudgments", "op": ">", "value": 0 } ],
          "then": { "outcome": "refer", "reason": "Open judgments or liens on the bureau file." } },
        { "name": "High risk", "when": [ { "fact": "riskClass", "op": "=", "value": "high" } ],
          "then": { "outcome": "refer", "reason": "The scorecard puts the applicant in the high risk class." } },
        { "name": "Thin evidence", "when": [ { "fact": "scoreConfidence", "op": "<", "value": 0.6 } ],
          "then": { "outcome": "refer", "reason": "Less than 60% of the scorecard's evidence is known." } },
        { "name": "Slow payer", "when": [ { "fact": "isExistingCustomer", "op": "=", "value": true }, { "anyOf": [ { "fact": "paydex", "op": "<", "value": 50 }, { "fact": "averageDaysDelinquent", "op": ">", "value": 30 } ] } ],
          "then": { "outcome": "refer", "reason": "The customer pays well beyond terms." } },
        { "name": "Returned payments", "when": [ { "fact": "isExistingCustomer", "op": "=", "value": true }, { "fact": "returnedPayments", "op": ">=", "value": 2 } ],
          "then": { "outcome": "refer", "reason": "Two or more payments were returned in the last 12 months." } },
        { "name": "Low or medium risk", "when": [ { "fact": "riskClass", "op": "in", "values": [ "low", "medium" ] }, { "fact": "bureauBankruptcy", "op": "=", "value": false } ],
          "then": { "outcome": "approve", "limit": "recommended", "terms": null, "reviewMonths": null } }
      ]
    }
    """;

    public static PolicyDefinition Definition { get; } = PolicyJson.Parse(Json).Value
        ?? throw new InvalidOperationException("The default policy does not parse.");
}
