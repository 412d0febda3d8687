using System.Text.Json.Nodes;

namespace Credo.Web.Tests.ApplicationForms;

/// <summary>Complete answers to the default trade-credit template; the owner's name and birth date are personal data.</summary>
internal static class ApplicantAnswers
{
    public const string GuarantorName = "Siobhan Quill-Marchetti";
    public const string GuarantorBirthDate = "1979-04-23";

    public static JsonObject Complete(string legalName = "Harbour Tools Ltd") => JsonNode.Parse($$"""
    {
      "legalName": "{{legalName}}", "tradingName": "Harbour", "taxId": "IE6388047V", "incorporationDate": "2011-03-01",
      "incorporationPlace": "Dublin", "yearsInBusiness": "15", "annualRevenue": "1250000", "employees": "24",
      "website": "https://harbour.example", "phone": "+353 1 555 0100",
      "billingAddress": { "line1": "1 Quay St", "city": "Dublin", "postalCode": "D01 X2Y3", "country": "IE" },
      "shipToBilling": "yes",
      "bankName": "Bank of Ireland", "bankAccount": "IE29AIBK93115212345678",
      "tradeReferences": [
        { "company": "A Ltd", "email": "ap@a.example" }, { "company": "B Ltd", "email": "ap@b.example" }, { "company": "C Ltd", "email": "ap@c.example" }
      ],
      "owners": [ { "name": "{{GuarantorName}}", "role": "guarantor", "dateOfBirth": "{{GuarantorBirthDate}}", "guarantees": "yes", "nationalId": "PPS-7731554Q",
                    "homeAddress": { "line1": "4 Elm Rd", "city": "Cork", "postalCode": "T12 AB12", "country": "IE" } } ],
      "requestedLimit": "50000", "requestedTerms": "NET30", "bureauConsent": "true"
    }
    """)!.AsObject();

    public static byte[] Pdf() => "%PDF-1.7\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"u8.ToArray();
}
