namespace Credo.Domain.Applications;

/// <summary>The complete default template (key <c>trade-credit</c>) seeded when a database has none.</summary>
public static class TradeCreditTemplate
{
    public const string Key = "trade-credit";

    private static readonly ChoiceOption[] YesNo = [new("yes", "Yes"), new("no", "No")];

    public static TemplateDefinition Definition(string currency = "USD") => new()
    {
        Title = "Trade credit application",
        Introduction = "Apply for an account on credit terms. It takes about 15 minutes; you can save and come back at any time from the link we email you.",
        Currency = currency,
        TermsText = "Invoices are payable within the agreed terms. Overdue amounts may carry interest at the statutory rate and the account may be put on hold. " +
                    "Credit limits are reviewed periodically and may be changed or withdrawn at our discretion.",
        ConsentText = "I confirm that the information given is true and complete, that I am authorised to apply on behalf of the business, and I consent to " +
                      "credit reference checks on the business and on the owners and guarantors named, and to the trade and bank references being contacted.",
        Sections =
        [
            new("company", "Your business",
            [
                new() { Key = "legalName", Label = "Legal name", Kind = FieldKind.Text, Required = true, MaxLength = 200, Column = ApplicationColumn.LegalName },
                new() { Key = "tradingName", Label = "Trading name", Kind = FieldKind.Text, MaxLength = 200, Column = ApplicationColumn.TradingName, Help = "If different from the legal name." },
                new() { Key = "taxId", Label = "Tax id (VAT or EIN)", Kind = FieldKind.Text, Required = true, MaxLength = 64, Column = ApplicationColumn.TaxId },
                new() { Key = "incorporationDate", Label = "Date of incorporation", Kind = FieldKind.Date, Required = true, NotInFuture = true },
                new() { Key = "incorporationPlace", Label = "Place of incorporation", Kind = FieldKind.Text, Required = true, MaxLength = 200 },
                new() { Key = "yearsInBusiness", Label = "Years in business", Kind = FieldKind.Number, Required = true, Integer = true, Min = 0, Max = 300 },
                new() { Key = "annualRevenue", Label = "Annual revenue", Kind = FieldKind.Money, Required = true, Min = 0 },
                new() { Key = "employees", Label = "Number of employees", Kind = FieldKind.Number, Integer = true, Min = 0, Max = 10_000_000 },
                new()
                {
                    Key = "website", Label = "Website", Kind = FieldKind.Text, MaxLength = 200, Column = ApplicationColumn.Website,
                    Pattern = @"https?://[^\s/$.?#][^\s]*", PatternMessage = "start with http:// or https://.",
                },
                new() { Key = "phone", Label = "Business phone", Kind = FieldKind.Phone, Required = true, Column = ApplicationColumn.Phone },
            ]),
            new("addresses", "Addresses",
            [
                new() { Key = "billingAddress", Label = "Registered and billing address", Kind = FieldKind.Address, Required = true, Column = ApplicationColumn.Country },
                new() { Key = "shipToBilling", Label = "Do we deliver to the billing address?", Kind = FieldKind.Choice, Required = true, Options = YesNo },
                new()
                {
                    Key = "shippingAddress", Label = "Shipping address", Kind = FieldKind.Address, Required = true,
                    VisibleWhen = new Condition("shipToBilling", ["no"]),
                },
            ]),
            new("bank", "Bank reference",
            [
                new() { Key = "bankName", Label = "Bank name", Kind = FieldKind.Text, Required = true, MaxLength = 200 },
                new() { Key = "bankAccount", Label = "Account number or IBAN", Kind = FieldKind.Text, Required = true, MaxLength = 64 },
                new() { Key = "bankContactEmail", Label = "Bank contact email", Kind = FieldKind.Email, Help = "We will ask your bank for a reference." },
            ]),
            new("tradeReferences", "Trade references",
            [
                new()
                {
                    Key = "tradeReferences", Label = "Trade references", Kind = FieldKind.Group, Required = true, MinItems = 3, MaxItems = 5,
                    Help = "Three suppliers who give you credit today.",
                    Fields =
                    [
                        new() { Key = "company", Label = "Company", Kind = FieldKind.Text, Required = true, MaxLength = 200 },
                        new() { Key = "contactName", Label = "Contact name", Kind = FieldKind.Text, MaxLength = 200 },
                        new() { Key = "email", Label = "Contact email", Kind = FieldKind.Email, Required = true },
                        new() { Key = "phone", Label = "Contact phone", Kind = FieldKind.Phone },
                        new() { Key = "creditLimit", Label = "Credit limit they give you", Kind = FieldKind.Money, Min = 0 },
                    ],
                },
            ]),
            new("owners", "Owners and guarantors",
            [
                new()
                {
                    Key = "owners", Label = "Owners, directors and guarantors", Kind = FieldKind.Group, Required = true, MinItems = 1, MaxItems = 4,
                    Help = "Their personal data is encrypted and only seen by the credit team.",
                    Fields =
                    [
                        new() { Key = "name", Label = "Full name", Kind = FieldKind.Text, Required = true, MaxLength = 200, Sensitive = true },
                        new()
                        {
                            Key = "role", Label = "Role", Kind = FieldKind.Choice, Required = true,
                            Options = [new("owner", "Owner"), new("director", "Director"), new("guarantor", "Personal guarantor")],
                        },
                        new() { Key = "ownershipPercent", Label = "Ownership (%)", Kind = FieldKind.Number, Min = 0, Max = 100 },
                        new() { Key = "dateOfBirth", Label = "Date of birth", Kind = FieldKind.Date, Required = true, NotInFuture = true, Sensitive = true },
                        new() { Key = "homeAddress", Label = "Home address", Kind = FieldKind.Address, Required = true, Sensitive = true },
                        new() { Key = "nationalId", Label = "National id or passport number", Kind = FieldKind.Text, MaxLength = 64, Sensitive = true },
                        new() { Key = "guarantees", Label = "Gives a personal guarantee?", Kind = FieldKind.Choice, Required = true, Options = YesNo },
                    ],
                },
            ]),
            new("request", "Your request",
            [
                new() { Key = "requestedLimit", Label = "Credit limit requested", Kind = FieldKind.Money, Required = true, Min = 1, Column = ApplicationColumn.RequestedLimit },
                new()
                {
                    Key = "requestedTerms", Label = "Payment terms requested", Kind = FieldKind.Choice, Required = true, Column = ApplicationColumn.RequestedTerms,
                    Options = [new("NET30", "30 days"), new("NET45", "45 days"), new("NET60", "60 days"), new("EOM+30", "30 days after end of month")],
                },
                new() { Key = "monthlyPurchases", Label = "Expected monthly purchases", Kind = FieldKind.Money, Min = 0 },
            ]),
            new("documents", "Documents",
            [
                new()
                {
                    Key = "financialStatements", Label = "Latest financial statements", Kind = FieldKind.File, Required = true, Accept = ["pdf", "png", "jpeg"],
                    Help = "PDF, PNG or JPEG, up to 10 MB each.",
                },
                new() { Key = "bureauConsent", Label = "I agree to a credit bureau check on the business", Kind = FieldKind.Consent, Required = true },
            ]),
        ],
    };
}
